/**
 * Request validation derived from the bundled spec: for every operation the
 * path and query parameters and the JSON body are compiled into ajv validators
 * once, at startup. Nothing here restates a schema from the spec.
 */
import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import { parameterSchema, specOperations } from "@impersonation-registry/spec-bundle/operations";
import type { OperationId } from "@impersonation-registry/types";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import type { Ajv, ErrorObject } from "ajv";
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
}

export interface Validators {
  operations: CompiledOperation[];
  /** `is_email_regex: false` needs an address; the spec leaves `email` a bare string because of patterns. */
  isEmail(value: string): boolean;
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
    });
  }
  const emailValidator = once(() => bodyAjv().compile({ type: "string", format: "email" }));
  compilers.push(emailValidator);
  return {
    operations,
    isEmail: (value) => emailValidator()(value) as boolean,
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

/** `is_email_regex: true` needs a pattern JavaScript can compile; false needs an address. */
export function checkEmail(validators: Validators, email: string, isRegex: boolean): void {
  if (isRegex) {
    try {
      new RegExp(email);
    } catch {
      throw apiErrors.invalidRequest(
        "Invalid request body: email is not a valid regular expression",
        "/email",
      );
    }
  } else if (!validators.isEmail(email)) {
    throw apiErrors.invalidRequest("Invalid request body: email is not a valid email address", "/email");
  }
}
