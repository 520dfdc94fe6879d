/** The README names every scenario and every rule, and documents every option of --help. */
import { readFileSync } from "node:fs";
import { OBSERVED_RULES } from "@impersonation-registry/history";
import { spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { HELP } from "../../src/cli/help.ts";
import { RULES } from "../../src/rules.ts";
import { buildScenarios } from "../../src/scenarios/index.ts";
import { MATRIX } from "../runner/drift-matrix.ts";

const readme = readFileSync(new URL("../../README.md", import.meta.url), "utf8");

describe("README", () => {
  it("has a row for every scenario and every rule", () => {
    for (const scenario of buildScenarios(spec)) expect(readme).toContain(`| \`${scenario.name}\` |`);
    for (const rule of RULES) expect(readme).toContain(`| \`${rule.id}\` | ${rule.severity}`);
  });

  it("agrees with the drift matrix: a row per profile, and the same profiles pass a default run", () => {
    const rows = new Map(
      [...readme.matchAll(/^\| `([a-z-]+)` \| (.+) \|$/gm)].map((match) => [match[1], match[2] as string]),
    );
    for (const [profile, caught] of Object.entries(MATRIX)) {
      const row = rows.get(profile);
      expect(row, profile).toBeDefined();
      const passes = caught?.some((c) => "passesBecause" in c) ?? false;
      expect(row?.startsWith("**passes**"), profile).toBe(passes);
      for (const c of caught ?? [])
        if ("step" in c && c.step !== undefined) expect(row, profile).toContain(c.step.split(" › ")[0]);
    }
  });

  it("the observed rules' table says, per rule, the sources it judges and the evidence it needs, as the rows do", () => {
    for (const rule of OBSERVED_RULES)
      expect(readme).toContain(
        `| \`${rule.id}\` | ${rule.severity} | ${rule.sources.join(", ")} | ${rule.evidence} |`,
      );
  });

  it("documents every option --help lists", () => {
    const options = [...HELP.matchAll(/^\s+(--[a-z-]+)/gm)].map((match) => match[1] as string);
    expect(options.length).toBeGreaterThan(8);
    for (const option of options) expect(readme).toContain(option);
  });
});
