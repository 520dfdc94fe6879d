import { describe, expect, it } from "vitest";
import { applyBaseline, parseBaseline, SPEC_RULES } from "../src/index.ts";
import { engineBeforeEol, fixture } from "./helpers.ts";

const NOW = new Date("2026-11-27T12:00:00Z");
const findings = engineBeforeEol.check(fixture("schema-type.trigger"));
const entry = {
  rule: "schema-type",
  operation: "listEntries",
  pointer: "/result/*/name",
  reason: "ticket 42",
};

describe("applyBaseline", () => {
  // [name, baseline entries, accepted?, expired count]
  const cases: [string, object[], boolean, number][] = [
    ["an unexpired matching entry accepts the finding", [{ ...entry, expires: "2026-12-31" }], true, 0],
    ["an entry is still valid on its expiry day", [{ ...entry, expires: "2026-11-27" }], true, 0],
    [
      "an entry for the finding's target accepts it",
      [{ ...entry, target: "sandbox", expires: "2026-12-31" }],
      true,
      0,
    ],
    ["an entry for another target does not", [{ ...entry, target: "live", expires: "2026-12-31" }], false, 0],
    [
      "an entry for another pointer does not",
      [{ ...entry, pointer: "/result/*/email", expires: "2026-12-31" }],
      false,
      0,
    ],
    ["an expired entry accepts nothing and is reported", [{ ...entry, expires: "2026-11-26" }], false, 1],
  ];
  for (const [name, entries, accepted, expired] of cases) {
    it(name, () => {
      const outcome = applyBaseline(
        findings,
        parseBaseline(
          JSON.stringify({ entries }),
          "baseline.json",
          SPEC_RULES.map((rule) => rule.id),
        ),
        NOW,
      );
      expect(outcome.findings.map((f) => f.accepted !== undefined)).toEqual([accepted]);
      expect(outcome.expired).toHaveLength(expired);
    });
  }

  it("reports an expired entry's fields, and unexpired entries that matched nothing", () => {
    const stale = { ...entry, operation: "getEntry", expires: "2027-01-01" };
    const outcome = applyBaseline(findings, { entries: [{ ...entry, expires: "2026-01-01" }, stale] }, NOW);
    expect(outcome.expired).toEqual([{ ...entry, expires: "2026-01-01" }]);
    expect(outcome.unused).toEqual([stale]);
  });

  it("records the reason and expiry on the accepted finding", () => {
    const outcome = applyBaseline(findings, { entries: [{ ...entry, expires: "2026-12-31" }] }, NOW);
    expect(outcome.findings[0]?.accepted).toEqual({ reason: "ticket 42", expires: "2026-12-31" });
  });
});
