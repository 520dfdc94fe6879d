/**
 * SARIF logs built from findings shaped like a contract run's: they validate
 * against the SARIF 2.1.0 schema, each result sits on the line of the node it
 * names, levels follow severities, partialFingerprints do not move between two
 * runs of the same drift, and grouping gives one result per node and rule
 * family with the operations as related locations.
 */
import type { Severity } from "@impersonation-registry/findings";
import { describe, expect, it } from "vitest";
import { specLocator } from "../src/locate.ts";
import type { SarifLog, SarifResult } from "../src/log.ts";
import { buildSarif, FINGERPRINT_KEY, type SarifFinding, type SarifOptions } from "../src/sarif.ts";
import { sarifSchemaErrors } from "../src/validate.ts";
import { CONTRACT_CASES } from "./cases.ts";
import { contractRun, RULES, reportFinding, toSarifFinding } from "./findings.ts";
import { misplacedLocations } from "./placement.ts";
import { expectKeyOnLine, keyOf, SPEC_PATH, SPEC_TEXT } from "./spec-text.ts";

const OPTIONS: SarifOptions = {
  tool: {
    name: "impersonation-registry-contract",
    version: "0.1.0",
    informationUri: "https://example.com/contract",
  },
  rules: RULES,
  spec: { path: SPEC_PATH, text: SPEC_TEXT },
};
/** `schema-type`, `compare-type`, `observed-type-changed` → `type`: one kind of drift. */
const family = (rule: string) => rule.replace(/^(schema|compare|observed)-/, "").replace(/-changed$/, "");
const locator = specLocator(SPEC_TEXT);
const results = (log: SarifLog): SarifResult[] => log.runs.flatMap((run) => run.results);

/** The location the builder wrote, in the locator's terms, for the line check. */
function writtenLocation(result: SarifResult) {
  const { region, artifactLocation } = result.locations[0].physicalLocation;
  expect(artifactLocation.uri).toBe(SPEC_PATH);
  const yamlPath = result.properties.yamlPath as string;
  return {
    line: region.startLine,
    column: region.startColumn,
    endLine: region.endLine,
    endColumn: region.endColumn,
    yamlPath,
    key: keyOf(yamlPath) ?? "",
  };
}

describe("a contract run as SARIF", () => {
  const run = contractRun("run-7");
  const logs: [string, SarifLog][] = [
    ["one result per finding", buildSarif(run, OPTIONS)],
    [
      "one result per node and family",
      buildSarif(run, { ...OPTIONS, category: "sandbox", group: { family } }),
    ],
    ["one result per node and rule", buildSarif(run, { ...OPTIONS, group: {} })],
    ["no finding", buildSarif([], OPTIONS)],
  ];
  for (const [name, log] of logs) {
    it(`${name}: valid SARIF 2.1.0, every result on the line of its node`, () => {
      expect(sarifSchemaErrors(log)).toEqual([]);
      for (const result of results(log)) expectKeyOnLine(writtenLocation(result));
    });
  }

  it("misplacedLocations (the apps' check, ./testing) finds none in them, and names a location moved a line", () => {
    for (const [, log] of logs) expect(misplacedLocations(log, SPEC_TEXT, SPEC_PATH)).toEqual([]);
    const grouped = structuredClone(logs[1]?.[1] as SarifLog);
    const [result] = results(grouped);
    if (!result?.relatedLocations?.[0]) throw new Error("no grouped result with related locations");
    result.locations[0].physicalLocation.region.startLine += 1;
    result.relatedLocations[0].physicalLocation.region.startLine -= 1;
    expect(misplacedLocations(grouped, SPEC_TEXT, SPEC_PATH)).toEqual([
      expect.stringMatching(new RegExp(`^${result.ruleId}: .* said to start at`)),
      expect.stringMatching(new RegExp(`^${result.ruleId}: related location .* is not`)),
    ]);
    expect(misplacedLocations(logs[0]?.[1] as SarifLog, SPEC_TEXT, "another.yaml")).toContain(
      `${results(logs[0]?.[1] as SarifLog)[0]?.ruleId}: in ${SPEC_PATH}`,
    );
  });

  it("one result per finding, each at its case's node, with the run's properties", () => {
    const written = results(buildSarif(run, OPTIONS));
    expect(written).toHaveLength(CONTRACT_CASES.length);
    for (const [i, result] of written.entries()) {
      const { rule, target, yamlPath } = CONTRACT_CASES[i] as (typeof CONTRACT_CASES)[number];
      const finding = run[i] as SarifFinding;
      expect(result.ruleId).toBe(rule);
      expect(result.properties).toMatchObject({
        yamlPath,
        operation: target.operation,
        pointer: target.pointer,
        target: finding.target,
        runId: "run-7",
        firstSeen: { runId: "run-1", at: "2026-12-01T02:00:00.000Z" },
        seenInRuns: 3,
        curl: expect.stringContaining("$CLOUDFLARE_API_TOKEN"),
      });
      expect(result.message.text).toBe(finding.message);
      expect(RULES[result.ruleIndex]?.id).toBe(rule);
    }
  });

  it("the tool's rules are the rules table, in its order, with help text", () => {
    const withHelp = RULES.map((rule, i) => (i === 0 ? { ...rule, help: "How to fix it." } : rule));
    const { rules } = buildSarif([], { ...OPTIONS, rules: withHelp }).runs[0]?.tool.driver ?? { rules: [] };
    expect(rules.map((rule) => rule.id)).toEqual(RULES.map((rule) => rule.id));
    expect(rules[0]?.help.text).toBe("How to fix it.");
    expect(rules[1]?.help.text).toBe(RULES[1]?.title);
    expect(rules.every((rule, i) => rule.shortDescription.text === RULES[i]?.title)).toBe(true);
  });

  it("a locator made from the spec's text gives the same log as the text itself", () => {
    const withLocator = { ...OPTIONS, spec: { path: SPEC_PATH, locator } };
    for (const group of [undefined, { family }]) {
      expect(buildSarif(run, { ...withLocator, group })).toEqual(buildSarif(run, { ...OPTIONS, group }));
    }
  });

  it("a finding of a rule the table does not have is refused in one line", () => {
    const stray = { ...(run[0] as SarifFinding), rule: "no-such-rule" };
    expect(() => buildSarif([stray], OPTIONS)).toThrow(
      /^a finding of rule "no-such-rule", which the rules table/,
    );
  });
});

