import type { AnySchemaObject } from "ajv";
import { isObject, ownValue, walkJson } from "../json.ts";
import type { Exchange } from "../model.ts";
import type { SpecIndex } from "../spec-index.ts";
import { describing } from "./any-of.ts";

export type ObjectVisitor = (
  schema: AnySchemaObject,
  object: Record<string, unknown>,
  pointer: string,
) => void;

/**
 * Visits every object of the exchange's body that its documented schema
 * describes with `properties`, following documented properties, array items
 * (pointer segment `*`) and, at an `anyOf` (what `suggest` writes when it
 * widens a type), the one branch of the value's JSON type. allOf and oneOf,
 * which neither the spec nor suggest writes, are not followed, nor is an anyOf
 * with no branch or several of the value's type: an undescribed object is never
 * judged, rather than judged wrongly. Nothing when the body or its schema is absent.
 */
export function walkBody(exchange: Exchange, index: SpecIndex, visit: ObjectVisitor): void {
  const schema = index.response(exchange.operation, exchange.response.status)?.schema;
  if (!schema || exchange.response.body === undefined) return;
  walkJson<AnySchemaObject>(exchange.response.body, schema, (value, pointer, declared) => {
    const node = describing(declared, value);
    if (node === undefined) return undefined;
    if (Array.isArray(value)) {
      const items = node.items;
      return isObject(items) ? () => items : undefined;
    }
    const properties = node.properties as Record<string, AnySchemaObject> | undefined;
    if (!isObject(value) || !properties) return undefined;
    visit(node, value, pointer);
    // Only objects and arrays hold objects to visit: a leaf is left out before its pointer is made.
    return (key, child) =>
      typeof child === "object" && child !== null ? ownValue(properties, key) : undefined;
  });
}
