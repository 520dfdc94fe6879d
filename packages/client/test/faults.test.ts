/**
 * The built client against a scripted node:http server: retries, timeouts, typed errors,
 * pagination and what goes over the wire. No fetch is mocked.
 */
import { inspect } from "node:util";
import {
  ApiError,
  AuthenticationError,
  BadRequestError,
  type ClientOptions,
  ConflictError,
  ConnectionError,
  createClient,
  ImpersonationRegistryError,
  InternalServerError,
  NotFoundError,
  PaginationError,
  PermissionDeniedError,
  RateLimitError,
  TimeoutError,
  UnprocessableEntityError,
} from "@impersonation-registry/client";
import { afterEach, describe, expect, test } from "vitest";
import {
  ACCOUNT_ID,
  ENTRY_ID,
  entry,
  type FaultServer,
  failure,
  ok,
  type Script,
  type Scripted,
  startFaultServer,
} from "./fault-server.ts";

const TOKEN = "secret-token-0123456789abcdef";
const ITEM_PATH = `/client/v4/accounts/${ACCOUNT_ID}/email-security/settings/impersonation_registry/${ENTRY_ID}`;
const BODY = { email: "john.doe@example.com", is_email_regex: false, name: "John Doe" };
const COLLECTION_PATH = `/client/v4/accounts/${ACCOUNT_ID}/email-security/settings/impersonation_registry`;

let server: FaultServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

async function serve(script: Script, options: ClientOptions = {}) {
  server = await startFaultServer(script);
  const client = createClient({
    apiToken: TOKEN,
    accountId: ACCOUNT_ID,
    baseUrl: server.baseUrl,
    readEnv: false,
    ...options,
  });
  return { client, received: server.received };
}

async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.unreachable("the call should have failed"),
    (error: Error) => error,
  );
}

