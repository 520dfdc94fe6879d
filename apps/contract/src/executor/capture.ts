/**
 * The `fetch` handed to the client: it sends the request, keeps every attempt
 * as it went over the wire (credentials replaced by placeholders) and retries
 * per the runner's policy. openapi-fetch gets a fresh Response built from the
 * text already read, so the body is read exactly once.
 */
import { setTimeout as sleep } from "node:timers/promises";
import { mayRetry, retryDelay, type Secret } from "@impersonation-registry/client";
import { type Exchange, parseJson } from "@impersonation-registry/engine";
import { describeError } from "../errors.ts";
import { redact, redactHeaders } from "../redact.ts";
import type { RetryPolicy } from "./retry-policy.ts";

/** One request sent, with its response or the reason none came. */
export interface Attempt {
  request: Exchange["request"];
  response?: Exchange["response"];
  /** Why no response arrived (connection reset, refused, timeout). */
  error?: string;
}

export interface Recorder {
  fetch(request: Request): Promise<Response>;
  /** The attempts recorded since the last call, oldest first. */
  take(): Attempt[];
}

export interface RecorderOptions {
  secrets: readonly Secret[];
  /** Aborted on SIGINT/SIGTERM: in-flight requests stop at once. */
  signal: AbortSignal;
  policy: RetryPolicy;
  /** Per attempt, response body included. */
  timeoutMs: number;
  /** Called once per request before its first attempt is sent (the journal records creates here). */
  onSend?(method: string, body: unknown): void;
  /** Asked before each retry; false ends the request with its last answer (generation spends a budget per attempt). */
  allowRetry?(): boolean;
}

export function createRecorder(options: RecorderOptions): Recorder {
  let attempts: Attempt[] = [];
  const { secrets, policy } = options;

  async function attempt(request: Request, bodyText: string | undefined) {
    const sent: Exchange["request"] = {
      method: request.method,
      url: redact(request.url, secrets),
      headers: redactHeaders(request.headers, secrets),
      ...(bodyText !== undefined && { body: parseJson(redact(bodyText, secrets)) }),
    };
    const started = performance.now();
    const signal = AbortSignal.any([options.signal, AbortSignal.timeout(options.timeoutMs)]);
    try {
      const response = await fetch(request.clone(), { signal });
      const text = await response.text();
      const redactedText = redact(text, secrets);
      attempts.push({
        request: sent,
        response: {
          status: response.status,
          headers: redactHeaders(response.headers, secrets),
          body: parseJson(redactedText),
          text: redactedText,
          durationMs: performance.now() - started,
        },
      });
      return { response, text };
    } catch (error) {
      if (options.signal.aborted) throw error;
      attempts.push({ request: sent, error: redact(describeError(error), secrets) });
      return { error };
    }
  }

  return {
    async fetch(request) {
      const bodyText = request.body === null ? undefined : await request.clone().text();
      options.onSend?.(request.method, bodyText === undefined ? undefined : parseJson(bodyText));
      for (let retry = 0; ; retry++) {
        const outcome = await attempt(request, bodyText);
        const canRetry =
          retry < policy.maxRetries &&
          mayRetry(request.method, outcome.response?.status, outcome.error) &&
          (options.allowRetry?.() ?? true);
        const delay = canRetry ? retryDelay(retry, outcome.response?.headers) : undefined;
        if (delay === undefined) {
          if (outcome.response) {
            const { status, statusText, headers } = outcome.response;
            return new Response(nullBodyStatus(status) ? null : outcome.text, {
              status,
              statusText,
              headers,
            });
          }
          throw outcome.error;
        }
        await sleep(delay, undefined, { signal: options.signal });
      }
    },
    take() {
      const taken = attempts;
      attempts = [];
      return taken;
    },
  };
}

/** The Response constructor refuses a body with these statuses. */
function nullBodyStatus(status: number): boolean {
  return status === 101 || status === 204 || status === 205 || status === 304;
}
