/**
 * The response body against its documented schema, with the ajv validator the
 * spec index compiled once. ajv reports by keyword; each keyword family is its
 * own rule so a finding names the precise kind of drift.
 */
import { wildcardIndexes } from "@impersonation-registry/findings";
import type { ErrorObject } from "ajv";
import { childPointer, jsonType, summarize } from "../json.ts";
import type { Exchange } from "../model.ts";
import { branchesOf, branchTypes } from "./any-of.ts";
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
 * ajv reports a value that fails an `anyOf` with the errors of every branch and
 * then the anyOf's own. Judged instead by the branch of the value's JSON type
 * (see any-of.ts), so an object with one wrong field is not also "not a
 * string": that branch's errors are kept, the others' dropped. A value of no
 * branch's type is one type error naming the branches' types (`object |
 * string`); with several branches of its type, the anyOf's own error stays.
 */
function judgedByBranch(errors: readonly ErrorObject[]): ErrorObject[] {
  const dropped = new Set<ErrorObject>();
  const replaced = new Map<ErrorObject, ErrorObject>();
  // Outer anyOfs first: a nested one inside a dropped branch is dropped with it.
  const anyOfs = errors
    .filter((error) => error.keyword === "anyOf")
    .sort((a, b) => a.schemaPath.length - b.schemaPath.length);
  for (const anyOf of anyOfs) {
    if (dropped.has(anyOf)) continue;
    const prefix = `${anyOf.schemaPath}/`;
    const matching = branchesOf(anyOf.schema, anyOf.data);
    const kept = matching.length === 1 ? `${prefix}${matching[0]}/` : undefined;
    // A branch's errors are those under its schema path *and* at or below this value (a list's
    // items share one schema path).
    const within = (error: ErrorObject) =>
      error.schemaPath.startsWith(prefix) &&
      (error.instancePath === anyOf.instancePath || error.instancePath.startsWith(`${anyOf.instancePath}/`));
    for (const error of errors)
      if (within(error) && !(kept && error.schemaPath.startsWith(kept))) dropped.add(error);
    if (matching.length === 1) dropped.add(anyOf);
    if (matching.length === 0)
      replaced.set(anyOf, { ...anyOf, keyword: "type", schema: branchTypes(anyOf.schema) });
  }
  return errors.filter((error) => !dropped.has(error)).map((error) => replaced.get(error) ?? error);
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
  const errors = judgedByBranch(validate.errors ?? []);
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
