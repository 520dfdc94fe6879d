/**
 * When the runner sends a step's request again. The raw client layer never
 * retries (so every status is seen); the runner retries exactly what the
 * client package retries — one classification, the client's `mayRetry` and
 * `retryDelay` (its README has the table and the reasons) — and records and
 * validates every attempt. Only the number of retries is the runner's own.
 */
export interface RetryPolicy {
  maxRetries: number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxRetries: 3 };
