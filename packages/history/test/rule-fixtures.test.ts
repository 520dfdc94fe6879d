/**
 * Each observed rule against its two recorded fixtures — a target's earlier
 * runs and its observations in the run being judged, judged by every observed
 * rule at once: the trigger yields exactly that rule's finding (severity and
 * pointer pinned), the clean one yields none. A meta-test keeps the table and
 * the fixture directory in step.
 */
import { readdirSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { judgeObserved, OBSERVED_RULES } from "../src/index.ts";
import { FIXTURES, fixture } from "./helpers.ts";

type ObservedRuleId = (typeof OBSERVED_RULES)[number]["id"];

function judge(name: string) {
  const { target, earlier, current } = fixture(name);
  return judgeObserved(OBSERVED_RULES, current, [target], () => earlier).map(
    ({ rule, severity, pointer }) => ({ rule, severity, pointer }),
  );
}

// [rule, expected severity, expected pointer]
const cases: [ObservedRuleId, string, string][] = [
  ["observed-field-vanished", "breaking", "/result/*/modified_at"],
  ["observed-type-changed", "breaking", "/result/is_email_regex"],
  ["observed-status-changed", "breaking", "/status"],
  ["observed-error-code-changed", "additive", "/errors/*/code"],
  ["observed-enum-value-new", "info", "/result/provenance"],
  ["latency-regression", "additive", "/duration"],
];

describe("every observed rule has a fixture that triggers it and one that does not", () => {
  for (const [rule, severity, pointer] of cases) {
    it(`${rule}: the trigger fixture yields exactly that finding`, () => {
      expect(judge(`${rule}.trigger`)).toEqual([{ rule, severity, pointer }]);
    });
    it(`${rule}: the clean fixture yields nothing`, () => {
      expect(judge(`${rule}.clean`)).toEqual([]);
    });
  }
});

describe("the observed rules table", () => {
  const ids = OBSERVED_RULES.map((rule) => rule.id);

  it("and the fixture directory match: a trigger and a clean fixture per rule, no stray fixture", () => {
    const names = readdirSync(FIXTURES).map((file) => file.replace(/\.json$/, ""));
    expect(names.sort()).toEqual(ids.flatMap((id) => [`${id}.clean`, `${id}.trigger`]).sort());
  });

  it("and the test cases match, with the table's severity", () => {
    expect(cases.map(([rule]) => rule).sort()).toEqual([...ids].sort());
    for (const [rule, severity] of cases)
      expect(severity).toBe(OBSERVED_RULES.find((r) => r.id === rule)?.severity);
  });
});
