import { apiErrors } from "./errors.ts";

export type RateLimitSetting = "off" | { limit: number; windowSeconds: number };

/** Cloudflare's documented default: 1200 requests per 5 minutes per token. */
export const DEFAULT_RATE_LIMIT = { limit: 1200, windowSeconds: 300 } as const;

interface Window {
  startedAt: number;
  count: number;
}

function rateLimitHeaders(
  limit: number,
  windowSeconds: number,
  remaining: number,
  resetSeconds: number,
): Record<string, string> {
  return {
    ratelimit: `"default";r=${remaining};t=${resetSeconds}`,
    "ratelimit-policy": `"default";q=${limit};w=${windowSeconds}`,
  };
}

/** The 429 the rate-limit-storm fault answers: the default policy, spent, retry in a second. */
export function stormError() {
  const { limit, windowSeconds } = DEFAULT_RATE_LIMIT;
  return apiErrors.rateLimited({ "retry-after": "1", ...rateLimitHeaders(limit, windowSeconds, 0, 1) });
}

/**
 * Fixed windows per credential, starting at the credential's first request —
 * the simplest model that yields Cloudflare's headers; written by hand because
 * the quota must live inside the sandbox process with no external store.
 */
export class RateLimiter {
  readonly #limit: number;
  readonly #windowMs: number;
  readonly #windowSeconds: number;
  readonly #windows = new Map<string, Window>();

  constructor(setting: { limit: number; windowSeconds: number }) {
    this.#limit = setting.limit;
    this.#windowSeconds = setting.windowSeconds;
    this.#windowMs = setting.windowSeconds * 1000;
  }

  /** Counts one request; returns the headers to send, or throws the 429 when the quota is spent. */
  take(key: string, now: number): Record<string, string> {
    let window = this.#windows.get(key);
    if (window === undefined || now - window.startedAt >= this.#windowMs) {
      window = { startedAt: now, count: 0 };
      this.#windows.set(key, window);
    }
    const resetSeconds = Math.max(1, Math.ceil((window.startedAt + this.#windowMs - now) / 1000));
    if (window.count >= this.#limit) {
      throw apiErrors.rateLimited({
        "retry-after": String(resetSeconds),
        ...rateLimitHeaders(this.#limit, this.#windowSeconds, 0, resetSeconds),
      });
    }
    window.count++;
    return rateLimitHeaders(this.#limit, this.#windowSeconds, this.#limit - window.count, resetSeconds);
  }
}
