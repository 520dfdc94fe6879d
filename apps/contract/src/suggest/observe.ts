/**
 * What the run's responses actually carried, per schema of the spec: every
 * exchange's body is walked with its documented response schema (as written,
 * `$ref`s followed), and each value is filed under the pointer of the schema
 * that declares it — or, for an undocumented field, under
 * `<object schema>/properties/<key>`, where it would be declared. Values of
 * every operation that shares a component land in one place, so a field added
 * to `ImpersonationRegistryEntry` is inferred from lists, gets and creates alike.
 */
import { childPointer, isObject } from "../checks/json.ts";
import type { ReportExchange } from "../model.ts";
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
  const walk = (schema: Declared, value: unknown) => {
    file(schema.pointer, value);
    const { items, properties } = schema.node;
    if (Array.isArray(value) && isObject(items)) {
      const itemSchema = declared(root, `${schema.pointer}/items`);
      if (!isUnresolved(itemSchema)) for (const item of value) walk(itemSchema, item);
      return;
    }
    if (!isObject(value) || !isObject(properties)) return;
    for (const [key, child] of Object.entries(value)) {
      const at = childPointer(`${schema.pointer}/properties`, key);
      const childSchema = key in properties ? declared(root, at) : undefined;
      if (childSchema && !isUnresolved(childSchema)) walk(childSchema, child);
      else file(at, child);
    }
  };
  for (const exchange of exchanges) {
    if (exchange.response.body === undefined) continue;
    const schema = bodySchema(root, exchange.operation, exchange.response.status);
    if (schema) walk(schema, exchange.response.body);
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
