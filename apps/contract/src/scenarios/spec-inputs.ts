/**
 * What the scenarios need to know about the API, read from the spec rather
 * than hard-coded: the list parameters' enums and bounds, the create body's
 * required fields, lengths and types, the id format. The invalid inputs are
 * derived from those facts (maximum + 1, an enum value not in the enum, …), so
 * a change of the spec changes what is probed.
 */
import type { SpecDocument } from "@impersonation-registry/types/spec";
import { COLLECTION, ITEM } from "./operations.ts";

type Schema = {
  type?: string;
  nullable?: boolean;
  deprecated?: boolean;
  minProperties?: number;
  enum?: unknown[];
  minimum?: number;
  maximum?: number;
  maxLength?: number;
  format?: string;
  required?: string[];
  properties?: Record<string, Schema>;
  default?: unknown;
};
type Parameter = { name: string; in: string; schema?: Schema };

export interface InvalidInput {
  /** What is wrong, e.g. `name longer than maxLength 1024`. */
  label: string;
  /** Applied to a valid value: returns the invalid one. */
  apply(valid: Record<string, unknown>): Record<string, unknown>;
}

export interface SpecFacts {
  provenances: string[];
  /** Entry fields the server sets (not in the create body, not deprecated): `id`, `created_at`, `modified_at`. */
  serverSetFields: string[];
  orders: string[];
  directions: string[];
  perPageDefault: number | undefined;
  invalidCreateBodies: InvalidInput[];
  /** Applied to a valid PATCH body; the first may be `{}` when the schema asks for a field (minProperties). */
  invalidUpdateBodies: InvalidInput[];
  invalidListQueries: InvalidInput[];
  /** Account ids that break the account_id parameter's schema (too long). */
  invalidAccountIds: { label: string; id: string }[];
  /** Ids that break the id parameter's format. */
  invalidIds: { label: string; id: string }[];
}

/** The manual provenance, per the spec's description of the enum; every other value is a directory integration. */
export const MANUAL_PROVENANCE = "A1S_INTERNAL";

export function specFacts(spec: SpecDocument): SpecFacts {
  const listParams = parameters(spec, COLLECTION, "get");
  const query = (name: string) => listParams.find((p) => p.name === name && p.in === "query")?.schema ?? {};
  const createBody = bodySchema(spec, COLLECTION, "post");
  const updateBody = bodySchema(spec, ITEM, "patch");
  const entry = walk<Schema>(spec, operation(spec, ITEM, "get"), [
    "responses",
    "200",
    "content",
    "application/json",
    "schema",
    "properties",
    "result",
  ]);
  const itemParams = parameters(spec, ITEM, "get");
  const idSchema = itemParams.find((p) => p.in === "path" && p.name !== "account_id")?.schema;
  const accountSchema = itemParams.find((p) => p.in === "path" && p.name === "account_id")?.schema;
  return {
    provenances: strings(query("provenance").enum),
    serverSetFields: Object.entries(entry?.properties ?? {})
      .filter(
        ([name, property]) =>
          !Object.hasOwn(createBody?.properties ?? {}, name) && !deref<Schema>(spec, property)?.deprecated,
      )
      .map(([name]) => name),
    orders: strings(query("order").enum),
    directions: strings(query("direction").enum),
    perPageDefault:
      typeof query("per_page").default === "number" ? (query("per_page").default as number) : undefined,
    invalidCreateBodies: invalidObjects(spec, createBody ?? {}),
    invalidUpdateBodies: [
      ...((updateBody?.minProperties ?? 0) > 0
        ? [{ label: `no field (minProperties ${updateBody?.minProperties})`, apply: () => ({}) }]
        : []),
      ...invalidObjects(spec, updateBody ?? {}),
    ],
    invalidListQueries: listParams
      .filter((p) => p.in === "query")
      .flatMap((p) => invalidValues(p.name, deref<Schema>(spec, p.schema) ?? {}, "query")),
    invalidIds: idSchema?.format === "uuid" ? [{ label: "an id that is not a uuid", id: "not-a-uuid" }] : [],
    // Hex, like a real account id, one character too long: Cloudflare's ids are 32 hex characters.
    invalidAccountIds:
      accountSchema?.maxLength === undefined
        ? []
        : [
            {
              label: `an account_id longer than maxLength ${accountSchema.maxLength}`,
              id: "0123456789abcdef"
                .repeat(Math.ceil((accountSchema.maxLength + 1) / 16))
                .slice(0, accountSchema.maxLength + 1),
            },
          ],
  };
}

