/**
 * When the runner sends a step's request again. The raw client layer never
 * retries (so every status is seen); the runner retries what a careful caller
 * would, and every attempt is recorded and validated:
 * - 429 on any method, after the server's Retry-After (the API's own rate limit must be honoured);
 * - 5xx and dropped connections on every method but POST, which could create a duplicate entry.
 */
export interface RetryPolicy {
  maxRetries: number;
  /** First back-off in ms when the server names no delay; doubles per retry. */
  baseDelayMs: number;
  /** Longest Retry-After honoured; a longer one fails the step rather than stall the run. */
  maxRetryAfterMs: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3, baseDelayMs: 200, maxRetryAfterMs: 60_000 };

export function shouldRetry(method: string, outcome: { status: number } | { error: unknown }): boolean {
  if ("status" in outcome) return outcome.status === 429 || (outcome.status >= 500 && method !== "POST");
  return method !== "POST";
}

/** Milliseconds to wait before retry number `retry` (0-based), or undefined when the server asks too much. */
export function retryDelay(
  retry: number,
  headers: Headers | undefined,
  policy: RetryPolicy,
): number | undefined {
  const retryAfter = headers?.get("retry-after");
  if (retryAfter) {
    const seconds = Number(retryAfter);
    const ms = Number.isFinite(seconds) ? seconds * 1000 : Date.parse(retryAfter) - Date.now();
    if (Number.isFinite(ms)) return ms <= policy.maxRetryAfterMs ? Math.max(0, ms) : undefined;
  }
  return policy.baseDelayMs * 2 ** retry;
}
