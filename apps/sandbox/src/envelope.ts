import type { ResultInfo } from "@impersonation-registry/types";
import type { ApiError } from "./errors.ts";

/** Cloudflare's v4 envelope; `messages` stays mutable so drift profiles can drop it. */
export interface SuccessEnvelope {
  success: true;
  errors: [];
  messages?: [];
  result: unknown;
  result_info?: ResultInfo;
}

/** A result that is already JSON text (the cached entries of a list page), embedded as is. */
export class RawJson {
  readonly json: string;

  constructor(json: string) {
    this.json = json;
  }
}

/** JSON.stringify, except that a RawJson result is spliced in verbatim (JSON.rawJSON takes primitives only). */
export function serializeEnvelope(envelope: SuccessEnvelope): string {
  if (!(envelope.result instanceof RawJson)) return JSON.stringify(envelope);
  let json = '{"success":true,"errors":[]';
  if (envelope.messages !== undefined) json += ',"messages":[]';
  json += `,"result":${envelope.result.json}`;
  if (envelope.result_info !== undefined) json += `,"result_info":${JSON.stringify(envelope.result_info)}`;
  return `${json}}`;
}

export function successEnvelope(result: unknown, resultInfo?: ResultInfo): SuccessEnvelope {
  return resultInfo === undefined
    ? { success: true, errors: [], messages: [], result }
    : { success: true, errors: [], messages: [], result, result_info: resultInfo };
}

export function errorEnvelope(error: ApiError): string {
  return JSON.stringify({ success: false, errors: error.details, messages: [], result: null });
}
