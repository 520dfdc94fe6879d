/**
 * The Hono application: routes are generated from the spec's paths, each request runs
 * fault → authenticate → rate limit → account id shape → authorize → validate → operation →
 * drift, and every answer (including 404/405/413/500) is the v4 envelope with
 * `content-type: application/json` and a fresh `cf-ray`.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { HttpBindings } from "@hono/node-server";
import { type Handler, Hono } from "hono";
import { mountAdmin } from "./admin.ts";
import { authorize, type CredentialIndex, checkAccountId } from "./auth.ts";
import { readBodyText } from "./body.ts";
import type { DriftState, Fault } from "./drift.ts";
import { serializeEnvelope } from "./envelope.ts";
import { ApiError, apiErrors } from "./errors.ts";
import { type RateLimiter, stormError } from "./rate-limit.ts";
import { errorResponse, jsonResponse } from "./responses.ts";
import type { OperationHandler } from "./routes/entries.ts";
import type { CompiledOperation } from "./validation.ts";

export const API_PREFIX = "/client/v4";
export const MAX_BODY_BYTES = 1024 * 1024;

export interface AppDeps {
  operations: CompiledOperation[];
  handlers: Record<string, OperationHandler>;
  credentials: CredentialIndex;
  limiter: RateLimiter | undefined;
  drift: DriftState;
  adminToken: string | undefined;
  /** Issues the `cf-ray` of each response. */
  ray: () => string;
  /** Where unexpected errors go; the client only ever sees code 10001. */
  onUnexpectedError: (error: unknown) => void;
}

export type Env = { Bindings: HttpBindings };

export function createApp(deps: AppDeps): Hono<Env> {
  const app = new Hono<Env>();
  const { ray } = deps;

  const byPath = new Map<string, CompiledOperation[]>();
  for (const operation of deps.operations)
    byPath.set(operation.path, [...(byPath.get(operation.path) ?? []), operation]);
  for (const [path, operations] of byPath) {
    const route = API_PREFIX + path.replace(/\{([^}]+)\}/g, ":$1");
    for (const operation of operations) {
      const handler = deps.handlers[operation.operationId];
      if (handler === undefined) throw new Error(`no handler for operation ${operation.operationId}`);
      const respond: Handler<Env> = (c) =>
        handle(deps, operation, handler, c.req.raw, c.req.param() as Record<string, string>, c.env, ray());
      app.on(operation.method.toUpperCase(), route, respond);
    }
    const allow = operations.map((operation) => operation.method.toUpperCase()).join(", ");
    app.all(route, () => {
      throw apiErrors.methodNotAllowed(allow);
    });
  }

  if (deps.adminToken !== undefined) mountAdmin(app, deps.adminToken, deps.drift, ray);

  app.notFound(() => errorResponse(apiErrors.noRoute(), ray()));
  app.onError((error) => {
    if (error instanceof ApiError) return errorResponse(error, ray());
    deps.onUnexpectedError(error);
    return errorResponse(apiErrors.internal(), ray());
  });
  return app;
}

async function handle(
  deps: AppDeps,
  operation: CompiledOperation,
  handler: OperationHandler,
  request: Request,
  rawParams: Record<string, string>,
  env: HttpBindings,
  ray: string,
): Promise<Response> {
  const fault = deps.drift.nextFault();
  if (fault !== undefined) {
    const response = await inflict(fault, env, ray);
    if (response !== undefined) return response;
  }
  let limitHeaders: Record<string, string> | undefined;
  try {
    const principal = deps.credentials.authenticate(request.headers);
    limitHeaders = deps.limiter?.take(principal.key, Date.now());
    const accountId = rawParams.account_id ?? "";
    checkAccountId(accountId);
    authorize(principal, accountId, operation.permissions);
    const params = operation.params(rawParams);
    const query = operation.query(searchParams(request.url));
    const body = operation.body === undefined ? undefined : await readBody(request, env, operation);
    const envelope = handler({ accountId, params, query, body });

    const profile = deps.drift.profile;
    if (profile?.operations.includes(operation.operationId)) {
      profile.envelope?.(envelope);
      return jsonResponse(
        serializeEnvelope(envelope),
        profile.status ?? 200,
        ray,
        limitHeaders,
        profile.contentType,
      );
    }
    return jsonResponse(serializeEnvelope(envelope), 200, ray, limitHeaders);
  } catch (error) {
    if (error instanceof ApiError) return errorResponse(error, ray, limitHeaders);
    throw error;
  }
}

function searchParams(url: string): URLSearchParams {
  const start = url.indexOf("?");
  return new URLSearchParams(start === -1 ? "" : url.slice(start + 1));
}

async function readBody(request: Request, env: HttpBindings, operation: CompiledOperation): Promise<unknown> {
  const mediaType = request.headers.get("content-type")?.split(";")[0]?.trim().toLowerCase();
  if (mediaType === undefined || !operation.bodyMediaTypes.includes(mediaType)) {
    throw apiErrors.unsupportedMediaType(operation.bodyMediaTypes.join(", "));
  }
  const text = await readBodyText(env.incoming, MAX_BODY_BYTES);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw apiErrors.malformedJson();
  }
  operation.body?.(body);
  return body;
}

/** Applies a fault: a delay lets the request continue, the others answer (or hang up) instead. */
async function inflict(fault: Fault, env: HttpBindings, ray: string): Promise<Response | undefined> {
  switch (fault.type) {
    case "delay":
      await sleep(fault.ms);
      return undefined;
    case "reset":
      env.incoming.socket.destroy();
      return new Response(null, { status: 500 });
    case "error":
      return errorResponse(fault.status === 500 ? apiErrors.internal() : stormError(), ray);
  }
}
