import { spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { indexSpec } from "../src/index.ts";

const index = indexSpec(spec);

describe("the spec index resolves a status to its documented response", () => {
  // [operation, status, documented response key (undefined: undocumented)]
  const cases: [string, number, string | undefined][] = [
    ["getEntry", 200, "200"],
    ["getEntry", 429, "429"],
    ["getEntry", 404, "4XX"],
    ["createEntry", 422, "4XX"],
    ["deleteEntry", 503, "5XX"],
    ["listEntries", 302, undefined],
    ["listEntries", 201, undefined],
  ];
  for (const [operation, status, key] of cases) {
    it(`${operation} ${status} → ${key ?? "undocumented"}`, () => {
      expect(index.response(operation, status)?.key).toBe(key);
    });
  }

  it("lists each documented response's media types and headers, lower-case", () => {
    const rateLimited = index.response("listEntries", 429);
    expect(rateLimited?.mediaTypes).toEqual(["application/json"]);
    expect(rateLimited?.headers.map((h) => [h.name, h.required])).toEqual([
      ["cf-ray", true],
      ["retry-after", true],
      ["ratelimit", true],
      ["ratelimit-policy", true],
    ]);
  });

  it("compiles each distinct schema once: every operation's error envelope shares one validator", () => {
    const validators = new Set(
      ["listEntries", "createEntry", "getEntry", "updateEntry", "deleteEntry"].map(
        (op) => index.response(op, 400)?.validate,
      ),
    );
    expect(validators.size).toBe(1);
  });

  it("refuses an operation the spec does not have", () => {
    expect(() => index.response("renameEntry", 200)).toThrow('operation "renameEntry" is not in the spec');
  });
});