describe("levels follow severities", () => {
  const cases: [Severity, "error" | "warning" | "note"][] = [
    ["breaking", "error"],
    ["additive", "warning"],
    ["info", "note"],
  ];
  for (const [severity, level] of cases) {
    it(`${severity} → ${level}, for a result and a rule's default`, () => {
      const at = { operation: "getEntry", status: 200, pointer: "/result/name" };
      const finding = { ...toSarifFinding(reportFinding("schema-type", at, "sandbox"), "r"), severity };
      const rules = [{ id: "schema-type", severity, title: "t" }];
      const log = buildSarif([finding], { ...OPTIONS, rules });
      expect(results(log)[0]?.level).toBe(level);
      expect(log.runs[0]?.tool.driver.rules[0]?.defaultConfiguration.level).toBe(level);
      const grouped = buildSarif([finding], { ...OPTIONS, rules, group: {} });
      expect(results(grouped)[0]?.level).toBe(level);
    });
  }
});

describe("partialFingerprints: the same drift in two runs, a different drift apart", () => {
  // The second run: another id, other values, the findings in another order.
  const first = contractRun("run-7", "string");
  const second = contractRun("run-8", "number").reverse();
  /** What a result is about, whichever run wrote it. */
  const byPlace = (log: SarifLog) =>
    new Map(
      results(log).map((r) => {
        const { yamlPath, missing, family: kind, operation, target, pointer } = r.properties;
        return [
          JSON.stringify([r.ruleId, yamlPath, missing, kind, operation, target, pointer]),
          r.partialFingerprints,
        ];
      }),
    );
  const cases: [string, SarifOptions][] = [
    ["per finding", OPTIONS],
    ["grouped", { ...OPTIONS, group: { family } }],
  ];
  for (const [name, options] of cases) {
    it(`${name}: each result keeps its fingerprints; no two results share one`, () => {
      const [a, b] = [buildSarif(first, options), buildSarif(second, options)];
      const [placesA, placesB] = [byPlace(a), byPlace(b)];
      expect(placesA.size).toBe(results(a).length);
      for (const [place, prints] of placesA) {
        expect(placesB.get(place)).toEqual(prints);
        expect(prints[FINGERPRINT_KEY]).toMatch(/^[0-9a-f]{16}$/);
        expect(prints.primaryLocationLineHash).toBe(prints[FINGERPRINT_KEY]);
      }
      const prints = results(a).map((r) => r.partialFingerprints[FINGERPRINT_KEY]);
      expect(new Set(prints).size).toBe(prints.length);
    });
  }
  it("per finding: the finding's own fingerprint", () => {
    expect(results(buildSarif(first, OPTIONS)).map((r) => r.partialFingerprints[FINGERPRINT_KEY])).toEqual(
      first.map((f) => f.fingerprint),
    );
  });
});

