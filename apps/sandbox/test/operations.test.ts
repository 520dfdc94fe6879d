/** Behaviour of the five operations, as tables of [name, request, expected status, expected code]. */
import { connect } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/sandbox.ts";
import {
  client,
  JANE_ID,
  JOHN_ID,
  MISSING_ID,
  newEntry,
  OTHER_ACCOUNT_ENTRY_ID,
  testSandbox,
} from "./helpers.ts";

let sandbox: Sandbox;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sandbox = await testSandbox();
  api = client(sandbox);
});
afterAll(() => sandbox.close());

type Case = [name: string, send: () => ReturnType<typeof api.call>, status: number, code?: number];

function runCases(cases: () => Case[]) {
  it.each(cases().map((c) => [c[0], c] as const))("%s", async (_name, [, send, status, code]) => {
    const reply = await send();
    expect(reply.status, reply.text).toBe(status);
    expect(reply.headers.get("content-type")).toBe("application/json");
    expect(reply.headers.get("cf-ray")).toMatch(/^[0-9a-f]{16}-[A-Z]{3}$/);
    if (code === undefined) {
      expect(reply.body).toMatchObject({ success: true, errors: [], messages: [] });
    } else {
      expect(reply.body).toMatchObject({ success: false, result: null, messages: [] });
      expect(reply.body.errors[0].code).toBe(code);
    }
  });
}

