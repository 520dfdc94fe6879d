import type { ResponseError } from "@impersonation-registry/types";
import { redactSecrets, type Secret } from "./redact.ts";

/** Root of every error this package throws, so `catch (e) { if (e instanceof ImpersonationRegistryError) … }` catches them all. */
export class ImpersonationRegistryError extends Error {
  override name = "ImpersonationRegistryError";
}

/** Where a failed request went; never includes credentials, the query string or the host. */
interface RequestTarget {
  method: string;
  path: string;
}

/** A response with a non-2xx status, or a 2xx whose body says `success: false`. */
export class ApiError extends ImpersonationRegistryError {
  override name = "ApiError";
  readonly status: number;
  /** The Cloudflare `errors[]` of the body, each with its `error_chain` (empty when the body had none). */
  readonly errors: ResponseError[];
  /** Every `code` of `errors` and of their chains, depth first: `[6003, 6111]` for a malformed Authorization header. */
  readonly codes: number[];
  /** The `cf-ray` header: Cloudflare's id of the request, to quote to support. */
  readonly cfRay: string | undefined;
  readonly method: string;
  readonly path: string;
  readonly headers: Headers;
  /** The parsed body (or its text when it was not JSON). */
  readonly body: unknown;

  constructor(status: number, body: unknown, headers: Headers, target: RequestTarget, message: string) {
    super(message);
    this.status = status;
    this.errors = errorsOf(body);
    this.codes = codesOf(this.errors);
    this.cfRay = headers.get("cf-ray") ?? undefined;
    this.method = target.method;
    this.path = target.path;
    this.headers = headers;
    this.body = body;
  }
}

export class BadRequestError extends ApiError {
  override name = "BadRequestError";
}
export class AuthenticationError extends ApiError {
  override name = "AuthenticationError";
}
export class PermissionDeniedError extends ApiError {
  override name = "PermissionDeniedError";
}
export class NotFoundError extends ApiError {
  override name = "NotFoundError";
}
export class ConflictError extends ApiError {
  override name = "ConflictError";
}
export class UnprocessableEntityError extends ApiError {
  override name = "UnprocessableEntityError";
}
export class RateLimitError extends ApiError {
  override name = "RateLimitError";
}
export class InternalServerError extends ApiError {
  override name = "InternalServerError";
}

/** No response arrived: refused, reset, DNS failure… `cause` holds the runtime's own error. */
export class ConnectionError extends ImpersonationRegistryError {
  override name = "ConnectionError";
  readonly method: string;
  readonly path: string;

  constructor(target: RequestTarget, message: string, cause?: unknown) {
    super(message, { cause });
    this.method = target.method;
    this.path = target.path;
  }
}

/** No complete response within `timeout` milliseconds. */
export class TimeoutError extends ConnectionError {
  override name = "TimeoutError";
}

/** Why a page walk was stopped: the server repeated a page, or sent more full pages than `total_count` allows. */
export type PaginationFailure = "repeated-page" | "too-many-pages";

/**
 * A listing that would never end: the server answered a page with the previous page's ids (it
 * ignores `page`), or kept sending full pages past what its own `total_count` allows.
 */
export class PaginationError extends ImpersonationRegistryError {
  override name = "PaginationError";
  /** The page number whose answer stopped the walk (it was not yielded). */
  readonly page: number;
  readonly reason: PaginationFailure;

  constructor(page: number, reason: PaginationFailure, message: string) {
    super(message);
    this.page = page;
    this.reason = reason;
  }
}

const errorClassByStatus: Record<number, typeof ApiError> = {
  400: BadRequestError,
  401: AuthenticationError,
  403: PermissionDeniedError,
  404: NotFoundError,
  409: ConflictError,
  422: UnprocessableEntityError,
  429: RateLimitError,
};

function errorsOf(body: unknown): ResponseError[] {
  const errors = (body as { errors?: unknown } | null)?.errors;
  return Array.isArray(errors) ? errors : [];
}

/** The chain of an error as sent; a server may send anything, so only an array counts. */
function chainOf(error: ResponseError): ResponseError[] {
  return Array.isArray(error?.error_chain) ? error.error_chain : [];
}

function codesOf(errors: readonly ResponseError[]): number[] {
  return errors.flatMap((error) =>
    [error?.code, ...codesOf(chainOf(error))].filter((code) => typeof code === "number"),
  );
}

/** `Invalid request headers (code 6003) ← Invalid format for Authorization header (code 6111)`. */
function describeError(error: ResponseError): string {
  const causes = chainOf(error).map(describeError).join("; ");
  return `${error.message}${error.code === undefined ? "" : ` (code ${error.code})`}${causes && ` ← ${causes}`}`;
}

/**
 * The typed error for a failed response, with a message such as
 * `403 Authentication error (code 10000) on GET /client/v4/accounts/…/impersonation_registry`.
 * `secrets` are cut out of the message, in case a server echoes a credential back.
 */
export function apiErrorFrom(
  response: Response,
  body: unknown,
  target: RequestTarget,
  secrets: readonly Secret[],
): ApiError {
  const { status } = response;
  const described = errorsOf(body).map(describeError).join("; ");
  const detail =
    described || (status < 300 ? "body without success: true" : response.statusText || "no error message");
  const message = redactSecrets(`${status} ${detail} on ${target.method} ${target.path}`, secrets);
  const ErrorClass = errorClassByStatus[status] ?? (status >= 500 ? InternalServerError : ApiError);
  return new ErrorClass(status, body, response.headers, target, message);
}
