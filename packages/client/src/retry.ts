/** Statuses worth another attempt: the request timed out, conflicted with a concurrent one, was rate limited, or failed on the server. */
export function isRetryableStatus(status: number): boolean {
  return status === 408 || status === 409 || status === 429 || status >= 500;
}

/**
 * Whether a request that got `status` (or, when `status` is undefined, threw `error`) may be sent
 * again. A POST creates an entry, so it is resent only when it certainly did not take effect: the
 * server said 429, or the connection was refused before anything was sent. A 5xx, a reset or a
 * timeout may come after the entry was created, and resending would create a duplicate.
 */
export function mayRetry(method: string, status: number | undefined, error: unknown): boolean {
  if (method !== "POST") return status === undefined || isRetryableStatus(status);
  return status === undefined ? isConnectionRefused(error) : status === 429;
}

const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

/**
 * Milliseconds to wait before retry number `retry` (0 for the first): the server's
 * `retry-after-ms` or `Retry-After` (seconds or an HTTP date) when present and under a minute,
 * otherwise 0.5 s · 2ⁿ capped at 8 s, less up to 25 % jitter so that many clients spread out.
 */
export function retryDelay(
  retry: number,
  headers: Headers | undefined,
  random: () => number = Math.random,
  now: number = Date.now(),
): number {
  const fromServer = headers ? serverDelay(headers, now) : undefined;
  if (fromServer !== undefined && fromServer >= 0 && fromServer <= MAX_RETRY_AFTER_MS) return fromServer;
  const backoff = Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS);
  return backoff * (1 - random() * 0.25);
}

function serverDelay(headers: Headers, now: number): number | undefined {
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Number(ms);
  const retryAfter = headers.get("retry-after");
  if (retryAfter === null || retryAfter.trim() === "") return undefined;
  const seconds = Number(retryAfter);
  if (Number.isFinite(seconds)) return seconds * 1000;
  const date = Date.parse(retryAfter);
  return Number.isNaN(date) ? undefined : date - now;
}

/**
 * Undici reports a refused connection as `TypeError: fetch failed` whose cause has
 * `code: "ECONNREFUSED"` (an AggregateError of them when several addresses were tried).
 * Runtimes that do not say why (browsers) are never treated as refused.
 */
function isConnectionRefused(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; errors?: { code?: unknown }[] } } | null)?.cause;
  if (cause?.code === "ECONNREFUSED") return true;
  return (
    Array.isArray(cause?.errors) &&
    cause.errors.length > 0 &&
    cause.errors.every((e) => e.code === "ECONNREFUSED")
  );
}

/** setTimeout as a promise that rejects with the signal's reason when the caller aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener("abort", onAbort);
      resolve();
    }, ms);
    signal?.addEventListener("abort", onAbort, { once: true });
  });
}
