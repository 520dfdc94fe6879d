/**
 * What each operation takes, read from the dereferenced spec: the schemas of its path and query
 * parameters and of its JSON body, and the statuses it documents. Every generator starts from
 * here, so a change of the spec changes what is generated.
 */
import { specOperations } from "@impersonation-registry/spec-bundle/operations";
import type { OperationId } from "@impersonation-registry/types";
import type { SpecDocument } from "@impersonation-registry/types/spec";

/** The JSON Schema keywords (OpenAPI 3.0 flavour) the generators honour. */
export interface Schema {
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  minLength?: number;
  maxLength?: number;
  minimum?: number;
  maximum?: number;
  required?: string[];
  properties?: Record<string, Schema>;
  deprecated?: boolean;
  default?: unknown;
  minProperties?: number;
  "x-format-by"?: FormatBy;
}

/**
 * The spec's `x-format-by` (openapi/README.md): the format of a string decided by a sibling
 * property's value, e.g. `email` is an address or a pattern by `is_email_regex`.
 */
export interface FormatBy {
  property: string;
  /** The sibling's value as JSON text (`"true"`) → a JSON Schema format name. */
  formats: Record<string, string>;
}

export type Location = "path" | "query" | "body";

export interface OperationInputs {
  operation: OperationId;
  method: "GET" | "POST" | "PATCH" | "DELETE";
  path: Record<string, Schema>;
  query: Record<string, Schema>;
  /** The `application/json` request body's schema, when the operation takes one. */
  body: Schema | undefined;
  /** The response keys the spec documents: `200`, `429`, `4XX`, `5XX`. */
  statuses: string[];
}

export type SpecInputs = Record<OperationId, OperationInputs> & {
  /** The schema of an entry as `getEntry` answers it (`result` of its 200). */
  entry: Schema;
};

export const OPERATIONS: readonly OperationId[] = [
  "listEntries",
  "getEntry",
  "createEntry",
  "updateEntry",
  "deleteEntry",
];

/** The inputs of the five operations; a spec without one of them is refused in one line. */
export function specInputs(spec: SpecDocument): SpecInputs {
  const found = new Map(specOperations(spec).map((operation) => [operation.id, operation]));
  const inputs = {} as SpecInputs;
  let entry: Schema | undefined;
  for (const id of OPERATIONS) {
    const operation = found.get(id);
    if (operation === undefined)
      throw new Error(`the spec has no operation ${id}: nothing to generate for it`);
    const object = operation.operation as {
      requestBody?: { content?: Record<string, { schema?: Schema }> };
      responses?: Record<string, unknown>;
    };
    const parameters = (location: string) =>
      Object.fromEntries(
        operation.parameters
          .filter((parameter) => parameter.in === location)
          .map((parameter) => [parameter.name, (parameter.schema ?? {}) as Schema]),
      );
    inputs[id] = {
      operation: id,
      method: operation.method.toUpperCase() as OperationInputs["method"],
      path: parameters("path"),
      query: parameters("query"),
      body: object.requestBody?.content?.["application/json"]?.schema,
      statuses: Object.keys(object.responses ?? {}),
    };
    if (id === "getEntry") {
      const ok = object.responses?.["200"] as
        | { content?: Record<string, { schema?: { properties?: { result?: Schema } } }> }
        | undefined;
      entry = ok?.content?.["application/json"]?.schema?.properties?.result;
    }
  }
  if (entry === undefined)
    throw new Error("the spec's getEntry documents no 200 result: no entry schema to judge by");
  inputs.entry = entry;
  return inputs;
}

/** The property of an object schema whose format another property decides, if any. */
export function formatDependent(schema: Schema): { property: string; by: FormatBy } | undefined {
  for (const [property, child] of Object.entries(schema.properties ?? {})) {
    const by = child["x-format-by"];
    if (by !== undefined) return { property, by };
  }
  return undefined;
}

/** The format `by` names for a sibling value, or undefined when the value decides none (absent, another type). */
export function formatFor(by: FormatBy, sibling: unknown): string | undefined {
  return sibling === undefined ? undefined : by.formats[JSON.stringify(sibling)];
}
