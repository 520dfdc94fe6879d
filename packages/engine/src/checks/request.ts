/**
 * The request against the spec: what a consumer sent — path, query and header
 * parameters, credentials, body — judged as a response is, so a consumer bug
 * is a finding of its own (`request-invalid`) and never taken for drift of the
 * server. Only exchanges a consumer sent are judged this way (the proxy): a
 * contract run's invalid-input scenario sends invalid requests on purpose.
 *
 * The validators are compiled here, once per spec, from the spec's shared ajv
 * setup (`@impersonation-registry/spec-bundle/ajv`): parameters arrive as
 * strings, so they are coerced to their declared types (`per_page=20` is an
 * integer); bodies are not.
 */
import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import { parameterSchema, specOperations } from "@impersonation-registry/spec-bundle/operations";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import type { AnySchemaObject, ErrorObject, ValidateFunction } from "ajv";
import { childPointer, summarize } from "../json.ts";
import type { Exchange } from "../model.ts";
import { isJsonMediaType } from "../spec-index.ts";
import { driftOf, ruleOf } from "./schema.ts";
import type { CheckContext, Drift } from "./types.ts";

const LOCATIONS = ["path", "query", "header"] as const;
type Location = (typeof LOCATIONS)[number];
/** Where a request finding points: `/path/<name>`, `/query/<name>`, `/headers/<name>`, `/body…`. */
const POINTER_ROOT: Record<Location, string> = { path: "/path", query: "/query", header: "/headers" };

interface SecurityScheme {
  type: string;
  scheme?: string;
  in?: string;
  name?: string;
}

/** One way to authenticate: every credential it needs, as a request would show it. */
interface Credential {
  /** `Authorization: Bearer …`, `X-Auth-Key`: what the finding names. */
  label: string;
  present(request: ParsedRequest): boolean;
}

interface RequestSchema {
  /** The path template as a pattern anchored at the end, its `{param}` names in order. */
  path: { pattern: RegExp; names: string[] };
  parameters: Record<Location, { names: string[]; validate: ValidateFunction | undefined }>;
  body: { required: boolean; mediaTypes: string[]; validate: ValidateFunction | undefined } | undefined;
  /** Alternatives: satisfying one is enough; empty when the operation needs no credentials. */
  security: Credential[][];
}

export interface RequestIndex {
  operation(id: string): RequestSchema | undefined;
}

/** What a request check may consult: a response check's context and the request validators. */
export interface RequestContext extends CheckContext {
  requests: RequestIndex;
}

/** The one signature of request checks. */
export type RequestCheck = (exchange: Exchange, context: RequestContext) => Drift[];

interface ParsedRequest {
  url: URL;
  headers: Record<string, string>;
}

/** `/accounts/{account_id}/x` → a pattern where each `{param}` is one non-empty segment. */
export function templatePattern(template: string): string {
  return template
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? "([^/]+)" : part.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")))
    .join("");
}

export function indexRequests(spec: SpecDocument): RequestIndex {
  const parameters = createSpecAjv(spec, { allErrors: true, verbose: true, coerceTypes: true });
  const bodies = createSpecAjv(spec, { allErrors: true, verbose: true });
  const schemes = (spec.components?.securitySchemes ?? {}) as Record<string, SecurityScheme>;
  const operations = new Map<string, RequestSchema>();
  for (const { id, path, parameters: all, operation } of specOperations(spec)) {
    const { requestBody, security } = operation as {
      requestBody?: { required?: boolean; content?: Record<string, { schema?: AnySchemaObject }> };
      security?: Record<string, string[]>[];
    };
    const content = Object.entries(requestBody?.content ?? {});
    const json = content.find(([mediaType]) => isJsonMediaType(mediaType))?.[1].schema;
    operations.set(id, {
      path: {
        pattern: new RegExp(`${templatePattern(path)}$`),
        names: [...path.matchAll(/\{([^}]+)\}/g)].map((match) => match[1] as string),
      },
      parameters: Object.fromEntries(
        LOCATIONS.map((location) => {
          const schema = parameterSchema(all, location);
          const names = Object.keys(schema.properties);
          return [location, { names, validate: names.length > 0 ? parameters.compile(schema) : undefined }];
        }),
      ) as RequestSchema["parameters"],
      body: requestBody && {
        required: requestBody.required === true,
        mediaTypes: content.map(([mediaType]) => mediaType.toLowerCase()),
        validate: json ? bodies.compile(json) : undefined,
      },
      security: (security ?? (spec.security as Record<string, string[]>[] | undefined) ?? []).map(
        (requirement) => Object.keys(requirement).map((scheme) => credentialOf(schemes[scheme], scheme)),
      ),
    });
  }
  return { operation: (id) => operations.get(id) };
}