describe("requests", () => {
  test("get() sends the token to the item path and returns the unwrapped result", async () => {
    const { client, received } = await serve([{ body: ok(entry(1)) }]);
    expect(await client.get(ENTRY_ID)).toEqual(entry(1));
    expect(received).toHaveLength(1);
    expect(received[0]?.method).toBe("GET");
    expect(received[0]?.url.pathname).toBe(ITEM_PATH);
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });

  test("create() posts the JSON body, update() patches it, delete() deletes", async () => {
    const { client, received } = await serve((request) =>
      request.method === "DELETE" ? { body: ok({ id: ENTRY_ID }) } : { body: ok(entry(1)) },
    );
    await client.create(BODY);
    await client.update(ENTRY_ID, { name: "Jane" });
    expect(await client.delete(ENTRY_ID)).toEqual({ id: ENTRY_ID });
    expect(received.map((r) => [r.method, r.url.pathname, r.body])).toEqual([
      ["POST", ITEM_PATH.slice(0, -ENTRY_ID.length - 1), JSON.stringify(BODY)],
      ["PATCH", ITEM_PATH, '{"name":"Jane"}'],
      ["DELETE", ITEM_PATH, ""],
    ]);
    expect(received[0]?.headers["content-type"]).toBe("application/json");
  });

  test("list() sends the query and returns result and resultInfo", async () => {
    const info = { count: 1, page: 2, per_page: 1, total_count: 5 };
    const { client, received } = await serve([{ body: ok([entry(1)], info) }]);
    expect(await client.list({ page: 2, per_page: 1, search: "john doe", order: "email" })).toEqual({
      result: [entry(1)],
      resultInfo: info,
    });
    expect(received[0]?.url.search).toBe("?page=2&per_page=1&search=john%20doe&order=email");
  });

  test("a per-call accountId overrides the client's", async () => {
    const { client, received } = await serve([{ body: ok(entry(1)) }]);
    await client.get(ENTRY_ID, { accountId: "other" });
    expect(received[0]?.url.pathname).toContain("/accounts/other/");
  });

  test("apiEmail + apiKey, userAgent and middleware reach the server", async () => {
    const { client, received } = await serve([{ body: ok(entry(1)) }], {
      apiToken: undefined,
      apiEmail: "me@example.com",
      apiKey: "global-key",
      userAgent: "example/1.0",
      middleware: [{ onRequest: ({ request }) => void request.headers.set("x-traced", "yes") }],
    });
    await client.get(ENTRY_ID);
    const { headers } = received[0] ?? expect.unreachable();
    expect([
      headers["x-auth-email"],
      headers["x-auth-key"],
      headers["user-agent"],
      headers["x-traced"],
    ]).toEqual(["me@example.com", "global-key", "example/1.0", "yes"]);
    expect(headers.authorization).toBeUndefined();
  });

  test("a custom fetch gets a real Request, and raw.use() leaves the resource methods alone", async () => {
    const seen: unknown[] = [];
    const { client, received } = await serve([{ body: ok(entry(1)) }], {
      fetch: (request) => {
        seen.push(request);
        return fetch(request);
      },
    });
    client.raw.use({ onRequest: () => expect.unreachable("raw middleware ran on a resource call") });
    await client.get(ENTRY_ID);
    expect(seen).toHaveLength(1);
    expect(seen[0]).toBeInstanceOf(Request);
    expect(received).toHaveLength(1);
  });

  test('auth: "none" sends no credentials', async () => {
    const { client, received } = await serve([{ body: ok(entry(1)) }], { apiToken: undefined, auth: "none" });
    await client.get(ENTRY_ID);
    const { headers } = received[0] ?? expect.unreachable();
    expect([headers.authorization, headers["x-auth-key"], headers["x-auth-email"]]).toEqual([
      undefined,
      undefined,
      undefined,
    ]);
  });

  test("raw returns every status as data, without retrying or throwing", async () => {
    const { client, received } = await serve([
      { status: 503, body: failure(10001, "Internal server error") },
    ]);
    const { data, error, response } = await client.raw.GET(
      "/accounts/{account_id}/email-security/settings/impersonation_registry/{impersonation_registry_id}",
      { params: { path: { account_id: ACCOUNT_ID, impersonation_registry_id: ENTRY_ID } } },
    );
    expect([data, error, response.status]).toEqual([undefined, failure(10001, "Internal server error"), 503]);
    expect(received).toHaveLength(1);
    expect(received[0]?.headers.authorization).toBe(`Bearer ${TOKEN}`);
  });
});

describe("configuration", () => {
  const cases: [string, ClientOptions, RegExp][] = [
    ["no credentials", { readEnv: false }, /No credentials: pass apiToken.*CLOUDFLARE_API_TOKEN/],
    ["email without key", { readEnv: false, apiEmail: "me@example.com" }, /apiEmail and apiKey go together/],
    [
      "relative baseUrl",
      { readEnv: false, auth: "none", baseUrl: "/client/v4" },
      /baseUrl is not an absolute URL/,
    ],
    [
      "negative maxRetries",
      { readEnv: false, auth: "none", maxRetries: -1 },
      /maxRetries must be an integer/,
    ],
  ];
  for (const [name, options, message] of cases) {
    test(`${name} is refused at construction`, () => {
      expect(() => createClient(options)).toThrow(message);
    });
  }

  test("CLOUDFLARE_* variables are read unless readEnv is false", async () => {
    server = await startFaultServer([{ body: ok(entry(1)) }]);
    const names = ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID", "CLOUDFLARE_BASE_URL"] as const;
    const saved = names.map((name) => process.env[name]);
    Object.assign(process.env, {
      CLOUDFLARE_API_TOKEN: "env-token",
      CLOUDFLARE_ACCOUNT_ID: "env-account",
      CLOUDFLARE_BASE_URL: server.baseUrl,
    });
    try {
      const client = createClient();
      expect(client.accountId).toBe("env-account");
      await client.get(ENTRY_ID);
      expect(server.received[0]?.headers.authorization).toBe("Bearer env-token");
      expect(server.received[0]?.url.pathname).toContain("/accounts/env-account/");
      expect(() => createClient({ readEnv: false })).toThrow(ImpersonationRegistryError);
    } finally {
      names.forEach((name, i) => {
        if (saved[i] === undefined) delete process.env[name];
        else process.env[name] = saved[i];
      });
    }
  });

  test("a call without an account id fails before sending anything", async () => {
    const { client, received } = await serve([{ body: ok(entry(1)) }], { accountId: undefined });
    await expect(client.get(ENTRY_ID)).rejects.toThrow(/No account id: pass accountId/);
    expect(received).toHaveLength(0);
  });
});