describe("status and error code table", () => {
  const long = "x".repeat(1025);
  runCases(() => [
    ["list: defaults", () => api.list(), 200],
    ["list: per_page 1000", () => api.list("?per_page=1000"), 200],
    ["list: per_page 0", () => api.list("?per_page=0"), 400, 10400],
    ["list: per_page 1001", () => api.list("?per_page=1001"), 400, 10400],
    ["list: page 0", () => api.list("?page=0"), 400, 10400],
    ["list: page not a number", () => api.list("?page=two"), 400, 10400],
    ["list: unknown order", () => api.list("?order=id"), 400, 10400],
    ["list: unknown direction", () => api.list("?direction=up"), 400, 10400],
    ["list: unknown provenance", () => api.list("?provenance=LDAP"), 400, 10400],
    ["list: unknown parameter is ignored", () => api.list("?colour=blue"), 200],
    ["get: seeded entry", () => api.get(JOHN_ID), 200],
    ["get: missing entry", () => api.get(MISSING_ID), 404, 10404],
    ["get: other account's entry", () => api.get(OTHER_ACCOUNT_ENTRY_ID), 404, 10404],
    ["get: id not a uuid", () => api.get("not-a-uuid"), 400, 10400],
    ["create: valid", () => api.create(newEntry("table")), 200],
    [
      "create: regex",
      () => api.create({ name: "R", email: "^r.*@example\\.com$", is_email_regex: true }),
      200,
    ],
    ["create: missing name", () => api.create({ email: "a@example.com", is_email_regex: false }), 400, 10400],
    ["create: missing is_email_regex", () => api.create({ name: "A", email: "a@example.com" }), 400, 10400],
    ["create: name too long", () => api.create({ ...newEntry("long"), name: long }), 400, 10400],
    ["create: wrong type", () => api.create({ ...newEntry("t"), is_email_regex: "no" }), 400, 10400],
    ["create: unknown provenance", () => api.create({ ...newEntry("p"), provenance: "LDAP" }), 400, 10400],
    ["create: invalid address", () => api.create({ ...newEntry("a"), email: "not an address" }), 400, 10400],
    [
      "create: invalid pattern",
      () => api.create({ ...newEntry("b"), email: "([", is_email_regex: true }),
      400,
      10400,
    ],
    ["create: array body", () => api.create([]), 400, 10400],
    [
      "create: malformed JSON",
      () => api.call("POST", api.collection, { raw: "{", headers: json }),
      400,
      10400,
    ],
    ["create: no content type", () => api.call("POST", api.collection, { raw: "{}" }), 415, 10415],
    [
      "create: text/plain",
      () => api.create(newEntry("c"), { headers: { "content-type": "text/plain" } }),
      415,
      10415,
    ],
    [
      "create: body over 1 MB",
      () => api.create({ ...newEntry("big"), comments: "x".repeat(1_100_000) }),
      413,
      10413,
    ],
    ["update: missing entry", () => api.update(MISSING_ID, { name: "x" }), 404, 10404],
    ["update: other account's entry", () => api.update(OTHER_ACCOUNT_ENTRY_ID, { name: "x" }), 404, 10404],
    ["update: empty body", () => api.update(JOHN_ID, {}), 400, 10400],
    ["update: directory-synced entry", () => api.update(JANE_ID, { name: "x" }), 409, 10409],
    ["update: null name", () => api.update(JOHN_ID, { name: null }), 400, 10400],
    [
      "update: regex flag on an address that is no pattern",
      () => api.update(JOHN_ID, { email: "(", is_email_regex: true }),
      400,
      10400,
    ],
    ["delete: missing entry", () => api.remove(MISSING_ID), 404, 10404],
    ["delete: other account's entry", () => api.remove(OTHER_ACCOUNT_ENTRY_ID), 404, 10404],
    ["list: account id of 31 hex characters", () => api.call("GET", inAccount("a".repeat(31))), 400, 7003],
    ["list: account id of 33 hex characters", () => api.call("GET", inAccount("a".repeat(33))), 400, 7003],
    ["get: account id in upper case", () => api.call("GET", inAccount(upperAccount(), JOHN_ID)), 400, 7003],
    [
      "create: account id not hex",
      () => api.call("POST", inAccount("g".repeat(32)), { body: newEntry("acct") }),
      400,
      7003,
    ],
    [
      "update: account id not hex",
      () => api.call("PATCH", inAccount("z".repeat(32), JOHN_ID), { body: { name: "x" } }),
      400,
      7003,
    ],
    [
      "delete: account id of 31 characters",
      () => api.call("DELETE", inAccount("0".repeat(31), JOHN_ID)),
      400,
      7003,
    ],
    [
      "malformed account id without credentials: the auth error comes first",
      () => api.call("GET", inAccount("x"), { token: null }),
      400,
      9106,
    ],
    [
      "malformed account id with an unknown token: the auth error comes first",
      () => api.call("GET", inAccount("x"), { token: "A".repeat(40) }),
      403,
      9109,
    ],
    [
      "malformed account id with a read token on a write: 7003 before the permission check",
      () =>
        api.call("POST", inAccount("x"), { body: newEntry("acct"), token: sandbox.credentials.readToken }),
      400,
      7003,
    ],
    ["well-formed unknown account id", () => api.call("GET", inAccount("f".repeat(32))), 403, 10000],
    ["unknown route", () => api.call("GET", `${sandbox.baseUrl}/zones`), 404, 7000],
    ["unknown route outside the prefix", () => api.call("GET", `${sandbox.origin}/`), 404, 7000],
    ["wrong method on the collection", () => api.call("PUT", api.collection, { body: {} }), 405, 7001],
    ["wrong method on an entry", () => api.call("POST", api.entryUrl(JOHN_ID), { body: {} }), 405, 7001],
  ]);
});

const json = { "content-type": "application/json" };

/** The collection (or one entry) under another account identifier. */
function inAccount(accountId: string, entryId?: string): string {
  const url = api.collection.replace(sandbox.accountId, accountId);
  return entryId === undefined ? url : `${url}/${entryId}`;
}

const upperAccount = () => sandbox.accountId.toUpperCase();

describe("account identifier", () => {
  it("is not repeated in the 7003 message", async () => {
    const malformed = "0123456789abcdefXYZ";
    const reply = await api.call("GET", inAccount(malformed));
    expect(reply.body.errors).toEqual([
      { code: 7003, message: "Could not route to /accounts/…, perhaps your object identifier is invalid?" },
    ]);
    expect(reply.text).not.toContain(malformed);
  });
});

