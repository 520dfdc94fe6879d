import type { AnySchemaObject } from "ajv";
import type { Exchange } from "../model.ts";
import type { SpecIndex } from "../spec-index.ts";
import { childPointer, ITEMS, isObject } from "./json.ts";

export type ObjectVisitor = (
  schema: AnySchemaObject,
  object: Record<string, unknown>,
  pointer: string,
) => void;

/**
 * Visits every object of `data` that its schema describes with `properties`,
 * following documented properties and array items (pointer segment `*`).
 * The spec composes no schemas (no allOf/oneOf/anyOf), so those are not
 * followed: an undescribed object is never judged, rather than judged wrongly.
 * Keys are looked up as own properties only: a body key named `constructor`
 * or `__proto__` is a field like any other, never `Object.prototype`'s.
 */
function walkObjects(schema: AnySchemaObject, data: unknown, pointer: string, visit: ObjectVisitor): void {
  if (Array.isArray(data) && isObject(schema.items)) {
    for (const item of data) walkObjects(schema.items, item, childPointer(pointer, ITEMS), visit);
    return;
  }
  const properties = schema.properties as Record<string, AnySchemaObject> | undefined;
  if (!isObject(data) || !properties) return;
  visit(schema, data, pointer);
  for (const key of Object.keys(data)) {
    const value = data[key];
    // Only objects and arrays hold objects to visit: a leaf costs no pointer and no call.
    if (typeof value !== "object" || value === null || !Object.hasOwn(properties, key)) continue;
    const property = properties[key];
    if (property) walkObjects(property, value, childPointer(pointer, key), visit);
  }
}

/** Walks the exchange's body with its documented schema; nothing when either is absent. */
export function walkBody(exchange: Exchange, index: SpecIndex, visit: ObjectVisitor): void {
  const schema = index.response(exchange.operation, exchange.response.status)?.schema;
  if (schema && exchange.response.body !== undefined) walkObjects(schema, exchange.response.body, "", visit);
}
