/**
 * Request validation derived from the bundled spec: for every operation the
 * path and query parameters, the JSON body and the body's `x-format-by` rules
 * are compiled into ajv validators once, at startup. Nothing here restates a
 * schema or a rule from the spec.
 */
import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import { parameterSchema, specOperations } from "@impersonation-registry/spec-bundle/operations";
import { resolvePointer } from "@impersonation-registry/spec-bundle/pointer";
import type { OperationId } from "@impersonation-registry/types";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import type { Ajv, ErrorObject, ValidateFunction } from "ajv";
import { apiErrors } from "./errors.ts";

/** Computes a value on first call and returns that same value afterwards. */
function once<T>(make: () => T): () => T {
  let value: T | undefined;
  let made = false;
  return () => {
    if (!made) {
      value = make();
      made = true;
    }
    return value as T;
  };
}

/** What validation reads of an operation object, beyond its parameters. */
interface OperationObject {
  requestBody?: { required?: boolean; content: Record<string, { schema: object }> };
  "x-api-token-group"?: string[];
}

export interface CompiledOperation {
  operationId: OperationId;
  method: string;
  /** The spec's path template, e.g. `/accounts/{account_id}/…`. */
  path: string;
  /** The permission groups that may call it (`x-api-token-group`). */
  permissions: readonly string[];
  /** Validates (coercing strings to the declared types, applying defaults) or throws a 400. */
  params(raw: Record<string, string>): Record<string, unknown>;
  query(search: URLSearchParams): Record<string, unknown>;
  /** Undefined when the operation takes no body. */
  body: ((value: unknown) => void) | undefined;
  /** Media types the spec accepts for the body, e.g. `application/json`. */
  bodyMediaTypes: readonly string[];
  /**
   * Checks the body's `x-format-by` rules (openapi/README.md), which JSON Schema cannot state: each
   * such property the body sets, or whose deciding sibling it sets, must have the format the
   * sibling's value names — the body's value of either, else `stored`'s (the entry a PATCH
   * changes). Throws a 400; does nothing for an operation without such a rule.
   */
  checkDependentFormats(body: object, stored?: object): void;
}

export interface Validators {
  operations: CompiledOperation[];
  /** The compiled operation of an operationId; throws when the spec has none. */
  operation(id: OperationId): CompiledOperation;
  /** Compiles every validator not compiled yet, one per event-loop turn so requests interleave. */
  warm(): Promise<void>;
}

/**
 * The spec's shared ajv setup, which loads ajv on its first call: loading it before listening cost
 * ~30 ms of every start-up's time to first answer. The spec is linted before it is bundled, so
 * checking its schemas against the meta-schema again would only cost start-up.
 */
function newAjv(spec: SpecDocument, coerce: boolean): Ajv {
  return createSpecAjv(spec, {
    validateSchema: false,
    coerceTypes: coerce,
    useDefaults: coerce,
    allErrors: false,
  });
}

/**
 * Each validator is compiled once, never per request: by `warm()`, which the sandbox calls as
 * soon as it listens, or earlier by the first request that needs it. Compiling them before
 * listening was ~50 ms of every start-up's time to first answer.
 */
export function compileValidators(spec: SpecDocument): Validators {
  const paramsAjv = once(() => newAjv(spec, true));
  const bodyAjv = once(() => newAjv(spec, false));
  const operations: CompiledOperation[] = [];
  const compilers: (() => unknown)[] = [];
  // One validator per format name, shared by every operation whose rules name it.
  const formatValidators = new Map<string, () => ValidateFunction>();
  const formatValidator = (format: string) => {
    let validator = formatValidators.get(format);
    if (validator === undefined) {
      validator = once(() => bodyAjv().compile({ type: "string", format }));
      formatValidators.set(format, validator);
      compilers.push(validator);
    }
    return validator;
  };
  for (const { id, method, path, parameters, operation: object } of specOperations(spec)) {
    const operation = object as OperationObject;
    const pathSchema = parameterSchema(parameters, "path");
    const querySchema = parameterSchema(parameters, "query");
    const pathValidator = once(() => paramsAjv().compile(pathSchema));
    const queryValidator = once(() => paramsAjv().compile(querySchema));
    const queryNames = Object.keys(querySchema.properties);
    const content = operation.requestBody?.content ?? {};
    const jsonSchema = content["application/json"]?.schema;
    const bodyValidator = jsonSchema === undefined ? undefined : once(() => bodyAjv().compile(jsonSchema));
    compilers.push(pathValidator, queryValidator, ...(bodyValidator ? [bodyValidator] : []));
    const formatRules = dependentFormatRules(spec, jsonSchema, formatValidator);
    operations.push({
      operationId: id as OperationId,
      method,
      path,
      permissions: operation["x-api-token-group"] ?? [],
      params(raw) {
        const validatePath = pathValidator();
        const value: Record<string, unknown> = { ...raw };
        if (!validatePath(value)) throw parameterError("path", validatePath.errors);
        return value;
      },
      query(search) {
        const validateQuery = queryValidator();
        const value: Record<string, unknown> = {};
        // Unknown parameters are ignored, as Cloudflare does; a repeated one counts once (the first).
        for (const name of queryNames) {
          const raw = search.get(name);
          if (raw !== null) value[name] = raw;
        }
        if (!validateQuery(value)) throw parameterError("query", validateQuery.errors);
        return value;
      },
      body:
        bodyValidator === undefined
          ? undefined
          : (value) => {
              const validateBody = bodyValidator();
              if (!validateBody(value)) throw bodyError(validateBody.errors);
            },
      bodyMediaTypes: Object.keys(content),
      checkDependentFormats(body, stored) {
        for (const rule of formatRules) checkFormatRule(rule, body, stored);
      },
    });
  }
  return {
    operations,
    operation(id) {
      const found = operations.find((operation) => operation.operationId === id);
      if (found === undefined) throw new Error(`the spec has no operation ${id}`);
      return found;
    },
    async warm() {
      for (const compile of compilers) {
        compile();
        await new Promise(setImmediate);
      }
    },
  };
}

