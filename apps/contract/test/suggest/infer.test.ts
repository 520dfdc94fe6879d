/** Schemas inferred from observed values: type, integer, formats, nullable, unions, nesting. */
import { describe, expect, it } from "vitest";
import { inferSchema, type Schema, schemaOfTypeNames } from "../../src/suggest/infer.ts";

const DATE = "2026-03-02T09:15:27.104Z";
const UUID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

const CASES: [name: string, values: unknown[], expected: Schema | undefined][] = [
  ["strings", ["low", "high"], { type: "string" }],
  ["date-times", [DATE, "2026-02-07T08:00:00Z"], { type: "string", format: "date-time" }],
  ["one string without the format", [DATE, "yesterday"], { type: "string" }],
  ["uuids", [UUID, "0b8d6c3e-2f4a-4c1e-9a57-3d2e1f0c9b8a"], { type: "string", format: "uuid" }],
  ["emails", ["john.doe@example.com", "jane.roe@example.com"], { type: "string", format: "email" }],
  ["whole numbers", [1, 42, -3], { type: "integer" }],
  ["a fraction among numbers", [1, 2.5], { type: "number" }],
  ["booleans", [true, false], { type: "boolean" }],
  ["null among strings", ["low", null], { type: "string", nullable: true }],
  ["only null", [null, null], undefined],
  ["nothing", [], undefined],
  ["absent values are not null", ["low", undefined], { type: "string" }],
  ["two types", [1, "one"], { anyOf: [{ type: "integer" }, { type: "string" }] }],
  [
    "two types and null",
    [1, "one", null],
    {
      anyOf: [
        { type: "integer", nullable: true },
        { type: "string", nullable: true },
      ],
    },
  ],
  [
    "objects: the union of their keys, each inferred",
    [{ a: 1 }, { a: 2, b: DATE }],
    { type: "object", properties: { a: { type: "integer" }, b: { type: "string", format: "date-time" } } },
  ],
  [
    "an object key seen only as null is left out",
    [{ a: null, b: true }],
    { type: "object", properties: { b: { type: "boolean" } } },
  ],
  ["arrays: items from every element", [[1, 2], [3.5]], { type: "array", items: { type: "number" } }],
  ["empty arrays", [[], []], { type: "array", items: {} }],
];

describe("inferSchema", () => {
  for (const [name, values, expected] of CASES) {
    it(name, () => {
      expect(inferSchema(values)).toEqual(expected);
    });
  }
});

describe("schemaOfTypeNames (reports without exchanges)", () => {
  const NAMES: [unknown[], Schema | undefined][] = [
    [["string"], { type: "string" }],
    [["number"], { type: "number" }],
    [["string", "null"], { type: "string", nullable: true }],
    [["object"], { type: "object", properties: {} }],
    [["array"], { type: "array", items: {} }],
    [["null"], undefined],
    [["constructor"], undefined],
  ];
  for (const [names, expected] of NAMES) {
    it(names.join(" + "), () => {
      expect(schemaOfTypeNames(names)).toEqual(expected);
    });
  }
});
