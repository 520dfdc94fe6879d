import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applyBaseline, BaselineError, loadBaseline, parseBaseline } from "../../src/engine.ts";
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
        parseBaseline(JSON.stringify({ entries }), "baseline.json"),
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

describe("loadBaseline", () => {
  const dir = mkdtempSync(join(tmpdir(), "contract-baseline-"));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };

  it("reads the committed default baseline", () => {
    expect(loadBaseline(new URL("../../baseline.json", import.meta.url).pathname)).toEqual({ entries: [] });
  });

  // [name, file content (undefined: no file), error code, message fragment]
  const failures: [string, string | undefined, string, string][] = [
    ["a missing file", undefined, "baseline-unreadable", "cannot be read: ENOENT"],
    ["a file that is not JSON", "{ entries: [", "baseline-not-json", "is not valid JSON"],
    ["no entries array", "{}", "baseline-invalid", "the top level must have required property 'entries'"],
    [
      "an entry without a reason",
      JSON.stringify({ entries: [{ ...entry, reason: undefined, expires: "2026-12-31" }] }),
      "baseline-invalid",
      "/entries/0 must have required property 'reason'",
    ],
    [
      "a date that is not YYYY-MM-DD",
      JSON.stringify({ entries: [{ ...entry, expires: "31/12/2026" }] }),
      "baseline-invalid",
      '/entries/0/expires must match format "date"',
    ],
    [
      "an unknown rule",
      JSON.stringify({ entries: [{ ...entry, rule: "schema-typo", expires: "2026-12-31" }] }),
      "baseline-invalid",
      "/entries/0/rule must be equal to one of the allowed values (undocumented-status,",
    ],
  ];
  for (const [name, content, code, message] of failures) {
    it(`refuses ${name} with a one-line ${code} error`, () => {
      const path = content === undefined ? join(dir, "absent.json") : file(`${code}.json`, content);
      const error = (() => {
        try {
          loadBaseline(path);
        } catch (caught) {
          return caught;
        }
      })();
      expect(error).toBeInstanceOf(BaselineError);
      expect(error).toMatchObject({ code });
      expect((error as Error).message).toContain(message);
      expect((error as Error).message).toContain(path);
      expect((error as Error).message).not.toContain("\n");
    });
  }
});