function parameterError(location: "path" | "query", errors: ErrorObject[] | null | undefined) {
  const error = errors?.[0];
  const name =
    error === undefined ? "?" : error.instancePath.slice(1) || String(error.params.missingProperty ?? "?");
  return apiErrors.invalidRequest(
    `Invalid ${location} parameter ${name}: ${error?.message ?? "is invalid"}${allowedValues(error)}`,
  );
}

function bodyError(errors: ErrorObject[] | null | undefined) {
  const error = errors?.[0];
  let pointer = error?.instancePath ?? "";
  if (error?.keyword === "required") pointer += `/${String(error.params.missingProperty)}`;
  const where = pointer === "" ? "the body" : pointer.slice(1);
  const problem = error?.keyword === "required" ? "is required" : (error?.message ?? "is invalid");
  return apiErrors.invalidRequest(
    `Invalid request body: ${where} ${problem}${allowedValues(error)}`,
    pointer,
  );
}

function allowedValues(error: ErrorObject | undefined): string {
  return error?.keyword === "enum" ? ` (${(error.params.allowedValues as unknown[]).join(", ")})` : "";
}

/** The spec's `x-format-by` on a property (openapi/README.md). */
interface FormatBy {
  /** The sibling property whose value decides the format. */
  property: string;
  /** The sibling's value as JSON text (`"true"`) → a JSON Schema format name. */
  formats: Record<string, string>;
}

/** One `x-format-by` property of a body schema, its formats compiled lazily. */
interface FormatRule {
  property: string;
  sibling: string;
  formats: Map<string, { name: string; validate: () => ValidateFunction }>;
}

/** The `x-format-by` properties of an object schema, `$ref`s followed as `createSpecAjv` does. */
function dependentFormatRules(
  spec: SpecDocument,
  schema: object | undefined,
  formatValidator: (format: string) => () => ValidateFunction,
): FormatRule[] {
  const object = resolveRefs(spec, schema) as { properties?: Record<string, object> } | undefined;
  return Object.entries(object?.properties ?? {}).flatMap(([property, child]) => {
    const by = (resolveRefs(spec, child) as { "x-format-by"?: FormatBy } | undefined)?.["x-format-by"];
    if (by === undefined) return [];
    const formats = new Map(
      Object.entries(by.formats).map(([value, name]) => [value, { name, validate: formatValidator(name) }]),
    );
    return [{ property, sibling: by.property, formats }];
  });
}

/** The schema a chain of local `$ref`s ends at (the bundled spec keeps only those closing a cycle). */
function resolveRefs(spec: SpecDocument, schema: unknown): unknown {
  const seen = new Set<string>();
  let node = schema;
  while (typeof node === "object" && node !== null && "$ref" in node && typeof node.$ref === "string") {
    if (seen.has(node.$ref)) return undefined;
    seen.add(node.$ref);
    node = resolvePointer(spec, node.$ref);
  }
  return node;
}

/** Wording of the errors for the spec's formats; any other format is named as it is. */
const FORMAT_NOUNS = new Map([
  ["email", "email address"],
  ["regex", "regular expression"],
]);

function checkFormatRule(rule: FormatRule, body: object, stored: object | undefined): void {
  const sent = body as Record<string, unknown>;
  const kept = (stored ?? {}) as Record<string, unknown>;
  const valueSent = Object.hasOwn(sent, rule.property);
  const siblingSent = Object.hasOwn(sent, rule.sibling);
  if (!valueSent && !siblingSent) return;
  const value = valueSent ? sent[rule.property] : kept[rule.property];
  const sibling = siblingSent ? sent[rule.sibling] : kept[rule.sibling];
  const format = sibling === undefined ? undefined : rule.formats.get(JSON.stringify(sibling));
  if (format === undefined || typeof value !== "string" || format.validate()(value)) return;
  const stating = (sentHere: boolean, name: string) => (sentHere ? name : `the stored ${name}`);
  throw apiErrors.invalidRequest(
    `Invalid request body: ${stating(valueSent, rule.property)} is not a valid ${
      FORMAT_NOUNS.get(format.name) ?? format.name
    } (${stating(siblingSent, rule.sibling)} is ${JSON.stringify(sibling)})`,
    `/${rule.property.replaceAll("~", "~0").replaceAll("/", "~1")}`,
  );
}