describe("one drift, one headline: is_email_regex sent as a string", () => {
  // Four operations × (the spec rule on the sandbox, the comparison with the mock), as the issue counts them.
  const drift = [
    ["listEntries", "/result/*/is_email_regex"],
    ["getEntry", "/result/is_email_regex"],
    ["createEntry", "/result/is_email_regex"],
    ["updateEntry", "/result/is_email_regex"],
  ].flatMap(([operation, pointer]) =>
    (
      [
        ["schema-type", "sandbox"],
        ["compare-type", "mock↔sandbox"],
      ] as const
    ).map(([rule, target]) =>
      toSarifFinding(
        reportFinding(
          rule,
          { operation: operation as string, status: 200, pointer: pointer as string },
          target,
        ),
        "r",
      ),
    ),
  );
  const unrelated = contractRun("r").filter((f) => f.rule === "schema-nullable");

  it("grouped by family: one error result on the property, the four operations related and linked", () => {
    const log = buildSarif([...unrelated, ...drift], { ...OPTIONS, group: { family } });
    expect(sarifSchemaErrors(log)).toEqual([]);
    const headline = results(log).find((r) => r.properties.family === "type") as SarifResult;
    expect(results(log)).toHaveLength(2);
    expect(headline).toMatchObject({
      ruleId: "schema-type",
      level: "error",
      properties: {
        yamlPath: "/components/schemas/ImpersonationRegistryEntry/properties/is_email_regex",
        operations: ["listEntries", "getEntry", "createEntry", "updateEntry"],
        targets: ["sandbox", "mock↔sandbox"],
      },
    });
    // The rows beneath it: each finding with its own fingerprint and properties.
    expect(headline.properties.findings).toEqual(
      drift.map((f) => ({
        rule: f.rule,
        fingerprint: f.fingerprint,
        ...f.properties,
        operation: f.operation,
        pointer: f.pointer,
        target: f.target,
      })),
    );
    expect(headline.message.text).toMatch(/^is_email_regex: .* — 4 operations, 2 targets, 8 findings/);
    for (const [i, related] of (headline.relatedLocations ?? []).entries()) {
      const operation = ["listEntries", "getEntry", "createEntry", "updateEntry"][i] as string;
      const expected = locator.operation(operation);
      expect(related.physicalLocation.region.startLine).toBe(expected.line);
      expect(related.message?.text).toBe(operation);
      expect(headline.message.text).toContain(`[${operation}](${related.id})`);
      expectKeyOnLine({ ...expected });
    }
  });

  it("each rule its own family by default: one result per rule on the same node", () => {
    const log = buildSarif(drift, { ...OPTIONS, group: {} });
    expect(
      results(log).map((r) => [r.ruleId, r.properties.yamlPath, (r.properties.findings as unknown[]).length]),
    ).toEqual([
      ["schema-type", "/components/schemas/ImpersonationRegistryEntry/properties/is_email_regex", 4],
      ["compare-type", "/components/schemas/ImpersonationRegistryEntry/properties/is_email_regex", 4],
    ]);
  });

  it("the lead's headline, when given", () => {
    const log = buildSarif(drift, {
      ...OPTIONS,
      group: { family, headline: (group) => `${group.location.key}: string where the spec says boolean` },
    });
    expect(results(log)[0]?.message.text).toMatch(
      /^is_email_regex: string where the spec says boolean \(\[listEntries\]\(1\)/,
    );
  });

  it("undocumented fields are one node each, not one per schema", () => {
    const fields = ["full_name", "nickname"].flatMap((field) =>
      ["listEntries", "getEntry"].map((operation) =>
        toSarifFinding(
          reportFinding(
            "undocumented-field",
            {
              operation,
              status: 200,
              pointer: operation === "listEntries" ? `/result/*/${field}` : `/result/${field}`,
            },
            "sandbox",
          ),
          "r",
        ),
      ),
    );
    const log = buildSarif(fields, { ...OPTIONS, group: {} });
    expect(results(log).map((r) => [r.properties.missing, r.properties.operations])).toEqual([
      ["/full_name", ["listEntries", "getEntry"]],
      ["/nickname", ["listEntries", "getEntry"]],
    ]);
  });
});
