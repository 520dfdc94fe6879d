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

export function successEnvelope(result: unknown, resultInfo?: ResultInfo): SuccessEnvelope {
  return resultInfo === undefined
    ? { success: true, errors: [], messages: [], result }
    : { success: true, errors: [], messages: [], result, result_info: resultInfo };
}

export function errorEnvelope(error: ApiError): string {
  return JSON.stringify(
    error.errorChain === undefined
      ? { success: false, errors: error.details, messages: [], result: null }
      : { success: false, errors: error.details, messages: [], error_chain: error.errorChain, result: null },
  );
}