function credentialOf(scheme: SecurityScheme | undefined, id: string): Credential {
  if (scheme?.type === "http") {
    const word = scheme.scheme ?? "";
    const prefix = new RegExp(`^${word}\\s+\\S`, "i");
    return {
      label: `Authorization: ${word[0]?.toUpperCase()}${word.slice(1).toLowerCase()} …`,
      present: (request) => prefix.test(request.headers.authorization ?? ""),
    };
  }
  if (scheme?.type === "apiKey" && scheme.name) {
    const name = scheme.name;
    if (scheme.in === "query") return { label: `?${name}=…`, present: (r) => r.url.searchParams.has(name) };
    if (scheme.in === "cookie")
      return {
        label: `Cookie: ${name}=…`,
        present: (r) => (r.headers.cookie ?? "").split(/;\s*/).some((c) => c.startsWith(`${name}=`)),
      };
    return { label: name, present: (r) => r.headers[name.toLowerCase()] !== undefined };
  }
  // A scheme the proxy cannot see on a request (oauth2, openIdConnect…): never held against it.
  return { label: id, present: () => true };
}

/** Every way the request breaks its operation's request description. */
export const requestInvalid: RequestCheck = (exchange, { requests }) => {
  const schema = requests.operation(exchange.operation);
  const request = parse(exchange);
  if (!schema || !request) return [];
  return [
    ...credentialDrifts(schema, request),
    ...parameterDrifts(schema, request),
    ...bodyDrifts(schema, exchange.request, request),
  ];
};

function parse(exchange: Exchange): ParsedRequest | undefined {
  if (!URL.canParse(exchange.request.url)) return undefined;
  return { url: new URL(exchange.request.url), headers: exchange.request.headers };
}

function credentialDrifts(schema: RequestSchema, request: ParsedRequest): Drift[] {
  if (schema.security.length === 0 || schema.security.some((all) => all.every((c) => c.present(request))))
    return [];
  return [
    {
      pointer: "/headers/authorization",
      expected: schema.security.map((all) => all.map((c) => c.label).join(" + ")).join(", or "),
      observed: "no credentials",
    },
  ];
}

function parameterDrifts(schema: RequestSchema, request: ParsedRequest): Drift[] {
  const drifts: Drift[] = [];
  const values: Record<Location, Record<string, unknown>> = { path: {}, query: {}, header: {} };
  const segments = schema.path.pattern.exec(request.url.pathname)?.slice(1) ?? [];
  for (const [i, name] of schema.path.names.entries()) {
    const raw = segments[i];
    if (raw === undefined) continue;
    try {
      values.path[name] = decodeURIComponent(raw);
    } catch {
      drifts.push({
        pointer: childPointer("/path", name),
        expected: "a percent-encoded value",
        observed: raw,
      });
    }
  }
  for (const name of schema.parameters.query.names) {
    const all = request.url.searchParams.getAll(name);
    if (all.length > 0) values.query[name] = all.length === 1 ? all[0] : all;
  }
  for (const name of schema.parameters.header.names) {
    if (request.headers[name] !== undefined) values.header[name] = request.headers[name];
  }
  for (const location of LOCATIONS) {
    const { validate } = schema.parameters[location];
    const given = values[location];
    // ajv coerces in place: it gets a copy, so the values as sent stay for the finding.
    if (!validate || validate({ ...given })) continue;
    drifts.push(
      ...schemaDrifts(validate.errors ?? [], POINTER_ROOT[location], (error) =>
        // The value as sent, not as ajv coerced it: `per_page=abc`, not "string".
        error.keyword === "type" ? given[error.instancePath.slice(1)] : undefined,
      ),
    );
  }
  return drifts;
}

function bodyDrifts(schema: RequestSchema, sent: Exchange["request"], request: ParsedRequest): Drift[] {
  const { body } = schema;
  const present = sent.body !== undefined || sent.bodyText !== undefined;
  if (!body) return [];
  if (!present) {
    return body.required ? [{ pointer: "/body", expected: "a body (required)", observed: "absent" }] : [];
  }
  const mediaType = request.headers["content-type"]?.split(";")[0]?.trim().toLowerCase();
  if (!mediaType || !body.mediaTypes.includes(mediaType)) {
    return [
      { pointer: "/headers/content-type", expected: body.mediaTypes.join(", "), observed: mediaType ?? null },
    ];
  }
  if (!isJsonMediaType(mediaType) || !body.validate) return [];
  if (sent.body === undefined)
    return [{ pointer: "/body", expected: "a JSON body", observed: summarize(sent.bodyText) }];
  return body.validate(sent.body) ? [] : schemaDrifts(body.validate.errors ?? [], "/body");
}

/**
 * ajv's errors as drifts under `root`, worded as the response schema rules word them; a value of
 * the wrong type is one drift, not also an enum or format one.
 */
function schemaDrifts(
  errors: ErrorObject[],
  root: string,
  observedAs: (error: ErrorObject) => unknown = () => undefined,
): Drift[] {
  const mistyped = new Set(errors.filter((e) => e.keyword === "type").map((e) => e.instancePath));
  return errors
    .filter((error) => error.keyword === "type" || !mistyped.has(error.instancePath))
    .map((error) => {
      const drift = driftOf(ruleOf(error), error);
      const observed = observedAs(error);
      return {
        ...drift,
        pointer: `${root}${drift.pointer}`,
        ...(observed !== undefined && { observed: summarize(observed) }),
      };
    });
}
