/**
 * A schema for values a server sent, in the OpenAPI 3.0.3 the spec is written
 * in: the JSON type (`integer` when every number is whole), a `format` only
 * when every string has it, `nullable: true` when null was seen, and an
 * `anyOf` when the values have several types. The formats are checked by
 * ajv-formats in the mode the contract checks use, so a suggested format is
 * one the next run accepts.
 */

import { isObject, type JsonType, jsonType } from "@impersonation-registry/engine";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";

export type Schema = Record<string, unknown>;

const FORMATS = ["date-time", "uuid", "email"] as const;

const ajv = new Ajv();
addFormats.default(ajv, { mode: "fast", formats: [...FORMATS] });
const formatValidators = FORMATS.map((format) => ({
  format,
  validate: ajv.compile({ type: "string", format }),
}));

/**
 * The schema of every value given; undefined when none is known but null
 * (nothing says which type it would have). Object fields seen only as null are
 * left out for the same reason.
 */
export function inferSchema(values: readonly unknown[]): Schema | undefined {
  const byType = new Map<Exclude<JsonType, "null">, unknown[]>();
  let nullable = false;
  for (const value of values) {
    if (value === undefined) continue;
    const type = jsonType(value);
    if (type === "null") nullable = true;
    else byType.set(type, [...(byType.get(type) ?? []), value]);
  }
  if (byType.size === 0) return undefined;
  // ajv (like OpenAPI 3.0) only understands `nullable` next to a `type`: each branch says it.
  const branches = [...byType].map(([type, group]) => ({
    ...typed(type, group),
    ...(nullable ? { nullable: true } : {}),
  }));
  return branches.length === 1 ? branches[0] : { anyOf: branches };
}

function typed(type: Exclude<JsonType, "null">, values: unknown[]): Schema {
  switch (type) {
    case "number":
      return { type: values.every(Number.isInteger) ? "integer" : "number" };
    case "string": {
      const found = formatValidators.find(({ validate }) => values.every((value) => validate(value)));
      return found ? { type: "string", format: found.format } : { type: "string" };
    }
    case "array":
      return { type: "array", items: inferSchema((values as unknown[][]).flat()) ?? {} };
    case "object": {
      const objects = values.filter(isObject);
      const keys = [...new Set(objects.flatMap((object) => Object.keys(object)))];
      const properties: Record<string, Schema> = {};
      for (const key of keys) {
        const schema = inferSchema(objects.map((object) => object[key]));
        if (schema) properties[key] = schema;
      }
      return { type: "object", properties };
    }
    default:
      return { type };
  }
}

/**
 * A value of each JSON type name a finding's `observed` carries, that no
 * format matches and no integer test passes: inferring from these says what
 * the type names alone say (an older report has no exchanges to infer from).
 */
const SAMPLES = new Map<unknown, unknown>([
  ["string", ""],
  ["number", 0.5],
  ["boolean", false],
  ["object", {}],
  ["array", []],
  ["null", null],
]);

export function schemaOfTypeNames(names: readonly unknown[]): Schema | undefined {
  return inferSchema(names.map((name) => SAMPLES.get(name)));
}

/** Whether a documented `type` admits a non-null value (an integer is a number too; null is `nullable`'s business). */
export function typeAdmits(documented: unknown, value: unknown): boolean {
  if (typeof documented !== "string") return true;
  if (documented === "integer") return Number.isInteger(value);
  return documented === jsonType(value);
}
