/** What the history keeps of a response: pointers, types, presence, enum-like values — and only final attempts. */

import type { Exchange, StepResult } from "@impersonation-registry/engine";
import { describe, expect, it } from "vitest";
import { identifierLike, observe, shapeOf } from "../src/index.ts";
import { presence } from "../src/shape.ts";

describe("shapeOf", () => {
  it("lists every pointer with its types, list items merged under *", () => {
    const shape = shapeOf({
      success: true,
      result: [
        { id: 1, comments: null },
        { id: 2, comments: "x" },
      ],
    });
    expect(Object.keys(shape)).toEqual([
      "",
      "/result",
      "/result/*",
      "/result/*/comments",
      "/result/*/id",
      "/success",
    ]);
    expect(shape["/result/*/comments"]?.types).toEqual(["null", "string"]);
    expect(shape["/result/*/id"]).toEqual({ types: ["number"] });
  });

  it("marks a key that only some items have as partial", () => {
    const shape = shapeOf({ result: [{ a: 1, b: 1 }, { a: 2 }] });
    expect(shape["/result/*/a"]?.partial).toBeUndefined();
    expect(shape["/result/*/b"]?.partial).toBe(true);
  });

  // [what, strings at one pointer, values kept]
  const values: [string, string[], string[] | undefined][] = [
    [
      "short words",
      ["A1S_INTERNAL", "SNOOPY-OFFICE_365", "A1S_INTERNAL"],
      ["A1S_INTERNAL", "SNOOPY-OFFICE_365"],
    ],
    [
      "19 distinct",
      Array.from({ length: 19 }, (_, i) => `v${i}`),
      Array.from({ length: 19 }, (_, i) => `v${i}`).sort(),
    ],
    ["20 distinct: too many", Array.from({ length: 20 }, (_, i) => `v${i}`), undefined],
    ["one longer than 64 chars", ["low", "x".repeat(65)], undefined],
    ["a run-id marker", ["John Doe", "contract-test 20261127T101145Z-6d30de lifecycle"], undefined],
    ["an email", ["a@example.com"], undefined],
    ["a timestamp", ["2026-03-02T09:15:27.104Z"], undefined],
    ["a uuid", ["f174e90a-fafe-4643-bbbc-4a0ed4fc8415"], undefined],
  ];
  for (const [what, strings, kept] of values) {
    it(`values: ${what}`, () => {
      const shape = shapeOf({ result: strings.map((name) => ({ name })) });
      expect(shape["/result/*/name"]?.values).toEqual(kept);
    });
  }

  it("has nothing for a body that was not JSON", () => {
    expect(shapeOf(undefined)).toEqual({});
  });
});

describe("identifierLike", () => {
  const cases: [string, boolean][] = [
    ["A1S_INTERNAL", false],
    ["SNOOPY-OFFICE_365", false],
    ["invalid request", false],
    ["John Doe", false],
    ["20261127T101145Z-6d30de", true],
    ["2026-03-02", true],
    ["09:15", true],
    ["ceo@example.com", true],
    ["0b8d6c3e-2f4a-4c1e-9a57-3d2e1f0c9b8a", true],
    ["8e6a1f3b2c4d5e6f-SJC", true],
  ];
  for (const [value, expected] of cases)
    it(`${value} → ${expected}`, () => expect(identifierLike(value)).toBe(expected));
});

describe("presence", () => {
  // [what, body, pointer, presence]
  const cases: [string, unknown, string, string][] = [
    ["in every item", { result: [{ a: 1 }, { a: 2 }] }, "/result/*/a", "all"],
    ["in some items", { result: [{ a: 1 }, {}] }, "/result/*/a", "some"],
    ["in no item", { result: [{ b: 1 }] }, "/result/*/a", "absent"],
    ["an empty list is no evidence", { result: [] }, "/result/*/a", "none"],
    ["a null parent is no evidence", { result: null }, "/result/a", "none"],
    ["a missing parent is no evidence", {}, "/result/a", "none"],
    ["a missing key of an object", { result: {} }, "/result/a", "absent"],
  ];
  for (const [what, body, pointer, expected] of cases) {
    it(what, () => expect(presence(shapeOf(body), pointer)).toBe(expected));
  }
});

describe("observe", () => {
  const exchange = (step: string, attempts: number, status: number, body: unknown): Exchange => ({
    target: "sandbox",
    scenario: "lifecycle",
    step,
    operation: "getEntry",
    request: {
      method: "GET",
      url: "http://127.0.0.1:1/x",
      headers: { authorization: "Bearer $CLOUDFLARE_API_TOKEN" },
    },
    response: { status, headers: {}, body, text: JSON.stringify(body), durationMs: 12.345 },
    attempts,
  });
  const step = (name: string, attempts: number): StepResult => ({
    target: "sandbox",
    scenario: "lifecycle",
    step: name,
    operation: "getEntry",
    status: "passed",
    expectations: [],
    durationMs: 1,
    attempts,
  });
  const failed = { success: false, errors: [{ code: 10001 }, { code: 7003 }, { code: 10001 }], result: null };

  it("keeps only the final attempt of each step, with its status, error codes and duration", () => {
    const observed = observe(
      [
        exchange("get", 1, 500, failed),
        exchange("get", 2, 200, { success: true }),
        exchange("get after", 1, 404, failed),
      ],
      [step("get", 2), step("get after", 1)],
    );
    expect(observed.map((o) => [o.step, o.status, o.errorCodes, o.durationMs])).toEqual([
      ["get", 200, [], 12.3],
      ["get after", 404, [7003, 10001], 12.3],
    ]);
    expect(observed[0]?.curl).toMatch(/^curl .*\$CLOUDFLARE_API_TOKEN/);
  });

  it("observes nothing of a step whose last attempt got no response, nor of a step not sent", () => {
    expect(observe([exchange("get", 1, 500, failed)], [step("get", 2), step("delete", 0)])).toEqual([]);
  });
});
