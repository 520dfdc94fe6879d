/**
 * The response body against its documented schema, with the ajv validator the
 * spec index compiled once. ajv reports by keyword; each keyword family is its
 * own rule so a finding names the precise kind of drift.
 */
import { wildcardIndexes } from "@impersonation-registry/findings";
import type { ErrorObject } from "ajv";
import { childPointer, jsonType, summarize } from "../json.ts";
import type { Exchange } from "../model.ts";
import { ENVELOPE_CHECKS } from "./envelope.ts";
import type { Check, CheckContext, Drift } from "./types.ts";

export type SchemaRule =
  | "schema-type"
  | "schema-nullable"
  | "schema-required"
  | "schema-enum"
  | "schema-format"
  | "schema-constraint";

export function ruleOf(error: ErrorObject): SchemaRule {
  switch (error.keyword) {
    case "type":
      // ajv accepts null wherever `nullable: true`, so a null that fails `type` is a non-nullable field.
      return error.data === null ? "schema-nullable" : "schema-type";
    case "required":
      return "schema-required";
    case "enum":
    case "const":
      return "schema-enum";
    case "format":
      return "schema-format";
    default:
      return "schema-constraint";
  }
}

export function driftOf(rule: SchemaRule, error: ErrorObject): Drift {
  const pointer = wildcardIndexes(error.instancePath);
  switch (rule) {
    case "schema-required":
      return {
        pointer: childPointer(pointer, String(error.params.missingProperty)),
        expected: "present",
        observed: "absent",
      };
    case "schema-type":
      return { pointer, expected: error.schema, observed: jsonType(error.data) };
    case "schema-nullable":
      return { pointer, expected: `${String(error.schema)} (not nullable)`, observed: null };
    case "schema-format":
      return { pointer, expected: `format ${String(error.params.format)}`, observed: summarize(error.data) };
    default:
      return {
        pointer,
        expected: `${error.keyword} ${JSON.stringify(error.schema)}`,
        observed: summarize(error.data),
      };
  }
}

/**
 * Every schema drift of the exchange, grouped by rule. A value of the wrong
 * type is one drift, not also an enum or format one; pointers the envelope
 * rules already report are left to them.
 */
function schemaDrifts(exchange: Exchange, context: CheckContext): Map<SchemaRule, Drift[]> {
  const drifts = new Map<SchemaRule, Drift[]>();
  const validate = context.index.response(exchange.operation, exchange.response.status)?.validate;
  if (!validate || exchange.response.body === undefined || validate(exchange.response.body)) return drifts;
  const errors = validate.errors ?? [];
  const mistyped = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  const owned = new Set(ENVELOPE_CHECKS.flatMap((check) => check(exchange, context).map((d) => d.pointer)));
  for (const error of errors) {
    if (owned.has(error.instancePath)) continue;
    if (error.keyword !== "type" && mistyped.has(error.instancePath)) continue;
    const rule = ruleOf(error);
    drifts.set(rule, [...(drifts.get(rule) ?? []), driftOf(rule, error)]);
  }
  return drifts;
}

function schemaCheck(rule: SchemaRule): Check {
  return (exchange, context) => schemaDrifts(exchange, context).get(rule) ?? [];
}

export const schemaType = schemaCheck("schema-type");
export const schemaNullable = schemaCheck("schema-nullable");
export const schemaRequired = schemaCheck("schema-required");
export const schemaEnum = schemaCheck("schema-enum");
export const schemaFormat = schemaCheck("schema-format");
export const schemaConstraint = schemaCheck("schema-constraint");
