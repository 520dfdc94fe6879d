/** Every profile of the drift table, switched at run time through the admin endpoint. */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DriftProfileId, driftProfiles } from "../src/index.ts";
import type { Sandbox } from "../src/sandbox.ts";
import { client, JOHN_ID, newEntry, type Reply, testSandbox } from "./helpers.ts";

let sandbox: Sandbox;
let api: ReturnType<typeof client>;

beforeAll(async () => {
  sandbox = await testSandbox();
  api = client(sandbox);
});
afterAll(() => sandbox.close());
beforeEach(async () => {
  expect((await api.setDrift(null)).status).toBe(200);
});

/** One request per operation, each on an entry of its own. */
async function everyOperation(): Promise<Record<string, Reply>> {
  const id = (await api.create(newEntry("drift"))).body.result?.id ?? JOHN_ID;
  return {
    listEntries: await api.list(),
    getEntry: await api.get(JOHN_ID),
    createEntry: await api.create(newEntry("drift")),
    updateEntry: await api.update(JOHN_ID, { comments: "drift" }),
    deleteEntry: await api.remove(id),
  };
}

/** A check applied to every entry of a reply (one for get/create/update, each item for list). */
function eachEntry(check: (entry: Record<string, unknown>) => void): (reply: Reply) => void {
  return (reply) => {
    const result = reply.body.result;
    for (const entry of Array.isArray(result) ? result : [result]) check(entry);
  };
}

/** [profile, what every operation it lists must show]. */
const driftChecks: [DriftProfileId, (reply: Reply) => void][] = [
  [
    "rename-field",
    eachEntry((e) => {
      expect(e).toHaveProperty("modifiedAt");
      expect(e).not.toHaveProperty("modified_at");
    }),
  ],
  ["extra-field", eachEntry((e) => expect(e).toHaveProperty("risk_level"))],
  ["type-change", eachEntry((e) => expect(typeof e.is_email_regex).toBe("string"))],
  ["drop-required", (r) => expect(r.body).not.toHaveProperty("messages")],
  ["unknown-enum", eachEntry((e) => expect(e.provenance).toBe("SNOOPY-AZURE_AD"))],
  ["undocumented-status", (r) => expect(r.status).toBe(202)],
  ["wrong-content-type", (r) => expect(r.headers.get("content-type")).toMatch(/^text\/plain/)],
  ["null-not-nullable", eachEntry((e) => expect(e.name).toBeNull())],
];

describe("drift profiles", () => {
  it.each(driftChecks)("%s changes every operation it lists, and nothing else", async (id, check) => {
    const profile = driftProfiles.find((p) => p.id === id);
    expect((await api.setDrift(id)).body.result).toEqual({ profile: id });
    const replies = await everyOperation();
    for (const operation of profile?.operations ?? []) check(replies[operation] as Reply);
    for (const [operation, reply] of Object.entries(replies)) {
      expect(reply.status === 200 || reply.status === 202, `${operation}: ${reply.text}`).toBe(true);
    }
    await api.setDrift(null);
    const clean = await api.get(JOHN_ID);
    expect(clean.status).toBe(200);
    expect(clean.headers.get("content-type")).toBe("application/json");
    expect(clean.body.result).toHaveProperty("modified_at");
  });

  it("leaves error responses alone", async () => {
    await api.setDrift("drop-required");
    const reply = await api.get("00000000-0000-4000-8000-000000000000");
    expect(reply.body).toMatchObject({ success: false, messages: [] });
  });
});

describe("fault profiles", () => {
  it("latency delays every response", async () => {
    await api.setDrift("latency");
    const start = performance.now();
    expect((await api.get(JOHN_ID)).status).toBe(200);
    expect(performance.now() - start).toBeGreaterThanOrEqual(450);
  });

  it.each([
    ["flaky-5xx", 500, 10001],
    ["rate-limit-storm", 429, 971],
  ] as const)("%s fails every other request, starting with the first", async (id, status, code) => {
    await api.setDrift(id);
    const first = await api.get(JOHN_ID);
    expect(first.status).toBe(status);
    expect(first.body.errors[0].code).toBe(code);
    if (status === 429) expect(first.headers.get("retry-after")).toBe("1");
    expect((await api.get(JOHN_ID)).status).toBe(200);
    expect((await api.get(JOHN_ID)).status).toBe(status);
  });

  it("connection-reset hangs up on every other request", async () => {
    await api.setDrift("connection-reset");
    await expect(api.get(JOHN_ID)).rejects.toThrow();
    expect((await api.get(JOHN_ID)).status).toBe(200);
  });
});

describe("the drift table", () => {
  it("has a test for every profile, and only the profiles the contract names", () => {
    const faults = ["latency", "flaky-5xx", "connection-reset", "rate-limit-storm"];
    expect(driftProfiles.filter((p) => p.kind === "drift").map((p) => p.id)).toEqual(
      driftChecks.map(([id]) => id),
    );
    expect(driftProfiles.filter((p) => p.kind === "fault").map((p) => p.id)).toEqual(faults);
    for (const profile of driftProfiles) expect(profile.touches.length).toBeGreaterThan(0);
  });
});

describe("admin endpoint", () => {
  it("requires the admin token and a known profile", async () => {
    expect((await api.setDrift("latency", "wrong")).status).toBe(403);
    expect((await api.setDrift("latency", sandbox.credentials.writeToken)).status).toBe(403);
    const unknown = await api.setDrift("no-such-profile");
    expect(unknown.status).toBe(400);
    expect(unknown.body.errors[0].message).toContain("rename-field");
    const current = await api.call("GET", `${sandbox.origin}/__sandbox/drift`, { token: "test-admin-token" });
    expect(current.body.result).toEqual({ profile: null });
  });

  it("does not exist without an admin token, and a start-up profile applies at once", async () => {
    const plain = await testSandbox({ adminToken: undefined, drift: "extra-field" });
    try {
      const reply = await client(plain).setDrift(null);
      expect(reply.status).toBe(404);
      expect((await client(plain).get(JOHN_ID)).body.result).toHaveProperty("risk_level");
    } finally {
      await plain.close();
    }
  });
});
