/** The pure retry rules, table-driven (the request-level behaviour is in faults.test.ts). */
import { describe, expect, test } from "vitest";
import { mayRetry, retryDelay } from "../src/retry.ts";

const NOW = Date.parse("2026-11-27T10:00:00Z");
const headers = (init: Record<string, string>) => new Headers(init);

describe("retryDelay", () => {
  const cases: [string, { retry: number; headers?: Headers; random: number }, number | undefined][] = [
    ["first retry, no jitter", { retry: 0, random: 0 }, 500],
    ["second retry doubles", { retry: 1, random: 0 }, 1000],
    ["capped at 8 s", { retry: 10, random: 0 }, 8000],
    ["jitter takes off at most 25 %", { retry: 2, random: 1 }, 1500],
    ["Retry-After in seconds", { retry: 0, headers: headers({ "retry-after": "3" }), random: 0.5 }, 3000],
    [
      "retry-after-ms wins",
      { retry: 0, headers: headers({ "retry-after-ms": "250", "retry-after": "3" }), random: 0 },
      250,
    ],
    [
      "Retry-After as an HTTP date",
      { retry: 0, headers: headers({ "retry-after": new Date(NOW + 4000).toUTCString() }), random: 0 },
      4000,
    ],
    [
      "Retry-After of exactly a minute is honoured",
      { retry: 0, headers: headers({ "retry-after": "60" }), random: 0 },
      60_000,
    ],
    [
      "Retry-After over a minute: no retry, the error is the answer",
      { retry: 0, headers: headers({ "retry-after": "3600" }), random: 0 },
      undefined,
    ],
    [
      "retry-after-ms over a minute: no retry",
      { retry: 0, headers: headers({ "retry-after-ms": "60001" }), random: 0 },
      undefined,
    ],
    [
      "Retry-After as a date over a minute ahead: no retry",
      { retry: 0, headers: headers({ "retry-after": new Date(NOW + 300_000).toUTCString() }), random: 0 },
      undefined,
    ],
    [
      "Retry-After as a date in the past falls back to backoff",
      { retry: 1, headers: headers({ "retry-after": new Date(NOW - 5000).toUTCString() }), random: 0 },
      1000,
    ],
    [
      "unparseable Retry-After falls back to backoff",
      { retry: 1, headers: headers({ "retry-after": "soon" }), random: 0 },
      1000,
    ],
    ["Retry-After: 0 means now", { retry: 3, headers: headers({ "retry-after": "0" }), random: 0 }, 0],
  ];
  for (const [name, given, want] of cases) {
    test(name, () => {
      expect(retryDelay(given.retry, given.headers, { random: () => given.random, now: NOW })).toBe(want);
    });
  }
});

describe("mayRetry", () => {
  const refused = new TypeError("fetch failed", {
    cause: Object.assign(new Error("connect"), { code: "ECONNREFUSED" }),
  });
  const refusedTwice = new TypeError("fetch failed", {
    cause: new AggregateError([{ code: "ECONNREFUSED" }, { code: "ECONNREFUSED" }]),
  });
  const reset = new TypeError("fetch failed", {
    cause: Object.assign(new Error("other side closed"), { code: "UND_ERR_SOCKET" }),
  });
  const cases: [string, { method: string; status?: number; error?: unknown }, boolean][] = [
    ["GET 503", { method: "GET", status: 503 }, true],
    ["GET 500", { method: "GET", status: 500 }, true],
    ["GET 408", { method: "GET", status: 408 }, true],
    ["GET 429", { method: "GET", status: 429 }, true],
    [
      "GET 409: a conflict with the entry's state is not fixed by resending",
      { method: "GET", status: 409 },
      false,
    ],
    ["PATCH 409 (code 10409, directory-synced)", { method: "PATCH", status: 409 }, false],
    ["DELETE 409", { method: "DELETE", status: 409 }, false],
    ["GET 404", { method: "GET", status: 404 }, false],
    ["GET 400", { method: "GET", status: 400 }, false],
    ["GET 401", { method: "GET", status: 401 }, false],
    ["GET 403", { method: "GET", status: 403 }, false],
    ["PATCH 422", { method: "PATCH", status: 422 }, false],
    ["GET connection reset", { method: "GET", error: reset }, true],
    ["PATCH 500", { method: "PATCH", status: 500 }, true],
    ["DELETE 502", { method: "DELETE", status: 502 }, true],
    ["POST 429", { method: "POST", status: 429 }, true],
    ["POST 408: the server never had the whole request", { method: "POST", status: 408 }, true],
    ["POST 503 may have created the entry", { method: "POST", status: 503 }, false],
    ["POST 409", { method: "POST", status: 409 }, false],
    ["POST connection refused", { method: "POST", error: refused }, true],
    ["POST refused on every address", { method: "POST", error: refusedTwice }, true],
    ["POST connection reset", { method: "POST", error: reset }, false],
    ["POST timeout", { method: "POST", error: new DOMException("aborted", "AbortError") }, false],
  ];
  for (const [name, given, want] of cases) {
    test(name, () => {
      expect(mayRetry(given.method, given.status, given.error)).toBe(want);
    });
  }
});