describe("errors", () => {
  const byStatus: [number, typeof ApiError][] = [
    [400, BadRequestError],
    [401, AuthenticationError],
    [403, PermissionDeniedError],
    [404, NotFoundError],
    [409, ConflictError],
    [422, UnprocessableEntityError],
    [429, RateLimitError],
    [500, InternalServerError],
    [503, InternalServerError],
    [418, ApiError],
  ];
  for (const [status, ErrorClass] of byStatus) {
    test(`${status} throws ${ErrorClass.name}`, async () => {
      const { client } = await serve([{ status, body: failure(1000 + status, "Refused") }], {
        maxRetries: 0,
      });
      const error = await rejection(client.get(ENTRY_ID));
      expect(error).toBeInstanceOf(ErrorClass);
      expect(error).toMatchObject({
        status,
        errors: [{ code: 1000 + status, message: "Refused" }],
        codes: [1000 + status],
      });
    });
  }

  test("the message names status, Cloudflare error, code, method and path; cf-ray is kept", async () => {
    const { client } = await serve([
      {
        status: 403,
        headers: { "cf-ray": "8e6a1f3b2c4d5e6f-SJC" },
        body: failure(10000, "Authentication error"),
      },
    ]);
    const error = await rejection(client.get(ENTRY_ID));
    expect(error.message).toBe(`403 Authentication error (code 10000) on GET ${ITEM_PATH}`);
    expect(error).toMatchObject({
      name: "PermissionDeniedError",
      cfRay: "8e6a1f3b2c4d5e6f-SJC",
      method: "GET",
    });
  });

  test("codes and the message include each error's error_chain", async () => {
    // Cloudflare's answer to a malformed Authorization header: the cause sits inside the error.
    const { client } = await serve([
      {
        status: 400,
        body: {
          success: false,
          errors: [
            {
              code: 6003,
              message: "Invalid request headers",
              error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
            },
            { code: 7003, message: "Could not route", error_chain: "not a list" },
          ],
          messages: [],
          result: null,
        },
      },
    ]);
    const error = (await rejection(client.get(ENTRY_ID))) as ApiError;
    expect(error.codes).toEqual([6003, 6111, 7003]);
    expect(error.message).toBe(
      `400 Invalid request headers (code 6003) ← Invalid format for Authorization header (code 6111); Could not route (code 7003) on GET ${ITEM_PATH}`,
    );
  });

  test("success: false inside a 200 throws an ApiError and is not retried", async () => {
    const { client, received } = await serve([
      { status: 200, body: failure(1002, "Entry is directory-synced") },
    ]);
    const error = await rejection(client.update(ENTRY_ID, { name: "x" }));
    expect(error).toBeInstanceOf(ApiError);
    expect(error.message).toBe(`200 Entry is directory-synced (code 1002) on PATCH ${ITEM_PATH}`);
    expect(received).toHaveLength(1);
  });

  const undescribed: [string, Scripted, string][] = [
    [
      "a 2xx that is not an envelope",
      { status: 200, body: "<html>maintenance</html>" },
      "200 body without success: true",
    ],
    ["an error status without a Cloudflare body", { status: 502, body: "upstream down" }, "502 Bad Gateway"],
  ];
  for (const [name, answer, message] of undescribed) {
    test(`${name} still says what happened`, async () => {
      const { client } = await serve([answer], { maxRetries: 0 });
      const error = await rejection(client.get(ENTRY_ID));
      expect(error.message).toBe(`${message} on GET ${ITEM_PATH}`);
      expect(error).toMatchObject({ errors: [], body: answer.body });
    });
  }

  test("credentials never appear in errors, even when the server echoes them", async () => {
    const { client } = await serve((request) => ({
      status: 403,
      body: failure(10000, `Invalid ${request.headers.authorization}`),
    }));
    const error = await rejection(client.get(ENTRY_ID));
    expect(error.message).toContain("Invalid Bearer [redacted]");
    expect(`${error.message}\n${error.stack}`).not.toContain(TOKEN);

    const { client: keyClient } = await serve([{ status: 401, body: failure(9106, "Missing X-Auth-Key") }], {
      apiToken: undefined,
      apiEmail: "me@example.com",
      apiKey: "global-key-secret",
    });
    const keyError = await rejection(keyClient.get(ENTRY_ID));
    expect(inspect(keyError, { depth: 5 })).not.toContain("global-key-secret");
  });
});

