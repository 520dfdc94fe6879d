/**
 * The spec, indexed for the checks: for each operation, each documented
 * response with its ajv validator (compiled once, here), its media types and
 * its headers. `response(operation, status)` answers which documented response
 * a status falls under, the way OpenAPI resolves it: exact status, then the
 * `4XX`/`5XX` range, then `default`.
 */

import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import { specOperations } from "@impersonation-registry/spec-bundle/operations";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import type { AnySchemaObject, ValidateFunction } from "ajv";

export interface DocumentedHeader {
  /** Lower-case, as exchanges store header names. */
  name: string;
  required: boolean;
  /** Validates the header's value (strings coerced to the declared type); undefined without a schema. */
  validate: ValidateFunction | undefined;
}

export interface DocumentedResponse {
  /** The key under `responses`: `200`, `4XX`, `default`. */
  key: string;
  /** Documented media types, lower-case, e.g. `application/json`. */
  mediaTypes: string[];
  /** The JSON body's schema (refs already resolved by the bundler), if any. */
  schema: AnySchemaObject | undefined;
  validate: ValidateFunction | undefined;
  headers: DocumentedHeader[];
}

export interface OperationIndex {
  id: string;
  method: string;
  path: string;
  responses: Map<string, DocumentedResponse>;
}

export interface SpecIndex {
  operations: Map<string, OperationIndex>;
  /** Throws for an operation id the spec does not have: that is a bug in a scenario, not drift. */
  operation(id: string): OperationIndex;
  /** The documented response a status falls under, or undefined when it is undocumented. */
  response(operation: string, status: number): DocumentedResponse | undefined;
}

interface ResponseObject {
  headers?: Record<string, { required?: boolean; schema?: AnySchemaObject }>;
  content?: Record<string, { schema?: AnySchemaObject }>;
}

/** The key `response()` looks up for a status: its `4XX`-style range. */
function statusRange(status: number): string {
  return `${Math.floor(status / 100)}XX`;
}

export function indexSpec(spec: SpecDocument): SpecIndex {
  const bodies = schemaCompiler(spec, false);
  // Header values arrive as strings: `Retry-After: 30` must satisfy `type: integer`.
  const headers = schemaCompiler(spec, true);
  const operations = new Map<string, OperationIndex>();
  for (const { id, method, path, operation } of specOperations(spec)) {
    const responses = new Map<string, DocumentedResponse>();
    for (const [key, response] of Object.entries(
      (operation.responses ?? {}) as Record<string, ResponseObject>,
    )) {
      responses.set(key.toUpperCase(), documentResponse(key.toUpperCase(), response, bodies, headers));
    }
    operations.set(id, { id, method, path, responses });
  }
  const operation = (id: string): OperationIndex => {
    const found = operations.get(id);
    if (!found) throw new Error(`operation "${id}" is not in the spec`);
    return found;
  };
  return {
    operations,
    operation,
    response(id, status) {
      const { responses } = operation(id);
      return responses.get(String(status)) ?? responses.get(statusRange(status)) ?? responses.get("DEFAULT");
    },
  };
}

function documentResponse(
  key: string,
  response: ResponseObject,
  bodies: (schema: AnySchemaObject) => ValidateFunction,
  headers: (schema: AnySchemaObject) => ValidateFunction,
): DocumentedResponse {
  const content = Object.entries(response.content ?? {});
  const json = content.find(([mediaType]) => isJsonMediaType(mediaType))?.[1]?.schema;
  return {
    key: key === "DEFAULT" ? "default" : key,
    mediaTypes: content.map(([mediaType]) => mediaType.toLowerCase()),
    schema: json,
    validate: json ? bodies(json) : undefined,
    headers: Object.entries(response.headers ?? {}).map(([name, header]) => ({
      name: name.toLowerCase(),
      required: header.required === true,
      validate: header.schema ? headers(header.schema) : undefined,
    })),
  };
}

export function isJsonMediaType(mediaType: string): boolean {
  return /^application\/(?:[\w.+-]+\+)?json$/i.test(mediaType.trim());
}

/**
 * One ajv instance per purpose, from the spec's shared ajv setup: strict about everything except
 * the spec's annotations, formats checked for syntax ("fast", measured in spec-bundle's README).
 */
function schemaCompiler(
  spec: SpecDocument,
  coerceTypes: boolean,
): (schema: AnySchemaObject) => ValidateFunction {
  const ajv = createSpecAjv(spec, { allErrors: true, verbose: true, coerceTypes });
  // The bundler inlines every $ref, so the same envelope appears once per operation: compile it once.
  const compiled = new Map<string, ValidateFunction>();
  return (schema) => {
    const key = JSON.stringify(schema);
    const validate = compiled.get(key) ?? ajv.compile(schema);
    compiled.set(key, validate);
    return validate;
  };
}
