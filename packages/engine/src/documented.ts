/**
 * What the spec documents at a place of a response: the schema at a body
 * pointer, and whether it allows a JSON type. The observed rules ask it to tell
 * drift away from the spec from a target converging to it.
 */
import type { AnySchemaObject } from "ajv";
import { isObject, type JsonType, ownValue } from "./json.ts";
import type { SpecIndex } from "./spec-index.ts";

/** `/result/*\/name` → the documented schema of `name` in the items of `result`; undefined when undocumented. */
export function schemaAt(
  index: SpecIndex,
  operation: string,
  status: number,
  pointer: string,
): AnySchemaObject | undefined {
  let schema = index.response(operation, status)?.schema;
  for (const raw of pointer.split("/").slice(1)) {
    if (!schema) return undefined;
    const segment = raw.replaceAll("~1", "/").replaceAll("~0", "~");
    if (segment === "*") schema = isObject(schema.items) ? schema.items : undefined;
    else schema = ownValue(schema.properties as Record<string, AnySchemaObject> | undefined, segment);
  }
  return schema;
}

/** Whether `schema` lets a value of `type` through: its `type` (one or a list), `nullable` for null. */
export function allowsType(schema: AnySchemaObject, type: JsonType): boolean {
  if (type === "null" && (schema.nullable === true || schema.type === "null")) return true;
  const declared = schema.type as string | string[] | undefined;
  if (declared === undefined) return true;
  const types = Array.isArray(declared) ? declared : [declared];
  return types.includes(type) || (type === "number" && types.includes("integer"));
}
