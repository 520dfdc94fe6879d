import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { BaselineError } from "@impersonation-registry/engine";
import { describe, expect, it } from "vitest";
import { loadBaseline } from "../../src/cli/read-baseline.ts";

const entry = {
  rule: "schema-type",
  operation: "listEntries",
  pointer: "/result/*/name",
  reason: "ticket 42",
};

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
