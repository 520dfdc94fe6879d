import { randomBytes } from "node:crypto";
import { errorEnvelope } from "./envelope.ts";
import type { ApiError } from "./errors.ts";

const JSON_TYPE = "application/json";

/**
 * A unique `cf-ray` per response in Cloudflare's shape (16 hex + data-center
 * code): a random per-process prefix plus a counter, so no randomness per request.
 */
export function rayGenerator(): () => string {
  const prefix = randomBytes(4).toString("hex");
  let counter = 0;
  return () => {
    counter = (counter + 1) >>> 0;
    return `${prefix}${counter.toString(16).padStart(8, "0")}-SBX`;
  };
}

export function jsonResponse(
  body: string,
  status: number,
  ray: string,
  extra?: Record<string, string>,
  contentType = JSON_TYPE,
): Response {
  const headers: Record<string, string> = { "content-type": contentType, "cf-ray": ray };
  if (extra !== undefined) Object.assign(headers, extra);
  return new Response(body, { status, headers });
}

export function errorResponse(error: ApiError, ray: string, extra?: Record<string, string>): Response {
  return jsonResponse(
    errorEnvelope(error),
    error.status,
    ray,
    extra === undefined ? error.headers : { ...extra, ...error.headers },
  );
}

/**
 * Bytes that are not HTTP never reach the router; Node would answer them with a
 * bare 400. This writes the envelope instead, then hangs up as Node does.
 */
export function rawErrorResponse(error: ApiError, ray: string): string {
  const body = errorEnvelope(error);
  return [
    `HTTP/1.1 ${error.status} ${error.status === 431 ? "Request Header Fields Too Large" : "Bad Request"}`,
    `content-type: ${JSON_TYPE}`,
    `cf-ray: ${ray}`,
    "connection: close",
    `content-length: ${Buffer.byteLength(body)}`,
    "",
    body,
  ].join("\r\n");
}