function bodySchema(spec: SpecDocument, path: string, method: string): Schema | undefined {
  return walk<Schema>(spec, operation(spec, path, method), [
    "requestBody",
    "content",
    "application/json",
    "schema",
  ]);
}

/** Follows `keys` from `node`, resolving a `$ref` at every step. */
function walk<T>(spec: SpecDocument, node: unknown, keys: readonly string[]): T | undefined {
  let current = deref<unknown>(spec, node);
  for (const key of keys)
    current = deref<unknown>(spec, (current as Record<string, unknown> | undefined)?.[key]);
  return current as T | undefined;
}

/** Each required field missing, then each property's invalid values. */
function invalidObjects(spec: SpecDocument, schema: Schema): InvalidInput[] {
  const missing = (schema.required ?? []).map((field) => ({
    label: `missing required ${field}`,
    apply: (valid: Record<string, unknown>) => {
      const { [field]: _dropped, ...rest } = valid;
      return rest;
    },
  }));
  const properties = Object.entries(schema.properties ?? {}).flatMap(([name, property]) =>
    invalidValues(name, deref<Schema>(spec, property) ?? {}, "body"),
  );
  return [...missing, ...properties];
}

/**
 * Values the schema forbids: past each bound, outside the enum, of another type
 * (in a query every value travels as a string, so a string parameter has no wrong type).
 */
function invalidValues(name: string, schema: Schema, where: "body" | "query"): InvalidInput[] {
  const set = (label: string, value: unknown): InvalidInput => ({
    label: `${name} ${label}`,
    apply: (valid) => ({ ...valid, [name]: value }),
  });
  const out: InvalidInput[] = [];
  const { maxLength } = schema;
  if (maxLength !== undefined) {
    // Padding the valid value keeps what it carried (the run's marker, in a name).
    out.push({
      label: `${name} longer than maxLength ${maxLength}`,
      apply: (valid) => ({ ...valid, [name]: String(valid[name] ?? "").padEnd(maxLength + 1, "x") }),
    });
  }
  if (schema.minimum !== undefined) out.push(set(`below minimum ${schema.minimum}`, schema.minimum - 1));
  if (schema.maximum !== undefined) out.push(set(`above maximum ${schema.maximum}`, schema.maximum + 1));
  if (schema.enum !== undefined)
    out.push(set("outside its enum", `${strings(schema.enum).join("_")}_UNKNOWN`));
  const wrong = where === "query" && schema.type === "string" ? undefined : wrongTypeValue(schema.type);
  if (wrong !== undefined) out.push(set(`of the wrong type (not ${schema.type})`, wrong));
  // A query has no null; in a body, null is a value of its own that only a nullable field accepts.
  if (where === "body" && !schema.nullable) out.push(set("null (not nullable)", null));
  return out;
}

function wrongTypeValue(type: string | undefined): unknown {
  if (type === "string") return 12345;
  if (type === "boolean") return "not-a-boolean";
  if (type === "number" || type === "integer") return "not-a-number";
  return undefined;
}

function operation(spec: SpecDocument, path: string, method: string): Record<string, unknown> | undefined {
  return spec.paths[path]?.[method] as Record<string, unknown> | undefined;
}

/** Path-level and operation-level parameters, $refs resolved. */
function parameters(spec: SpecDocument, path: string, method: string): Parameter[] {
  const pathLevel = (spec.paths[path]?.parameters as unknown[] | undefined) ?? [];
  const operationLevel = (operation(spec, path, method)?.parameters as unknown[] | undefined) ?? [];
  return [...pathLevel, ...operationLevel].map((p) => {
    const parameter = deref<Parameter>(spec, p) as Parameter;
    return { ...parameter, schema: deref<Schema>(spec, parameter.schema) };
  });
}

/** Follows a local `$ref` (a --spec file need not be bundled). */
function deref<T>(spec: SpecDocument, node: unknown): T | undefined {
  let current = node as { $ref?: string } | undefined;
  for (let hops = 0; typeof current?.$ref === "string" && hops < 16; hops++) {
    const ref: string = current.$ref;
    current = ref
      .replace(/^#\//, "")
      .split("/")
      .reduce<unknown>(
        (at, key) => (at as Record<string, unknown>)?.[key.replace(/~1/g, "/").replace(/~0/g, "~")],
        spec,
      ) as { $ref?: string } | undefined;
  }
  return current as T | undefined;
}

function strings(values: unknown[] | undefined): string[] {
  return (values ?? []).filter((value): value is string => typeof value === "string");
}
