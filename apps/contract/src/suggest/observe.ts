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
  ownValue,
  type ReportExchange,
  walkJson,
} from "@impersonation-registry/engine";
import {
  branchHolding,
  type Declared,
  declared,
  isUnresolved,
  operationPointer,
  responseKey,
  responseSchema,
} from "./source.ts";

/** A value and the exchange that carried it: how many exchanges showed something is evidence too. */
export interface Observed {
  value: unknown;
  exchange: string;
}

export type Observations = Map<string, Observed[]>;

export function observe(root: unknown, exchanges: readonly ReportExchange[]): Observations {
  const observed: Observations = new Map();
  for (const { id, operation, response } of exchanges) {
    if (response.body === undefined) continue;
    const schema = bodySchema(root, operation, response.status);
    if (!schema) continue;
    const file = (pointer: string, value: unknown) => {
      observed.set(pointer, [...(observed.get(pointer) ?? []), { value, exchange: id }]);
    };
    // An undocumented field is filed where it would be declared, and not walked into.
    walkJson<Declared | { undeclared: string }>(response.body, schema, (value, _pointer, place) => {
      if ("undeclared" in place) {
        file(place.undeclared, value);
        return undefined;
      }
      file(place.pointer, value);
      if (!Array.isArray(value) && !isObject(value)) return undefined;
      // A widened node (anyOf) is walked into through its branch of the value's kind.
      const schema = branchHolding(root, place, Array.isArray(value) ? "items" : "properties");
      if (isUnresolved(schema)) return undefined;
      const { items, properties } = schema.node;
      if (Array.isArray(value)) {
        const itemSchema = isObject(items) ? declared(root, `${schema.pointer}/items`) : undefined;
        return itemSchema && !isUnresolved(itemSchema) ? () => itemSchema : undefined;
      }
      if (!isObject(properties)) return undefined;
      return (key) => {
        const at = childPointer(`${schema.pointer}/properties`, key);
        const childSchema = ownValue(properties, key) === undefined ? undefined : declared(root, at);
        return childSchema && !isUnresolved(childSchema) ? childSchema : { undeclared: at };
      };
    });
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
