/** The one walk of a spec's operations: merged parameters, and one location's parameters as one schema. */
import { describe, expect, it } from "vitest";
import { parameterSchema, specOperations } from "../src/operations.ts";

const spec = {
  paths: {
    "/items/{id}": {
      parameters: [
        { name: "id", in: "path", schema: { type: "string" } },
        { name: "limit", in: "query", schema: { type: "integer" } },
      ],
      get: {
        operationId: "getItem",
        parameters: [
          { name: "limit", in: "query", required: true, schema: { type: "integer", maximum: 5 } },
          { name: "X-Trace", in: "header", schema: { type: "string" } },
        ],
      },
      delete: { summary: "no operationId: not an operation anyone can name" },
    },
  },
};

describe("specOperations", () => {
  it("lists operations with an operationId, the operation's parameter replacing the path item's", () => {
    const operations = specOperations(spec);
    expect(operations.map(({ id, method, path }) => [id, method, path])).toEqual([
      ["getItem", "get", "/items/{id}"],
    ]);
    expect(operations[0]?.parameters.map((p) => [p.in, p.name, p.required ?? false])).toEqual([
      ["path", "id", false],
      ["query", "limit", true],
      ["header", "X-Trace", false],
    ]);
  });
});

describe("parameterSchema", () => {
  const [operation] = specOperations(spec);
  const parameters = operation?.parameters ?? [];
  it.each([
    ["path", { id: { type: "string" } }, ["id"]],
    ["query", { limit: { type: "integer", maximum: 5 } }, ["limit"]],
    ["header", { "x-trace": { type: "string" } }, []],
  ] as const)(
    "%s: a path parameter is always required, header names are lower case",
    (location, properties, required) => {
      expect(parameterSchema(parameters, location)).toEqual({ type: "object", properties, required });
    },
  );
});