describe("create", () => {
  it("sets id, timestamps and defaults, and the entry reads back", async () => {
    const created = await api.create({ ...newEntry("c1"), comments: "vip", unknown_field: 1 });
    const entry = created.body.result;
    expect(entry.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(entry).toMatchObject({
      name: "Person c1",
      comments: "vip",
      provenance: "A1S_INTERNAL",
      directory_id: null,
    });
    expect(entry.created_at).toBe(entry.modified_at);
    expect(entry).not.toHaveProperty("unknown_field");
    expect(entry).not.toHaveProperty("last_modified");
    expect((await api.get(entry.id)).body.result).toEqual(entry);
  });

  it("accepts duplicates as distinct entries", async () => {
    const [a, b] = await Promise.all([api.create(newEntry("dup")), api.create(newEntry("dup"))]);
    expect(a.body.result.id).not.toBe(b.body.result.id);
  });
});

describe("update", () => {
  it("changes only the provided fields and moves modified_at", async () => {
    const created = (await api.create({ ...newEntry("u1"), comments: "keep" })).body.result;
    const updated = (await api.update(created.id, { name: "Renamed" })).body.result;
    expect(updated).toEqual({ ...created, name: "Renamed", modified_at: updated.modified_at });
    expect(Date.parse(updated.modified_at)).toBeGreaterThan(Date.parse(created.modified_at));
    expect(updated.created_at).toBe(created.created_at);
    const cleared = (await api.update(created.id, { comments: null })).body.result;
    expect(cleared.comments).toBeNull();
  });

  // No public source says what the live API does here, so the seeds are taken literally
  // (openapi/README.md): `provenance` is a PATCH body field with all four values and only provided
  // fields change ("provenance?: … Body param", "Only provided fields will be modified."), and
  // "Directory-synced entries can't be updated." (shared/seeds/000_712ef433fa530e2b.txt).
  it.each(["SNOOPY-CASB_OFFICE_365", "SNOOPY-OFFICE_365", "SNOOPY-GOOGLE_DIRECTORY"])(
    "a PATCH that sets provenance %s turns a manual entry directory-synced: no update after it, delete still works",
    async (provenance) => {
      const created = (await api.create(newEntry(`turn-${provenance}`))).body.result;
      const turned = await api.update(created.id, { provenance });
      expect(turned.status).toBe(200);
      expect(turned.body.result).toEqual({
        ...created,
        provenance,
        modified_at: turned.body.result.modified_at,
      });
      for (const body of [{ name: "x" }, { provenance: "A1S_INTERNAL" }]) {
        const refused = await api.update(created.id, body);
        expect([refused.status, refused.body.errors[0].code]).toEqual([409, 10409]);
      }
      expect((await api.get(created.id)).body.result.provenance).toBe(provenance);
      expect((await api.remove(created.id)).status).toBe(200);
    },
  );

  it("a PATCH that keeps a manual entry manual (provenance A1S_INTERNAL) leaves it updatable", async () => {
    const created = (await api.create(newEntry("stay-manual"))).body.result;
    expect((await api.update(created.id, { provenance: "A1S_INTERNAL" })).status).toBe(200);
    expect((await api.update(created.id, { name: "Still manual" })).body.result.name).toBe("Still manual");
  });

  it("explains why a directory-synced entry is refused", async () => {
    const reply = await api.update(JANE_ID, { name: "x" });
    expect(reply.body.errors[0].message).toMatch(/directory/i);
    expect((await api.get(JANE_ID)).body.result.name).toBe("Jane Roe");
  });
});

describe("delete", () => {
  it("answers { id }, after which the entry is gone for every operation", async () => {
    const { id } = (await api.create(newEntry("d1"))).body.result;
    const deleted = await api.remove(id);
    expect(deleted.body.result).toEqual({ id });
    for (const reply of [await api.get(id), await api.update(id, { name: "x" }), await api.remove(id)]) {
      expect(reply.status).toBe(404);
      expect(reply.body.errors[0].code).toBe(10404);
    }
  });
});

describe("list", () => {
  it("pages with result_info, and a page past the end is empty", async () => {
    const first = await api.list("?per_page=2");
    expect(first.body.result).toHaveLength(2);
    expect(first.body.result_info).toMatchObject({ count: 2, page: 1, per_page: 2 });
    const total = first.body.result_info.total_count;
    const past = await api.list(`?per_page=2&page=${total + 1}`);
    expect(past.status).toBe(200);
    expect(past.body.result).toEqual([]);
    expect(past.body.result_info).toMatchObject({ count: 0, page: total + 1, total_count: total });
  });

  it("filters by provenance and searches name and email case-insensitively", async () => {
    await api.create({ name: "Ünal ÇELİK", email: "unal@example.com", is_email_regex: false });
    const synced = await api.list("?provenance=SNOOPY-OFFICE_365");
    expect(synced.body.result.map((e: { id: string }) => e.id)).toContain(JANE_ID);
    expect(
      synced.body.result.every((e: { provenance: string }) => e.provenance === "SNOOPY-OFFICE_365"),
    ).toBe(true);
    const byName = await api.list(`?search=${encodeURIComponent("ünal")}`);
    expect(byName.body.result.map((e: { email: string }) => e.email)).toEqual(["unal@example.com"]);
    const byEmail = await api.list("?search=JANE.ROE@");
    expect(byEmail.body.result.map((e: { id: string }) => e.id)).toEqual([JANE_ID]);
    // total_count ignores the search, as the spec defines it.
    expect(byEmail.body.result_info.total_count).toBeGreaterThan(1);
    expect(byEmail.body.result_info.count).toBe(1);
  });

  it("shows every write at once (listing never serves a stale entry)", async () => {
    const { id } = (await api.create(newEntry("fresh"))).body.result;
    const find = async () =>
      (await api.list("?per_page=1000")).body.result.find((entry: { id: string }) => entry.id === id);
    expect((await find()).name).toBe("Person fresh");
    await api.update(id, { name: "Renamed fresh" });
    expect((await find()).name).toBe("Renamed fresh");
    await api.remove(id);
    expect(await find()).toBeUndefined();
  });

  it("never shows another account's entries", async () => {
    const all = await api.list("?per_page=1000");
    expect(all.body.result.map((e: { id: string }) => e.id)).not.toContain(OTHER_ACCOUNT_ENTRY_ID);
  });
});

describe("headers", () => {
  it("gives every response a unique cf-ray", async () => {
    const replies = await Promise.all([
      api.list(),
      api.get(MISSING_ID),
      api.call("GET", `${sandbox.origin}/x`),
    ]);
    const rays = replies.map((reply) => reply.headers.get("cf-ray"));
    expect(new Set(rays).size).toBe(rays.length);
  });
});

describe("last_modified setting", () => {
  it("mirrors modified_at when enabled", async () => {
    const legacy = await testSandbox({ lastModified: true });
    try {
      const entry = (await client(legacy).get(JOHN_ID)).body.result;
      expect(entry.last_modified).toBe(entry.modified_at);
    } finally {
      await legacy.close();
    }
  });
});

describe("transport errors", () => {
  it.each([
    ["bytes that are not HTTP", "GARBAGE\r\n\r\n", 400],
    ["headers over Node's limit", `GET / HTTP/1.1\r\nx-big: ${"a".repeat(20_000)}\r\n\r\n`, 431],
  ])("answers %s with the envelope", async (_name, payload, status) => {
    const origin = new URL(sandbox.origin);
    const raw = await new Promise<string>((resolve, reject) => {
      const socket = connect(Number(origin.port), origin.hostname, () => socket.end(payload));
      let text = "";
      socket.on("data", (chunk) => {
        text += chunk;
      });
      socket.on("end", () => resolve(text));
      socket.on("error", reject);
    });
    expect(raw.split("\r\n")[0]).toContain(` ${status} `);
    expect(raw).toMatch(/cf-ray: [0-9a-f]{16}-SBX/);
    expect(JSON.parse(raw.slice(raw.indexOf("\r\n\r\n") + 4))).toMatchObject({
      success: false,
      result: null,
    });
  });
});
