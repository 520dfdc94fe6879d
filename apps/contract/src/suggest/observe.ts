/**
 * What the run's responses actually carried, per schema of the spec: every
 * exchange's body is walked with its documented response schema (as written,
 * `$ref`s followed), and each value is filed under the pointer of the schema
 * that declares it — or, for an undocumented field, under
 * `<object schema>/properties/<key>`, where it would be declared. Values of
 * every operation that shares a component land in one place, so a field added
 * to `ImpersonationRegistryEntry` is inferred from lists, gets and creates alike.
 */

import {
  childPointer,
  isObject,
  type JsonVisitor,
  ownValue,
  type ReportExchange,
  walkJson,
} from "@impersonation-registry/engine";
import {
  type Declared,
  declared,
  isUnresolved,
  operationPointer,
  responseKey,
  responseSchema,
} from "./source.ts";

export type Observations = Map<string, unknown[]>;

export function observe(root: unknown, exchanges: readonly ReportExchange[]): Observations {
  const observed: Observations = new Map();
  const file = (pointer: string, value: unknown) => {
    observed.set(pointer, [...(observed.get(pointer) ?? []), value]);
  };
  // An undocumented field is filed where it would be declared, and not walked into.
  const visit: JsonVisitor<Declared | { undeclared: string }> = (value, _pointer, place) => {
    if ("undeclared" in place) {
      file(place.undeclared, value);
      return undefined;
    }
    file(place.pointer, value);
    const { items, properties } = place.node;
    if (Array.isArray(value)) {
      const itemSchema = isObject(items) ? declared(root, `${place.pointer}/items`) : undefined;
      return itemSchema && !isUnresolved(itemSchema) ? () => itemSchema : undefined;
    }
    if (!isObject(value) || !isObject(properties)) return undefined;
    return (key) => {
      const at = childPointer(`${place.pointer}/properties`, key);
      const childSchema = ownValue(properties, key) === undefined ? undefined : declared(root, at);
      return childSchema && !isUnresolved(childSchema) ? childSchema : { undeclared: at };
    };
  };
  for (const exchange of exchanges) {
    if (exchange.response.body === undefined) continue;
    const schema = bodySchema(root, exchange.operation, exchange.response.status);
    if (schema) walkJson(exchange.response.body, schema, visit);
  }
  return observed;
}

/** The documented JSON body schema for an operation's status, when there is one. */
export function bodySchema(root: unknown, operationId: string, status: number): Declared | undefined {
  const operation = operationPointer(root, operationId);
  if (isUnresolved(operation)) return undefined;
  const key = responseKey(root, operation, status);
  const schema = key === undefined ? undefined : responseSchema(root, operation, key);
  return schema && !isUnresolved(schema) ? schema : undefined;
}
