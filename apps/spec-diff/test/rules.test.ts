/**
 * One fixture pair per rule (fixtures/rules/<rule>.yaml): the trigger must yield
 * exactly the expected findings of that rule, the near miss none of it.
 */
import { readdir, readFile } from "node:fs/promises";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { RULES } from "../src/index.ts";
import { diffPatches, fixtures, type Patch } from "./patch.ts";

interface RuleFixture {
  triggers: { before?: Patch[]; after: Patch[]; expect: { operation: string; pointer: string }[] };
  ignores: { before?: Patch[]; after: Patch[] };
}

const rulesDir = `${fixtures}rules/`;
const fixtureFiles = (await readdir(rulesDir)).filter((file) => file.endsWith(".yaml"));

async function fixture(rule: string): Promise<RuleFixture> {
  return parse(await readFile(`${rulesDir}${rule}.yaml`, "utf8"));
}

describe("rules table", () => {
  it("has one fixture per rule and no fixture without a rule", () => {
    const ids = RULES.map((rule) => rule.id).sort();
    expect(fixtureFiles.map((file) => file.replace(/\.yaml$/, "")).sort()).toEqual(ids);
  });

  it("is documented row by row in the README", async () => {
    const readme = await readFile(new URL("../README.md", import.meta.url), "utf8");
    const documented = [...readme.matchAll(/^\| `([a-z-]+)` \| (\w+) \|/gm)].map(([, id, severity]) => ({
      id,
      severity,
    }));
    expect(documented).toEqual(RULES.map(({ id, severity }) => ({ id, severity })));
  });

  it("has unique kebab-case ids, each with a one-line title", () => {
    expect(new Set(RULES.map((rule) => rule.id)).size).toBe(RULES.length);
    for (const rule of RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.title).toMatch(/^[A-Z].*\.$/);
    }
  });
});

describe.each(RULES.map((rule) => [rule.id, rule.severity] as const))("%s", (id, severity) => {
  it("triggers on its fixture with the exact operation and pointer", async () => {
    const { triggers } = await fixture(id);
    const findings = await diffPatches(triggers.before, triggers.after);
    const mine = findings.filter((finding) => finding.rule === id);
    expect(mine.map(({ operation, pointer }) => ({ operation, pointer }))).toEqual(triggers.expect);
    for (const finding of mine) expect(finding.severity).toBe(severity);
  });

  it("does not trigger on its near miss", async () => {
    const { ignores } = await fixture(id);
    const findings = await diffPatches(ignores.before, ignores.after);
    expect(findings.filter((finding) => finding.rule === id)).toEqual([]);
  });
});
