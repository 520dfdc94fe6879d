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
