/** The auth matrix: every kind of credential against every operation, with Cloudflare's status and code. */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/sandbox.ts";
import { type CallOptions, client, JOHN_ID, newEntry, testSandbox } from "./helpers.ts";

let sandbox: Sandbox;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sandbox = await testSandbox();
  api = client(sandbox);
});
afterAll(() => sandbox.close());

type Outcome = [status: number, code?: number];
const OK: Outcome = [200];
const FORBIDDEN: Outcome = [403, 10000];

/** [credential, how to send it, outcome on reads, outcome on writes]. */
const matrix: [string, () => CallOptions, Outcome, Outcome][] = [
  ["no credentials", () => ({ token: null }), [400, 9106], [400, 9106]],
  [
    "Authorization without Bearer",
    () => ({ token: null, headers: { authorization: "Token abc" } }),
    [400, 6003],
    [400, 6003],
  ],
  ["bearer token of the wrong shape", () => ({ token: "short" }), [400, 6003], [400, 6003]],
  ["unknown token", () => ({ token: "A".repeat(40) }), [403, 9109], [403, 9109]],
  ["write token", () => ({}), OK, OK],
  ["read token", () => ({ token: sandbox.credentials.readToken }), OK, FORBIDDEN],
  [
    "token of another account",
    () => ({ token: sandbox.credentials.otherAccountToken }),
    FORBIDDEN,
    FORBIDDEN,
  ],
  ["email + global key", () => globalKey(sandbox.credentials.email, sandbox.credentials.apiKey), OK, OK],
  [
    "email in another case + global key",
    () => globalKey(sandbox.credentials.email.toUpperCase(), sandbox.credentials.apiKey),
    OK,
    OK,
  ],
  ["email + wrong global key", () => globalKey(sandbox.credentials.email, "wrong"), [403, 9103], [403, 9103]],
  [
    "email without key",
    () => ({ token: null, headers: { "x-auth-email": sandbox.credentials.email } }),
    [400, 9106],
    [400, 9106],
  ],
  [
    "key without email",
    () => ({ token: null, headers: { "x-auth-key": sandbox.credentials.apiKey } }),
    [400, 9106],
    [400, 9106],
  ],
];

function globalKey(email: string, key: string): CallOptions {
  return { token: null, headers: { "x-auth-email": email, "x-auth-key": key } };
}

const operations: [string, "read" | "write", (options: CallOptions) => ReturnType<typeof api.call>][] = [
  ["listEntries", "read", (o) => api.list("", o)],
  ["getEntry", "read", (o) => api.get(JOHN_ID, o)],
  ["createEntry", "write", (o) => api.create(newEntry("auth"), o)],
  ["updateEntry", "write", (o) => api.update(JOHN_ID, { comments: "auth" }, o)],
  // Deleting the seeded entry would change later rows, so each delete gets its own entry.
  ["deleteEntry", "write", async (o) => api.remove((await api.create(newEntry("del"))).body.result.id, o)],
];

describe.each(operations)("%s", (_operation, access, send) => {
  it.each(matrix)("%s", async (_name, credential, onRead, onWrite) => {
    const [status, code] = access === "read" ? onRead : onWrite;
    const reply = await send(credential());
    expect(reply.status, reply.text).toBe(status);
    if (code !== undefined) expect(reply.body.errors[0].code).toBe(code);
  });
});

describe("account scope", () => {
  it("answers an unknown account like a forbidden one, never revealing which exist", async () => {
    const unknown = await api.call("GET", api.collection.replace(sandbox.accountId, "f".repeat(32)));
    const foreign = await api.list("", { token: sandbox.credentials.otherAccountToken });
    expect(unknown.status).toBe(403);
    expect(unknown.body.errors).toEqual(foreign.body.errors);
  });

  // Cloudflare puts the chain inside the error (https://github.com/jeessy2/ddns-go/issues/916).
  it("puts the error_chain of a malformed Authorization header inside its error, not on the envelope", async () => {
    const reply = await api.list("", { token: null, headers: { authorization: "Bearer" } });
    expect(reply.status).toBe(400);
    expect(reply.body).toEqual({
      success: false,
      errors: [
        {
          code: 6003,
          message: "Invalid request headers",
          error_chain: [{ code: 6111, message: "Invalid format for Authorization header" }],
        },
      ],
      messages: [],
      result: null,
    });
  });
});
