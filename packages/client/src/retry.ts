/**
 * Whether a request that got `status` (or, when `status` is undefined, threw `error`) may be sent
 * again; the README's table says why for each status. A POST creates an entry, so it is resent
 * only when it certainly did not take effect: the connection was refused before anything was
 * sent, or the server said 408 (it gave up before it had the whole request) or 429 (the rate
 * limiter refused it before any processing). A 5xx, a reset or a timeout may come after the entry
 * was created, and resending would create a duplicate. Other 4xx, 409 included, are never retried:
 * the same request gets the same refusal (Cloudflare answers 409 for a conflict with the entry's
 * state, such as code 10409 on a directory-synced entry, which only a different request resolves).
 */
export function mayRetry(method: string, status: number | undefined, error: unknown): boolean {
  if (status === undefined) return method !== "POST" || isConnectionRefused(error);
  return status === 408 || status === 429 || (status >= 500 && method !== "POST");
}

/** The longest wait a server may ask for and still get its retry: a longer one ends the call with the error. */
const MAX_RETRY_AFTER_MS = 60_000;
const INITIAL_DELAY_MS = 500;
const MAX_DELAY_MS = 8_000;

export interface RetryDelayOptions {
  /** Jitter source in [0, 1). Default: Math.random. */
  random?: () => number;
  /** The current time, to read a `Retry-After` date. Default: Date.now(). */
  now?: number;
}

/**
 * Milliseconds to wait before retry number `retry` (0 for the first), or `undefined` when the
 * server asks for more than a minute: it said when it will take the request again, so resending
 * earlier would be refused (and counted against the rate limit), and the caller should get the
 * error, whose `headers` carry `Retry-After`, rather than a call blocked for minutes.
 * The server's wish is `retry-after-ms` or `Retry-After` (seconds or an HTTP date); without one
 * (or with one in the past), 0.5 s · 2ⁿ capped at 8 s, less up to 25 % jitter so that many
 * clients spread out.
 */
export function retryDelay(
  retry: number,
  headers: Headers | undefined,
  { random = Math.random, now = Date.now() }: RetryDelayOptions = {},
): number | undefined {
  const fromServer = headers ? serverDelay(headers, now) : undefined;
  if (fromServer !== undefined && fromServer > MAX_RETRY_AFTER_MS) return undefined;
  if (fromServer !== undefined && fromServer >= 0) return fromServer;
  return backoff(retry, random);
}

/** The exponential backoff alone: after a connection error there is no server wish to honour. */
export function backoff(retry: number, random: () => number = Math.random): number {
  return Math.min(INITIAL_DELAY_MS * 2 ** retry, MAX_DELAY_MS) * (1 - random() * 0.25);
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
