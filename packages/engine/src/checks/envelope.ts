/**
 * Cloudflare's v4 envelope must agree with the status: a client branches on
 * `success` and shows `errors[0]`, so a contradiction misleads it even where a
 * schema alone cannot say so (e.g. an undocumented status has no schema).
 */

import { isObject, jsonType } from "../json.ts";
import type { Exchange } from "../model.ts";
import type { Check } from "./types.ts";

function succeeded(exchange: Exchange): boolean {
  return exchange.response.status >= 200 && exchange.response.status < 300;
}

export const envelopeSuccess: Check = (exchange) => {
  const body = exchange.response.body;
  if (!isObject(body) || typeof body.success !== "boolean" || body.success === succeeded(exchange)) return [];
  return [{ pointer: "/success", expected: succeeded(exchange), observed: body.success }];
};

export const envelopeErrors: Check = (exchange) => {
  const body = exchange.response.body;
  if (succeeded(exchange) || !isObject(body) || !Array.isArray(body.errors) || body.errors.length > 0)
    return [];
  return [{ pointer: "/errors", expected: "at least one error", observed: [] }];
};

export const envelopeResult: Check = (exchange) => {
  const body = exchange.response.body;
  if (succeeded(exchange) || !isObject(body) || !("result" in body) || body.result === null) return [];
  return [{ pointer: "/result", expected: null, observed: jsonType(body.result) }];
};

/** The envelope rules own their pointers: the schema check does not report the same drift again. */
export const ENVELOPE_CHECKS: readonly Check[] = [envelopeSuccess, envelopeErrors, envelopeResult];
