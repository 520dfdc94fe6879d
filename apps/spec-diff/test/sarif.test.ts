/**
 * spec:diff on GitHub: the CLI (a subprocess, in a throwaway repository holding
 * the real spec) on a breaking edit of the YAML — the shared entry's
 * `is_email_regex` becomes a string, `per_page`'s maximum drops — writes
 * reports/spec-diff/report.sarif, valid SARIF 2.1.0 whose every location starts
 * at the node it names; with GITHUB_ACTIONS=true the breaking changes are also
 * workflow commands on stdout, on the lines that changed, and without it none.
 */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import type { SarifLog } from "@impersonation-registry/sarif";
import { misplacedLocations, workflowCommandsIn } from "@impersonation-registry/sarif/testing";
import { sarifSchemaErrors } from "@impersonation-registry/sarif/validate";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { SARIF_PATH } from "../src/cli.ts";
import { RULES } from "../src/rules.ts";
import { SARIF_CATEGORY } from "../src/sarif.ts";
import { type TempRepo, tempRepo } from "./git-repo.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const SPEC = "openapi/impersonation-registry.yaml";
const ORIGINAL = readFileSync(fileURLToPath(new URL(`../../../${SPEC}`, import.meta.url)), "utf8");

/** One edit of the spec's text: the first `from` after `after` becomes `to`. */
function edit(text: string, after: string, from: string, to: string): string {
  const start = text.indexOf(after);
  const at = start < 0 ? -1 : text.indexOf(from, start);
  if (at < 0)
    throw new Error(`the spec no longer has ${JSON.stringify(from)} after ${JSON.stringify(after)}`);
  return `${text.slice(0, at)}${to}${text.slice(at + from.length)}`;
}

const EDITED = edit(
  edit(
    ORIGINAL,
    "    ImpersonationRegistryEntry:",
    "is_email_regex:\n          type: boolean",
    "is_email_regex:\n          type: string",
  ),
  "name: per_page",
  "maximum: 1000",
  "maximum: 500",
);
const lines = EDITED.split("\n");

function run(repo: TempRepo, env: Record<string, string>) {
  const result = spawnSync(process.execPath, [cli, "--base", "HEAD", "--format", "md", "--fail-on", "none"], {
    cwd: repo.dir,
    encoding: "utf8",
    env: { PATH: process.env.PATH ?? "", ...env },
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

let repo: TempRepo;
let inCi: ReturnType<typeof run>;
let sarif: SarifLog;

beforeAll(() => {
  repo = tempRepo({ [SPEC]: ORIGINAL });
  repo.write({ [SPEC]: EDITED });
  inCi = run(repo, { GITHUB_ACTIONS: "true" });
  sarif = JSON.parse(readFileSync(join(repo.dir, SARIF_PATH), "utf8"));
});
afterAll(() => repo?.remove());

describe("spec:diff's report.sarif", () => {
  it("is valid SARIF 2.1.0 of spec:diff's own rules and category", () => {
    expect(inCi.status, inCi.stderr).toBe(0);
    expect(sarifSchemaErrors(sarif)).toEqual([]);
    const [run] = sarif.runs;
    expect(run?.tool.driver.rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(run?.automationDetails).toEqual({ id: SARIF_CATEGORY });
  });

  it("puts every result on the node it names in the working copy's spec", () => {
    expect(sarif.runs[0]?.results.length).toBeGreaterThan(0);
    expect(misplacedLocations(sarif, EDITED, SPEC)).toEqual([]);
  });

  it("gives the shared property's type change one result, its four operations related", () => {
    const typeChanged = sarif.runs[0]?.results.filter((result) => result.ruleId === "type-changed") ?? [];
    expect(typeChanged).toHaveLength(1);
    expect(typeChanged[0]?.properties.yamlPath).toBe(
      "/components/schemas/ImpersonationRegistryEntry/properties/is_email_regex/type",
    );
    expect(typeChanged[0]?.relatedLocations?.map((related) => related.message?.text).sort()).toEqual([
      "createEntry",
      "getEntry",
      "listEntries",
      "updateEntry",
    ]);
  });
});

describe("annotations", () => {
  it("with GITHUB_ACTIONS=true: one ::error per breaking node, on the line that changed", () => {
    const parsed = workflowCommandsIn(inCi.stdout);
    expect(parsed.map(({ level, file, title }) => [level, file, title]).sort()).toEqual([
      ["error", SPEC, "request-maximum-decreased"],
      ["error", SPEC, "type-changed"],
    ]);
    const at = (title: string) => parsed.find((annotation) => annotation.title === title)?.line ?? 0;
    // The lines as the working copy has them: the type under is_email_regex, per_page's maximum.
    expect(lines[at("type-changed") - 1]?.trim()).toBe("type: string");
    expect(lines[at("type-changed") - 2]?.trim()).toBe("is_email_regex:");
    expect(lines[at("request-maximum-decreased") - 1]?.trim()).toBe("maximum: 500");
    expect(parsed.find((annotation) => annotation.title === "type-changed")?.message).toMatch(
      /^type: boolean → string in 4 operations: A schema type \(or its composition\) changed\. \(listEntries, /,
    );
  });

  it("without it: no workflow command, and the same report.sarif", () => {
    const plain = run(repo, {});
    expect(plain.status, plain.stderr).toBe(0);
    expect(workflowCommandsIn(plain.stdout)).toEqual([]);
    expect(JSON.parse(readFileSync(join(repo.dir, SARIF_PATH), "utf8"))).toEqual(sarif);
  });
});
