/**
 * A recursive schema (an error whose `error_chain` holds errors) is diffed like any other: the walk
 * ends (the bundled document keeps the one `$ref` that closes the cycle), and moving `error_chain`
 * from the envelope into each error is named as the two changes it is.
 */
import { describe, expect, it } from "vitest";
import { diffPatches, type Patch } from "./patch.ts";

const message = { type: "object", properties: { code: { type: "integer" }, message: { type: "string" } } };
const recursiveError = {
  type: "object",
  properties: {
    ...message.properties,
    error_chain: { type: "array", items: { $ref: "#/components/schemas/Error" } },
  },
};
const envelope = (withChain: boolean) => ({
  type: "object",
  properties: {
    errors: { type: "array", items: { $ref: "#/components/schemas/Error" } },
    ...(withChain ? { error_chain: { type: "array", items: { $ref: "#/components/schemas/Message" } } } : {}),
  },
});
const errorResponse: Patch = {
  op: "replace",
  path: "/paths/~1things~1{id}/get/responses/404",
  value: {
    description: "No such thing.",
    content: { "application/json": { schema: { $ref: "#/components/schemas/Envelope" } } },
  },
};
const schemas = (error: object, withChain: boolean): Patch[] => [
  { op: "add", path: "/components/schemas/Message", value: message },
  { op: "add", path: "/components/schemas/Error", value: error },
  { op: "add", path: "/components/schemas/Envelope", value: envelope(withChain) },
];
const at = (pointer: string) => `/responses/404/content/application~1json/schema/properties/${pointer}`;
const summary = (findings: Awaited<ReturnType<typeof diffPatches>>) =>
  findings.map(({ rule, severity, operation, pointer }) => ({ rule, severity, operation, pointer }));

describe("a recursive error schema", () => {
  it("error_chain moved from the envelope into each error: one removal (breaking), one addition", async () => {
    const findings = await diffPatches(
      [errorResponse, ...schemas(message, true)],
      [errorResponse, ...schemas(recursiveError, false)],
    );
    expect(summary(findings)).toEqual([
      {
        rule: "response-property-added",
        severity: "additive",
        operation: "getThing",
        pointer: at("errors/items/properties/error_chain"),
      },
      {
        rule: "response-property-removed",
        severity: "breaking",
        operation: "getThing",
        pointer: at("error_chain"),
      },
    ]);
  });

  it("a change inside the recursive schema is found once, where the schema is expanded", async () => {
    const stringCode = {
      ...recursiveError,
      properties: { ...recursiveError.properties, code: { type: "string" } },
    };
    const findings = await diffPatches(
      [errorResponse, ...schemas(recursiveError, false)],
      [errorResponse, ...schemas(stringCode, false)],
    );
    expect(summary(findings)).toEqual([
      {
        rule: "type-changed",
        severity: "breaking",
        operation: "getThing",
        pointer: at("errors/items/properties/code/type"),
      },
    ]);
  });
});
