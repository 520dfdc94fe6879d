/**
 * Each rule of the registry against its two recorded fixtures: the trigger
 * yields exactly that rule's finding (severity and pointer pinned), the clean
 * one yields no finding at all (observed rules: the history package's tests);
 * a request rule's fixtures are judged by the engine's
 * checkRequest (what the proxy runs on what a consumer sent). A meta-test keeps
 * the registry and the fixture directory in step.
 */
import { describe, expect, it } from "vitest";
import { SPEC_RULES, type SpecRuleId } from "../src/index.ts";
import { specRule } from "../src/rules.ts";
import { engineAfterEol, engineBeforeEol, essentials, fixture, fixtureNames, type Pair } from "./helpers.ts";

type Engine = typeof engineBeforeEol;

// [rule, engine the fixtures are judged with, expected severity, expected pointer]
const cases: [SpecRuleId, Engine, string, string][] = [
  ["undocumented-status", engineBeforeEol, "breaking", "/status"],
  ["server-error", engineBeforeEol, "breaking", "/status"],
  ["content-type", engineBeforeEol, "breaking", "/headers/content-type"],
  ["invalid-json", engineBeforeEol, "breaking", ""],
  ["envelope-success", engineBeforeEol, "breaking", "/success"],
  ["envelope-errors", engineBeforeEol, "breaking", "/errors"],
  ["envelope-result", engineBeforeEol, "breaking", "/result"],
  ["schema-required", engineBeforeEol, "breaking", "/messages"],
  ["schema-type", engineBeforeEol, "breaking", "/result/*/name"],
  ["schema-nullable", engineBeforeEol, "breaking", "/result/email"],
  ["schema-enum", engineBeforeEol, "breaking", "/result/provenance"],
  ["schema-format", engineBeforeEol, "breaking", "/result/created_at"],
  ["schema-constraint", engineBeforeEol, "breaking", "/result/name"],
  ["undocumented-field", engineBeforeEol, "additive", "/result/*/full_name"],
  ["deprecated-past-eol", engineAfterEol, "info", "/result/last_modified"],
  ["deprecated-removed-early", engineBeforeEol, "breaking", "/result/last_modified"],
  ["missing-header", engineBeforeEol, "breaking", "/headers/cf-ray"],
  ["header-schema", engineBeforeEol, "breaking", "/headers/cf-ray"],
  ["request-invalid", engineBeforeEol, "breaking", "/body/is_email_regex"],
  ["compare-status", engineBeforeEol, "info", "/status"],
  ["compare-key", engineBeforeEol, "additive", "/result/full_name"],
  ["compare-type", engineBeforeEol, "breaking", "/result/directory_id"],
  ["compare-nullability", engineBeforeEol, "info", "/result/comments"],
  ["compare-header", engineBeforeEol, "breaking", "/headers/cf-ray"],
];

function run(engine: Engine, rule: SpecRuleId, name: string) {
  const pair = fixture<Pair>(name);
  if ("a" in pair) return engine.compare(pair.a, pair.b);
  return specRule(rule).scope === "request"
    ? engine.checkRequest(fixture(name))
    : engine.check(fixture(name));
}

describe("every rule has a fixture that triggers it and one that does not", () => {
  for (const [rule, engine, severity, pointer] of cases) {
    it(`${rule}: the trigger fixture yields exactly that finding`, () => {
      expect(essentials(run(engine, rule, `${rule}.trigger`))).toEqual([{ rule, severity, pointer }]);
    });
    it(`${rule}: the clean fixture yields nothing`, () => {
      expect(run(engine, rule, `${rule}.clean`)).toEqual([]);
    });
  }
});

describe("the rules table", () => {
  const ids = SPEC_RULES.map((rule) => rule.id);

  it("and the fixture directory match: a trigger and a clean fixture per rule, no stray fixture", () => {
    const expected = ids.flatMap((id) => [`${id}.clean`, `${id}.trigger`]).sort();
    expect(fixtureNames().sort()).toEqual(expected);
  });

  it("and the test cases match, with the table's severity for single-target rules", () => {
    expect(cases.map(([rule]) => rule).sort()).toEqual([...ids].sort());
    for (const [rule, , severity] of cases) {
      const definition = SPEC_RULES.find((r) => r.id === rule);
      if (definition?.scope !== "comparison") expect(severity, rule).toBe(definition?.severity);
    }
  });

  it("has unique kebab-case ids, each with a one-line explanation", () => {
    expect(new Set(ids).size).toBe(ids.length);
    for (const rule of SPEC_RULES) {
      expect(rule.id).toMatch(/^[a-z]+(-[a-z]+)*$/);
      expect(rule.title).toMatch(/^\S.*\.$/);
      expect(rule.title).not.toContain("\n");
    }
  });
});
