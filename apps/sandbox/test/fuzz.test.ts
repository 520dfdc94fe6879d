/**
 * Fuzz: thousands of generated malformed requests, most of them authenticated
 * so they get past auth into validation. The sandbox must never answer 5xx,
 * must stay up, and must leave the entries that existed unchanged.
 */
import { Agent, request } from "node:http";
import * as fc from "fast-check";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/sandbox.ts";
import { client, JANE_ID, JOHN_ID, testSandbox } from "./helpers.ts";

const REQUESTS = 2400;
const CONCURRENCY = 8;

let sandbox: Sandbox;
beforeAll(async () => {
  sandbox = await testSandbox();
});
afterAll(() => sandbox.close());

interface FuzzRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string | undefined;
}

const weirdString = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 20 }),
  fc.constantFrom(
    "",
    " ",
    "null",
    "\u0000",
    "é😀\u202e",
    "%00",
    "../../etc/passwd",
    "' OR 1=1 --",
    "x".repeat(5000),
  ),
);
const weirdValue: fc.Arbitrary<unknown> = fc.oneof(
  weirdString,
  fc.integer(),
  fc.double(),
  fc.boolean(),
  fc.constant(null),
  fc.array(fc.string(), { maxLength: 3 }),
  fc.dictionary(fc.string({ maxLength: 5 }), fc.string({ maxLength: 5 }), { maxKeys: 3 }),
);

/** Bodies that can never be valid: each breaks JSON or at least one field's type/constraint. */
function invalidBody(): fc.Arbitrary<string> {
  const brokenField = fc.oneof(
    fc.record({
      name: fc.oneof(fc.integer(), fc.constant(null), fc.constant("n".repeat(1025)), fc.boolean()),
    }),
    fc.record({ is_email_regex: fc.oneof(weirdString, fc.integer(), fc.constant(null)) }),
    fc.record({ email: fc.oneof(fc.integer(), fc.constant(null), fc.array(fc.string())) }),
    fc.record({ provenance: fc.oneof(weirdString, fc.integer()) }),
    fc.record({ directory_id: fc.oneof(weirdString, fc.boolean()) }),
    fc.record({ comments: fc.oneof(fc.integer(), fc.boolean(), fc.array(fc.string())) }),
  );
  const extra = fc.dictionary(
    fc.constantFrom("name", "email", "comments", "x", "__proto__", "constructor"),
    weirdValue,
    {
      maxKeys: 3,
    },
  );
  return fc.oneof(
    fc.tuple(extra, brokenField).map(([a, b]) => JSON.stringify({ ...a, ...b })),
    fc.constantFrom(
      "{",
      "}",
      "[",
      "nul",
      '{"name":',
      "\u0000",
      "{'a':1}",
      '{"a":1}}',
      "",
      "[]",
      "1",
      '"s"',
      "null",
    ),
    weirdString.filter((s) => {
      try {
        JSON.parse(s);
        return false;
      } catch {
        return true;
      }
    }),
    fc.array(weirdValue, { maxLength: 3 }).map((values) => JSON.stringify(values)),
  );
}