describe("retries", () => {
  test("429 waits for a real Retry-After, then succeeds", async () => {
    const { client, received } = await serve([
      { status: 429, headers: { "retry-after": "1" }, body: failure(971, "Please wait") },
      { body: ok(entry(1)) },
    ]);
    const started = performance.now();
    expect(await client.get(ENTRY_ID)).toEqual(entry(1));
    expect(performance.now() - started).toBeGreaterThanOrEqual(990);
    expect(received).toHaveLength(2);
  });

  test("503 then 200 is retried after the backoff", async () => {
    const { client, received } = await serve([
      { status: 503, body: failure(10001, "Internal") },
      { body: ok(entry(1)) },
    ]);
    const started = performance.now();
    expect(await client.get(ENTRY_ID)).toEqual(entry(1));
    // 0.5 s less up to 25 % jitter
    expect(performance.now() - started).toBeGreaterThanOrEqual(370);
    expect(received).toHaveLength(2);
  });

  test("retries stop after maxRetries and throw the last error", async () => {
    const { client, received } = await serve([
      { status: 502, headers: { "retry-after-ms": "1" }, body: failure(10001, "Bad gateway") },
    ]);
    await expect(client.delete(ENTRY_ID)).rejects.toBeInstanceOf(InternalServerError);
    expect(received).toHaveLength(3);
  });

  test("a connection reset on GET is retried", async () => {
    const { client, received } = await serve([{ reset: true }, { body: ok(entry(1)) }]);
    expect(await client.get(ENTRY_ID)).toEqual(entry(1));
    expect(received).toHaveLength(2);
  });

  const notRetried: [string, Script][] = [
    ["a 5xx", [{ status: 500, headers: { "retry-after-ms": "1" }, body: failure(10001, "Internal") }]],
    ["a connection reset", [{ reset: true }]],
  ];
  for (const [name, script] of notRetried) {
    test(`POST after ${name} is not retried: the entry may exist`, async () => {
      const { client, received } = await serve(script);
      await expect(client.create(BODY)).rejects.toBeInstanceOf(ImpersonationRegistryError);
      expect(received).toHaveLength(1);
    });
  }

  const notTakenEffect: [number, string][] = [
    [408, "the server gave up before it had the whole request"],
    [429, "the rate limiter refused it before any processing"],
  ];
  for (const [status, why] of notTakenEffect) {
    test(`POST after a ${status} is retried: ${why}`, async () => {
      const { client, received } = await serve([
        { status, headers: { "retry-after-ms": "1" }, body: failure(971, "Please wait") },
        { body: ok(entry(1)) },
      ]);
      expect(await client.create(BODY)).toEqual(entry(1));
      expect(received).toHaveLength(2);
    });
  }

  // The second answer would succeed: a retry would turn the expected error into a result.
  const conflicted: [string, (client: ReturnType<typeof createClient>) => Promise<unknown>][] = [
    ["GET", (client) => client.get(ENTRY_ID)],
    ["PATCH", (client) => client.update(ENTRY_ID, { name: "x" })],
    ["DELETE", (client) => client.delete(ENTRY_ID)],
    ["POST", (client) => client.create(BODY)],
  ];
  for (const [method, call] of conflicted) {
    test(`a 409 on ${method} is tried exactly once: resending cannot resolve a conflict`, async () => {
      const { client, received } = await serve([
        {
          status: 409,
          headers: { "retry-after-ms": "1" },
          body: failure(10409, "directory-synced entries can't be updated"),
        },
        { body: ok(entry(1)) },
      ]);
      const error = await rejection(call(client));
      expect(error).toBeInstanceOf(ConflictError);
      expect(error.message).toMatch(/^409 directory-synced entries can't be updated \(code 10409\) on /);
      expect(received).toHaveLength(1);
    });
  }

  test("a 429 asking for more than a minute ends at once with RateLimitError, Retry-After kept", async () => {
    const { client, received } = await serve([
      { status: 429, headers: { "retry-after": "300" }, body: failure(971, "Please wait") },
      { body: ok(entry(1)) },
    ]);
    const error = await rejection(client.get(ENTRY_ID));
    expect(error).toBeInstanceOf(RateLimitError);
    expect((error as RateLimitError).headers.get("retry-after")).toBe("300");
    expect(received).toHaveLength(1);
  });

  test("a refused POST is retried (nothing was sent), then throws ConnectionError naming the cause", async () => {
    const closed = await startFaultServer([]);
    const baseUrl = closed.baseUrl;
    await closed.close();
    const client = createClient({
      apiToken: TOKEN,
      accountId: ACCOUNT_ID,
      baseUrl,
      readEnv: false,
      maxRetries: 1,
    });
    const started = performance.now();
    const error = await rejection(client.create(BODY));
    // One backoff (0.5 s less up to 25 % jitter) proves the second attempt.
    expect(performance.now() - started).toBeGreaterThanOrEqual(370);
    expect(error).toBeInstanceOf(ConnectionError);
    expect(error.message).toMatch(
      /^Connection failed \(connect ECONNREFUSED 127\.0\.0\.1:\d+\) on POST \/client\/v4/,
    );
    expect(inspect(error, { depth: 5 })).not.toContain(TOKEN);
  });
});

describe("timeouts and cancellation", () => {
  test("a slow response past the timeout throws TimeoutError; a POST is not resent", async () => {
    const { client, received } = await serve([{ delayMs: 3000, body: ok(entry(1)) }], { timeout: 200 });
    const started = performance.now();
    const error = await rejection(client.create(BODY));
    expect(error).toBeInstanceOf(TimeoutError);
    expect(error.message).toMatch(/^No response within 200 ms on POST \/client\/v4\/accounts\//);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(received).toHaveLength(1);
  });

  test("a GET that times out is retried, each attempt with its own timeout", async () => {
    const { client, received } = await serve([{ delayMs: 5000 }, { body: ok(entry(1)) }], {
      timeout: 60_000,
    });
    // The per-call timeout overrides the client's 60 s; generous, so a loaded machine still answers attempt 2 in time.
    expect(await client.get(ENTRY_ID, { timeout: 1000 })).toEqual(entry(1));
    expect(received).toHaveLength(2);
  });

  test("the caller's signal aborts the call and its retries", async () => {
    const { client, received } = await serve([{ delayMs: 3000, body: ok(entry(1)) }]);
    const controller = new AbortController();
    const pending = client.get(ENTRY_ID, { signal: controller.signal });
    while (received.length === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    controller.abort();
    const error = await rejection(pending);
    expect(error.name).toBe("AbortError");
    expect(received).toHaveLength(1);
  });
});

describe("listAll", () => {
  /** `size` entries served page by page, like the API (page and per_page in the query). */
  const pages =
    (size: number): Script =>
    (request) => {
      const page = Number(request.url.searchParams.get("page"));
      const perPage = Number(request.url.searchParams.get("per_page"));
      const result = Array.from(
        { length: Math.max(0, Math.min(perPage, size - (page - 1) * perPage)) },
        (_, i) => entry((page - 1) * perPage + i),
      );
      // total_count ignores the search filter, as the API documents: it must not end the listing.
      return { body: ok(result, { count: result.length, page, per_page: perPage, total_count: 1_000_000 }) };
    };

  test("fetches one page at a time and stops on a short page", async () => {
    const { client, received } = await serve(pages(250));
    const requestsSeen: number[] = [];
    const ids: string[] = [];
    for await (const item of client.listAll({ per_page: 100, search: "person" })) {
      ids.push(item.id ?? "");
      requestsSeen.push(received.length);
    }
    expect(ids).toHaveLength(250);
    expect(new Set(ids).size).toBe(250);
    // The n-th page is requested only once the entries before it are consumed.
    expect([requestsSeen[0], requestsSeen[99], requestsSeen[100], requestsSeen[249]]).toEqual([1, 1, 2, 3]);
    expect(received.map((r) => r.url.searchParams.get("page"))).toEqual(["1", "2", "3"]);
    expect(received[0]?.url.searchParams.get("search")).toBe("person");
  });

  test("stops on an empty page when the last page was full", async () => {
    const { client, received } = await serve(pages(200));
    let count = 0;
    for await (const _ of client.listAll({ per_page: 100 })) count++;
    expect(count).toBe(200);
    expect(received).toHaveLength(3);
  });

  test("break stops fetching", async () => {
    const { client, received } = await serve(pages(10_000));
    let count = 0;
    for await (const _ of client.listAll({ per_page: 50 })) {
      if (++count === 120) break;
    }
    expect(received).toHaveLength(3);
  });

  /** Collects what listAll yields until it ends or throws. */
  async function drain(entries: AsyncIterable<{ id?: string }>) {
    const ids: (string | undefined)[] = [];
    try {
      for await (const item of entries) ids.push(item.id);
    } catch (error) {
      return { ids, error };
    }
    return { ids, error: undefined };
  }

  test("a server that ignores page: PaginationError on the second request", async () => {
    const { client, received } = await serve((request) => {
      const perPage = Number(request.url.searchParams.get("per_page"));
      const result = Array.from({ length: perPage }, (_, i) => entry(i));
      return { body: ok(result, { count: perPage, page: 1, per_page: perPage, total_count: 1_000_000 }) };
    });
    const { ids, error } = await drain(client.listAll({ per_page: 50 }));
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({
      reason: "repeated-page",
      page: 2,
      message: `page 2 repeated the ids of page 1 on GET ${COLLECTION_PATH}: the server seems to ignore "page"`,
    });
    expect(ids).toHaveLength(50);
    expect(received).toHaveLength(2);
  });

  test("a server that sends full pages of fresh ids past total_count: PaginationError on the bound", async () => {
    const { client, received } = await serve((request) => {
      const page = Number(request.url.searchParams.get("page"));
      const perPage = Number(request.url.searchParams.get("per_page"));
      const result = Array.from({ length: perPage }, (_, i) => entry((page - 1) * perPage + i));
      return { body: ok(result, { count: perPage, page, per_page: perPage, total_count: 250 }) };
    });
    const { ids, error } = await drain(client.listAll({ per_page: 100 }));
    // ceil(250 / 100) + 1 = 4 full pages are allowed; the fifth ends the walk.
    expect(error).toBeInstanceOf(PaginationError);
    expect(error).toMatchObject({
      reason: "too-many-pages",
      page: 5,
      message: `page 5 is full page 5, more than total_count 250 allows at 100 per page on GET ${COLLECTION_PATH}: the listing does not end`,
    });
    expect(new Set(ids).size).toBe(400);
    expect(received).toHaveLength(5);
    expect(inspect(error, { depth: 5 })).not.toContain(TOKEN);
  });

  test("defaults to 100 per page from page 1", async () => {
    const { client, received } = await serve(pages(0));
    for await (const _ of client.listAll()) expect.unreachable();
    expect(received[0]?.url.search).toBe("?page=1&per_page=100");
  });
});
