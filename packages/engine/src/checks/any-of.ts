/**
 * `anyOf` as `suggest` writes it when it widens a type: the documented schema
 * as one branch, and one branch per other JSON type a server was seen sending.
 * A value is described by the one branch of its own JSON type. None of its
 * type, or several, describe it ambiguously: then a check judges nothing below
 * it, rather than judging it by the wrong branch.
 */
import type { AnySchemaObject } from "ajv";
import { isObject, jsonType } from "../json.ts";

/** Whether a schema's `type` (OpenAPI 3.0: one name, null only with `nullable`) admits the value's type. */
function typeAdmits(schema: AnySchemaObject, value: unknown): boolean {
  if (value === null) return schema.nullable === true || schema.type === undefined;
  const types: unknown[] = Array.isArray(schema.type) ? schema.type : [schema.type];
  return types.some(
    (type) =>
      type === undefined ||
      type === jsonType(value) ||
      (type === "integer" && Number.isInteger(value)) ||
      (type === "number" && typeof value === "number"),
  );
}

/** The indexes of the branches whose type admits the value. */
export function branchesOf(branches: unknown, value: unknown): number[] {
  if (!Array.isArray(branches)) return [];
  return branches.flatMap((branch, index) =>
    isObject(branch) && typeAdmits(branch as AnySchemaObject, value) ? [index] : [],
  );
}

/**
 * The schema that describes `value`: `schema` itself, or — through its `anyOf`,
 * nested ones too — the one branch of the value's type; undefined when that is
 * not exactly one branch.
 */
export function describing(schema: AnySchemaObject, value: unknown): AnySchemaObject | undefined {
  if (!Array.isArray(schema.anyOf)) return schema;
  const [only, ...more] = branchesOf(schema.anyOf, value);
  if (only === undefined || more.length > 0) return undefined;
  return describing(schema.anyOf[only] as AnySchemaObject, value);
}

/** `object | string`: the types an anyOf's branches name, for a finding's `expected`. */
export function branchTypes(branches: unknown): string {
  if (!Array.isArray(branches)) return "anyOf";
  return branches.map((branch) => String((isObject(branch) && branch.type) || "any")).join(" | ");
}