function fuzzRequests(sandboxUnderTest: Sandbox): fc.Arbitrary<FuzzRequest> {
  const collection = `/client/v4/accounts/${sandboxUnderTest.accountId}/email-security/settings/impersonation_registry`;
  const { writeToken, readToken } = sandboxUnderTest.credentials;
  const auth = fc.oneof(
    { weight: 8, arbitrary: fc.constant({ authorization: `Bearer ${writeToken}` }) },
    { weight: 1, arbitrary: fc.constant({ authorization: `Bearer ${readToken}` }) },
    {
      weight: 1,
      arbitrary: fc.oneof(
        fc.constant({}),
        weirdString.map((s) => ({ authorization: ascii(s) })),
      ),
    },
  );
  const contentType = fc.oneof(
    { weight: 6, arbitrary: fc.constant({ "content-type": "application/json" }) },
    {
      weight: 1,
      arbitrary: fc
        .constantFrom("text/plain", "application/json; charset=latin1", "application/xml", "", "*/*")
        .map((type) => ({ "content-type": type })),
    },
  );
  const segment = weirdString.map((s) => encodeURIComponent(s));
  const existingOrRandomId = fc.oneof(fc.constantFrom(JOHN_ID, JANE_ID), fc.uuid(), segment);
  const query = fc
    .dictionary(
      fc.constantFrom("page", "per_page", "order", "direction", "provenance", "search", "x"),
      fc.oneof(
        weirdString,
        fc.integer().map(String),
        fc.constantFrom("-1", "0", "1e3", "1001", "NaN", "99999999999999999999"),
      ),
      { maxKeys: 4 },
    )
    .map((params) => `?${new URLSearchParams(params as Record<string, string>)}`);
  const path = fc.oneof(
    { weight: 4, arbitrary: query.map((q) => collection + q) },
    { weight: 4, arbitrary: existingOrRandomId.map((id) => `${collection}/${id}`) },
    {
      weight: 1,
      arbitrary: fc.constantFrom(
        "/client/v4//accounts",
        `${collection}/`,
        `${collection}/a/b`,
        "/client/v4/accounts/%ZZ/email-security/settings/impersonation_registry",
        `/client/v4/accounts/${"a".repeat(5000)}/email-security/settings/impersonation_registry`,
        "/__sandbox/drift",
        "/",
        "*",
      ),
    },
  );
  return fc
    .record({
      method: fc.oneof(
        { weight: 6, arbitrary: fc.constantFrom("GET", "POST", "PATCH") },
        { weight: 1, arbitrary: fc.constantFrom("DELETE", "PUT", "HEAD", "OPTIONS") },
      ),
      path,
      headers: fc.tuple(auth, contentType).map(([a, c]) => ({ ...a, ...c })),
      body: fc.option(invalidBody(), { nil: undefined }),
    })
    .map((r) => (r.method === "POST" && r.path.startsWith(collection) ? r : neverValidWrite(r)));
}

/** PATCH and DELETE on seeded ids must fail, so they only carry invalid bodies or a read-only token. */
function neverValidWrite(r: FuzzRequest): FuzzRequest {
  if (r.method === "DELETE") return { ...r, headers: { ...r.headers, authorization: "Bearer short" } };
  if (r.method === "PATCH" && r.body === undefined) return { ...r, body: "{" };
  return r;
}

/** Header values must be ASCII without control characters, or the client refuses to send them. */
function ascii(value: string): string {
  return value.replace(/[^\x20-\x7e]/g, "?");
}

function send(agent: Agent, origin: URL, fuzz: FuzzRequest): Promise<number | string> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        agent,
        host: origin.hostname,
        port: origin.port,
        method: fuzz.method,
        path: fuzz.path,
        // Without a length Node sends a GET's body unframed, which is broken HTTP rather than a malformed request.
        headers:
          fuzz.body === undefined
            ? fuzz.headers
            : { ...fuzz.headers, "content-length": String(Buffer.byteLength(fuzz.body)) },
      },
      (res) => {
        res.resume();
        res.on("end", () => resolve(res.statusCode ?? 0));
      },
    );
    req.on("error", reject);
    req.end(fuzz.body);
  });
}

describe("fuzz", () => {
  it(`survives ${REQUESTS} malformed requests without a 5xx or a changed entry`, async () => {
    const api = client(sandbox);
    const before = (await api.list("?per_page=1000")).body.result;
    const requests = fc.sample(fuzzRequests(sandbox), { numRuns: REQUESTS, seed: 20261127 });
    const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
    const origin = new URL(sandbox.origin);
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    let next = 0;
    const lane = async () => {
      while (next < requests.length) {
        const fuzz = requests[next++] as FuzzRequest;
        const status = await send(agent, origin, fuzz).catch((error: Error) => error.message);
        if (typeof status === "number") statuses.set(status, (statuses.get(status) ?? 0) + 1);
        if (typeof status === "string" || status >= 500)
          failures.push(`${status} ${fuzz.method} ${fuzz.path.slice(0, 200)}`);
      }
    };
    await Promise.all(Array.from({ length: CONCURRENCY }, lane));
    agent.destroy();

    expect(failures).toEqual([]);
    // Most requests must get past auth and routing into validation and the operations.
    const reachedValidation = [200, 400, 404, 415].reduce(
      (sum, status) => sum + (statuses.get(status) ?? 0),
      0,
    );
    expect(reachedValidation).toBeGreaterThan(REQUESTS / 2);
    const after = (await api.list("?per_page=1000")).body.result;
    for (const entry of before) {
      expect(after.find((candidate: { id: string }) => candidate.id === entry.id)).toEqual(entry);
    }
  }, 60_000);
});
