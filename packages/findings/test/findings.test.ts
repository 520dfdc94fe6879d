import { describe, expect, it } from "vitest";
import {
  decodePointer,
  dedupeFindings,
  encodePointer,
  type Finding,
  isAtLeast,
  parseSeverity,
  type Severity,
  stableHash,
  suggestedBump,
  wildcardIndexes,
} from "../src/index.ts";

const finding = (over: Partial<Finding>): Finding => ({
  rule: "schema-type",
  severity: "breaking",
  operation: "getEntry",
  pointer: "/result/name",
  expected: "string",
  observed: "number",
  ...over,
});

describe("severity", () => {
  const cases: [Severity, Severity, boolean][] = [
    ["breaking", "breaking", true],
    ["breaking", "info", true],
    ["additive", "breaking", false],
    ["info", "additive", false],
    ["info", "info", true],
  ];
  for (const [severity, threshold, want] of cases) {
    it(`${severity} at least ${threshold}: ${want}`, () => {
      expect(isAtLeast(severity, threshold)).toBe(want);
    });
  }
  it("parses only known severities", () => {
    expect(parseSeverity("additive")).toBe("additive");
    expect(parseSeverity("major")).toBeUndefined();
  });
});

describe("wildcardIndexes", () => {
  const cases: [string, string][] = [
    ["/result/3/name", "/result/*/name"],
    ["/result/0", "/result/*"],
    ["/errors/10/source/pointer", "/errors/*/source/pointer"],
    ["/result/name2", "/result/name2"],
    ["", ""],
  ];
  for (const [given, want] of cases) {
    it(`${given || "(root)"} → ${want || "(root)"}`, () => {
      expect(wildcardIndexes(given)).toBe(want);
    });
  }
});

describe("decodePointer and encodePointer (RFC 6901)", () => {
  const cases: [string, string[]][] = [
    ["", []],
    ["/result/*/name", ["result", "*", "name"]],
    ["/paths/~1accounts~1{account_id}/get", ["paths", "/accounts/{account_id}", "get"]],
    ["/content/application~1json", ["content", "application/json"]],
    ["/a~0b/~01", ["a~b", "~1"]],
    ["/", [""]],
  ];
  for (const [pointer, segments] of cases) {
    it(`${pointer || "(root)"} ↔ ${JSON.stringify(segments)}`, () => {
      expect(decodePointer(pointer)).toEqual(segments);
      expect(encodePointer(segments)).toBe(pointer);
    });
  }
});

describe("dedupeFindings", () => {
  it("keeps one finding per rule, operation and pointer", () => {
    const found = dedupeFindings([
      finding({}),
      finding({ observed: "boolean" }),
      finding({ operation: "listEntries" }),
    ]);
    expect(found.map((f) => [f.operation, f.observed])).toEqual([
      ["getEntry", "number"],
      ["listEntries", "number"],
    ]);
  });
  it("can key on more fields", () => {
    const found = dedupeFindings([finding({}), finding({ observed: "boolean" })], (f) => String(f.observed));
    expect(found).toHaveLength(2);
  });
});

describe("suggestedBump", () => {
  const cases: [Severity[], string][] = [
    [[], "none"],
    [["info"], "patch"],
    [["info", "additive"], "minor"],
    [["additive", "breaking", "info"], "major"],
  ];
  for (const [severities, want] of cases) {
    it(`[${severities.join(", ")}] → ${want}`, () => {
      expect(suggestedBump(severities.map((severity) => ({ severity })))).toBe(want);
    });
  }
});

/** `printf '["a",1]' | sha256sum`: computed outside the code under test. */
const SHA256_OF_A_1 = "135f17a475a61afdeeaf3759ad2e45ad1c7abb192395abe47e41fc8e395dc1a9";

describe("stableHash", () => {
  it("is SHA-256 of the parts' JSON, cut to the length asked (16 by default)", () => {
    expect(stableHash(["a", 1], 64)).toBe(SHA256_OF_A_1);
    expect(stableHash(["a", 1])).toBe(SHA256_OF_A_1.slice(0, 16));
    expect(stableHash(["a", 1], 12)).toBe(SHA256_OF_A_1.slice(0, 12));
  });
  const different: [unknown[], unknown[]][] = [
    [
      ["a", "b"],
      ["b", "a"],
    ],
    [["ab"], ["a", "b"]],
    [["1"], [1]],
  ];
  for (const [a, b] of different) {
    it(`${JSON.stringify(a)} and ${JSON.stringify(b)} differ`, () => {
      expect(stableHash(a)).not.toBe(stableHash(b));
    });
  }
});
