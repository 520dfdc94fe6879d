/**
 * The Hono application: routes are generated from the spec's paths, each request runs
 * fault → authenticate → rate limit → account id shape → authorize → validate → operation →
 * drift, and every answer (including 404/405/413/500) is the v4 envelope with
 * `content-type: application/json` and a fresh `cf-ray` — unless a drift profile says otherwise.
 */
import { setTimeout as sleep } from "node:timers/promises";
import type { HttpBindings } from "@hono/node-server";
import { type Handler, Hono } from "hono";
import { mountAdmin } from "./admin.ts";
import { authorize, type CredentialIndex, checkAccountId } from "./auth.ts";
import { readBodyText } from "./body.ts";
import type { DriftState, Fault } from "./drift.ts";
import { serializeEnvelope } from "./envelope.ts";
import { ApiError, apiErrors, isValidationError } from "./errors.ts";
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

  /** Routing and unexpected errors; under /client/v4 the drift in force may rewrite their headers. */
  const answerError = (path: string, error: ApiError): Response => {
    const response = errorResponse(error, ray());
    if (path === API_PREFIX || path.startsWith(`${API_PREFIX}/`))
      deps.drift.profile?.headers?.(response.headers);
    return response;
  };
  app.notFound((c) => answerError(c.req.path, apiErrors.noRoute()));
  app.onError((error, c) => {
    if (error instanceof ApiError) return answerError(c.req.path, error);
    deps.onUnexpectedError(error);
    return answerError(c.req.path, apiErrors.internal());
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
  const profile = deps.drift.for(operation.operationId);
  let limitHeaders: Record<string, string> | undefined;
  let response: Response;
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
    if (profile === undefined) {
      response = jsonResponse(serializeEnvelope(envelope), 200, ray, limitHeaders);
    } else {
      profile.envelope?.(envelope);
      response = jsonResponse(
        serializeEnvelope(envelope),
        profile.status ?? 200,
        ray,
        limitHeaders,
        profile.contentType,
      );
    }
  } catch (error) {
    if (!(error instanceof ApiError)) throw error;
    const rewrite = profile?.validationError;
    const answered = rewrite !== undefined && isValidationError(error) ? rewrite(error) : error;
    response = errorResponse(answered, ray, limitHeaders);
  }
  profile?.headers?.(response.headers);
  return response;
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

/** Applies a fault: a delay lets the request continue, the others answer, hang up or throw instead. */
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
    case "throw":
      throw new Error("injected by the internal-error fault profile");
  }
}
