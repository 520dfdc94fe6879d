/** Every profile of the drift table, switched at run time through the admin endpoint. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spec } from "@impersonation-registry/types/spec";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { type DriftProfileId, driftProfiles } from "../src/index.ts";
import type { Sandbox } from "../src/sandbox.ts";
import {
  ADMIN_TOKEN,
  client,
  JANE_ID,
  JOHN_ID,
  MISSING_ID,
  newEntry,
  type Reply,
  testSandbox,
} from "./helpers.ts";

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

const RAY = /^[0-9a-f]{16}-SBX$/;

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
  ["missing-field", eachEntry((e) => expect(e).not.toHaveProperty("email"))],
  [
    "result-info-wrong",
    (r) => {
      expect(r.body.result_info.count).toBe(r.body.result.length + 1);
      expect(r.body.result_info).not.toHaveProperty("total_count");
    },
  ],
  ["cf-ray-missing", (r) => expect(r.headers.get("cf-ray")).toBeNull()],
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
    // Switched off, the same requests answer as the contract says: the check fails on every one.
    await api.setDrift(null);
    const clean = await everyOperation();
    for (const operation of profile?.operations ?? []) {
      expect(() => check(clean[operation] as Reply), operation).toThrow();
    }
  });

  it("leaves error responses alone", async () => {
    await api.setDrift("drop-required");
    const reply = await api.get(MISSING_ID);
    expect(reply.body).toMatchObject({ success: false, messages: [] });
  });

  it("cf-ray-missing strips every answer under /client/v4, errors included, and nothing else", async () => {
    const under = () => [
      api.get(MISSING_ID),
      api.list("?per_page=0"),
      api.call("GET", `${sandbox.baseUrl}/zones`),
      api.call("PUT", api.collection, { body: {} }),
    ];
    const outside = () => [
      api.call("GET", `${sandbox.origin}/`),
      api.call("GET", `${sandbox.origin}/__sandbox/drift`, { token: ADMIN_TOKEN }),
    ];
    await api.setDrift("cf-ray-missing");
    for (const reply of await Promise.all(under()))
      expect(reply.headers.get("cf-ray"), reply.text).toBeNull();
    for (const reply of await Promise.all(outside())) expect(reply.headers.get("cf-ray")).toMatch(RAY);
    await api.setDrift(null);
    for (const reply of await Promise.all(under())) expect(reply.headers.get("cf-ray")).toMatch(RAY);
  });
});

/**
 * A behaviour profile, as a request sequence: `setup` runs with no profile, `drifted` with the
 * profile on, `restored` after it is switched off again (and shows the behaviour the contract wants).
 */
interface Behaviour {
  setup?: () => Promise<void>;
  drifted: () => Promise<void>;
  restored: () => Promise<void>;
}

type Entry = Record<string, unknown> & { id: string; name: string; email: string };

const ids = (reply: Reply): string[] => (reply.body.result as Entry[]).map((entry) => entry.id);
const listIds = async (query: string) => ids(await api.list(query));

let markers = 0;
/** A string no other entry's name or email contains, so that `search` finds only what a test made. */
const marker = () => `zq${++markers}xj`;

/** Creates entries named `<marker> <suffix>`, in order; returns them as the API answered. */
async function createMarked(mark: string, suffixes: string[], extra: object = {}): Promise<Entry[]> {
  const created: Entry[] = [];
  for (const suffix of suffixes) {
    const reply = await api.create({ ...newEntry(`${mark}-${suffix}`), name: `${mark} ${suffix}`, ...extra });
    expect(reply.status, reply.text).toBe(200);
    created.push(reply.body.result);
  }
  return created;
}

/** Tops the account up to `count` entries. */
async function ensureEntries(count: number): Promise<void> {
  const total = (await api.list("?per_page=1")).body.result_info.total_count as number;
  for (let i = total; i < count; i++) expect((await api.create(newEntry(`filler${i}`))).status).toBe(200);
}

/** Each answered with a validation error (400, code 10400): one of each kind, on every operation. */
const invalidRequests = (): (() => Promise<Reply>)[] => [
  () => api.list("?per_page=0"),
  () => api.list("?order=id"),
  () => api.get("not-a-uuid"),
  () => api.create({ name: "no address" }),
  () => api.call("POST", api.collection, { raw: "{", headers: { "content-type": "application/json" } }),
  () => api.create({ ...newEntry("invalid"), email: "not an address" }),
  () => api.create({ ...newEntry("invalid"), email: "([", is_email_regex: true }),
  () => api.update(JOHN_ID, {}),
  () => api.remove("not-a-uuid"),
];

/** Errors that are not validation errors: the error profiles leave them alone. */
const otherErrors = (): (() => Promise<Reply>)[] => [
  () => api.get(MISSING_ID),
  () => api.call("GET", api.collection.replace(sandbox.accountId, "x")),
  () => api.list("", { token: null }),
  () => api.create(newEntry("t"), { headers: { "content-type": "text/plain" } }),
  () => api.update(JANE_ID, { name: "x" }),
];

const sendAll = async (requests: (() => Promise<Reply>)[]) => {
  const replies: Reply[] = [];
  for (const send of requests) replies.push(await send());
  return replies;
};

/** An error profile: `change` compares each validation error with the profile on and off. */
function errorProfile(change: (drifted: Reply, clean: Reply) => void): () => Behaviour {
  return () => {
    let drifted: Reply[] = [];
    let otherDrifted: Reply[] = [];
    return {
      drifted: async () => {
        drifted = await sendAll(invalidRequests());
        otherDrifted = await sendAll(otherErrors());
      },
      restored: async () => {
        const clean = await sendAll(invalidRequests());
        clean.forEach((reply, i) => {
          expect(reply.status, reply.text).toBe(400);
          expect(reply.body.errors[0].code).toBe(10400);
          change(drifted[i] as Reply, reply);
        });
        (await sendAll(otherErrors())).forEach((reply, i) => {
          expect(otherDrifted[i]?.status).toBe(reply.status);
          expect(otherDrifted[i]?.body).toEqual(reply.body);
        });
      },
    };
  };
}

/** [profile, a request sequence that shows what it does, then that switching it off undoes it]. */
const behaviours: [DriftProfileId, () => Behaviour][] = [
  [
    "search-ignored",
    () => {
      const mark = marker();
      let created: string[] = [];
      return {
        setup: async () => {
          created = (await createMarked(mark, ["a", "b"])).map((entry) => entry.id);
        },
        drifted: async () => {
          const all = await listIds("?per_page=1000");
          expect(all.length).toBeGreaterThan(created.length);
          expect(await listIds(`?search=${mark}&per_page=1000`)).toEqual(all);
        },
        restored: async () => expect(await listIds(`?search=${mark}&per_page=1000`)).toEqual(created),
      };
    },
  ],
  [
    "filter-ignored",
    () => {
      const query = "?provenance=SNOOPY-OFFICE_365&per_page=1000";
      return {
        drifted: async () => {
          const all = await api.list("?per_page=1000");
          expect((await api.list(query)).body.result).toEqual(all.body.result);
          expect(all.body.result.some((e: Entry) => e.provenance !== "SNOOPY-OFFICE_365")).toBe(true);
        },
        restored: async () => {
          const filtered = (await api.list(query)).body.result as Entry[];
          expect(filtered.map((e) => e.id)).toContain(JANE_ID);
          expect(filtered.every((e) => e.provenance === "SNOOPY-OFFICE_365")).toBe(true);
        },
      };
    },
  ],
  [
    "filter-empty",
    () => {
      const mark = marker();
      return {
        setup: async () => {
          await createMarked(mark, ["a", "b"]);
        },
        drifted: async () => {
          const plain = await api.list();
          expect(plain.body.result.length).toBeGreaterThan(0);
          for (const query of [
            `?search=${mark}`,
            "?provenance=A1S_INTERNAL",
            `?search=${mark}&provenance=A1S_INTERNAL`,
          ]) {
            const reply = await api.list(query);
            expect(reply.body.result).toEqual([]);
            expect(reply.body.result_info).toEqual({ ...plain.body.result_info, count: 0 });
          }
        },
        restored: async () => {
          expect((await api.list(`?search=${mark}`)).body.result_info.count).toBe(2);
          expect((await api.list("?provenance=A1S_INTERNAL")).body.result.length).toBeGreaterThan(0);
        },
      };
    },
  ],
  [
    "order-ignored",
    () => {
      const query = "?order=name&direction=desc&per_page=1000";
      return {
        drifted: async () => expect(await listIds(query)).toEqual(await listIds("?per_page=1000")),
        restored: async () => {
          const names = ((await api.list(query)).body.result as Entry[]).map((e) => e.name);
          const bytes = (name: string) => Buffer.from(name);
          expect(names).toEqual([...names].sort((a, b) => Buffer.compare(bytes(b), bytes(a))));
          expect(await listIds(query)).not.toEqual(await listIds("?per_page=1000"));
        },
      };
    },
  ],
  [
    "per-page-clamped",
    () => ({
      setup: () => ensureEntries(110),
      drifted: async () => {
        const first = await api.list("?per_page=100");
        expect(first.body.result).toHaveLength(50);
        expect(first.body.result_info).toMatchObject({ count: 50, per_page: 50, page: 1 });
        expect(await listIds("?per_page=100&page=2")).toEqual(await listIds("?per_page=50&page=2"));
        expect((await api.list("?per_page=20")).body.result_info).toMatchObject({ count: 20, per_page: 20 });
      },
      restored: async () => {
        const first = await api.list("?per_page=100");
        expect(first.body.result).toHaveLength(100);
        expect(first.body.result_info).toMatchObject({ count: 100, per_page: 100 });
      },
    }),
  ],
  [
    "page-ignored",
    () => ({
      drifted: async () => {
        const third = await api.list("?per_page=2&page=3");
        expect(ids(third)).toEqual(await listIds("?per_page=2"));
        expect(third.body.result_info).toMatchObject({ page: 3, per_page: 2, count: 2 });
      },
      restored: async () => {
        const all = await listIds("?per_page=1000");
        expect(await listIds("?per_page=2&page=3")).toEqual(all.slice(4, 6));
      },
    }),
  ],
  [
    "delete-noop",
    () => {
      let entry: Entry;
      return {
        setup: async () => {
          [entry] = (await createMarked(marker(), ["kept"])) as [Entry];
        },
        drifted: async () => {
          for (let i = 0; i < 2; i++) {
            const deleted = await api.remove(entry.id);
            expect(deleted.status).toBe(200);
            expect(deleted.body.result).toEqual({ id: entry.id });
          }
          expect((await api.get(entry.id)).body.result).toEqual(entry);
          expect(await listIds("?per_page=1000")).toContain(entry.id);
          expect((await api.update(entry.id, { comments: "still here" })).status).toBe(200);
        },
        restored: async () => {
          expect((await api.remove(entry.id)).status).toBe(200);
          expect((await api.get(entry.id)).status).toBe(404);
          expect(await listIds("?per_page=1000")).not.toContain(entry.id);
        },
      };
    },
  ],
  [
    "patch-noop",
    () => {
      let entry: Entry;
      return {
        setup: async () => {
          [entry] = (await createMarked(marker(), ["before"])) as [Entry];
        },
        drifted: async () => {
          const answered = (await api.update(entry.id, { name: "After" })).body.result;
          expect(answered).toEqual({ ...entry, name: "After", modified_at: answered.modified_at });
          expect(Date.parse(answered.modified_at)).toBeGreaterThan(Date.parse(entry.modified_at as string));
          expect((await api.get(entry.id)).body.result).toEqual(entry);
          const listed = (await api.list("?per_page=1000")).body.result as Entry[];
          expect(listed.find((e) => e.id === entry.id)).toEqual(entry);
        },
        restored: async () => {
          await api.update(entry.id, { name: "After" });
          expect((await api.get(entry.id)).body.result.name).toBe("After");
        },
      };
    },
  ],
  [
    "patch-resets",
    () => {
      const fields = {
        comments: "vip",
        directory_id: 1,
        directory_node_id: 2,
        external_directory_node_id: "e",
      };
      let entry: Entry;
      return {
        setup: async () => {
          [entry] = (await createMarked(marker(), ["reset"], fields)) as [Entry];
        },
        drifted: async () => {
          const answered = (await api.update(entry.id, { name: "Reset", directory_id: 5 })).body.result;
          const nulled = Object.keys(fields).filter((key) => answered[key] === null);
          expect(nulled.sort()).toEqual(nullableUnnamed(["name", "directory_id"]));
          expect(answered).toMatchObject({ name: "Reset", directory_id: 5 });
          expect((await api.get(entry.id)).body.result).toEqual(answered);
        },
        restored: async () => {
          await api.update(entry.id, fields);
          const answered = (await api.update(entry.id, { name: "Kept" })).body.result;
          expect(answered).toMatchObject({ ...fields, name: "Kept" });
          expect((await api.get(entry.id)).body.result).toEqual(answered);
        },
      };
    },
  ],
  [
    "list-leaks-deleted",
    () => {
      const mark = marker();
      let a: Entry;
      let b: Entry;
      let c: Entry;
      let total: number;
      return {
        setup: async () => {
          [a, b, c] = (await createMarked(mark, ["a", "b", "c"])) as [Entry, Entry, Entry];
          total = (await api.list()).body.result_info.total_count;
        },
        drifted: async () => {
          expect((await api.remove(b.id)).body.result).toEqual({ id: b.id });
          for (const reply of [
            await api.get(b.id),
            await api.update(b.id, { name: "x" }),
            await api.remove(b.id),
          ]) {
            expect(reply.status).toBe(404);
          }
          const listed = await api.list(`?search=${mark}&order=name`);
          expect(listed.body.result).toEqual([a, b, c]);
          expect(listed.body.result_info).toMatchObject({ count: 3, total_count: total });
          expect(await listIds(`?search=${mark}&order=name&direction=desc`)).toEqual([c.id, b.id, a.id]);
          expect(await listIds(`?search=${mark}&order=name&per_page=1&page=2`)).toEqual([b.id]);
          expect(await listIds(`?search=${mark}&provenance=SNOOPY-OFFICE_365`)).toEqual([]);
          expect(await listIds("?per_page=1000")).toContain(b.id);
        },
        restored: async () => {
          expect(await listIds(`?search=${mark}&order=name`)).toEqual([a.id, c.id]);
          expect((await api.list()).body.result_info.total_count).toBe(total - 1);
          // The tombstone is gone, not hidden: switched on again, the profile does not bring it back.
          await api.setDrift("list-leaks-deleted");
          expect(await listIds(`?search=${mark}&order=name`)).toEqual([a.id, c.id]);
        },
      };
    },
  ],
  [
    "error-status-swap",
    errorProfile((drifted, clean) => {
      expect(drifted.status).toBe(422);
      expect(drifted.body).toEqual(clean.body);
    }),
  ],
  [
    "error-code-change",
    errorProfile((drifted, clean) => {
      expect(drifted.status).toBe(400);
      expect(drifted.body).toEqual({
        ...clean.body,
        errors: clean.body.errors.map((error: object) => ({ ...error, code: 1004 })),
      });
    }),
  ],
  [
    "name-truncated",
    () => {
      const long = `${marker()} ${"n".repeat(300)}`;
      return {
        drifted: async () => {
          const created = (await api.create({ ...newEntry("long"), name: long })).body.result as Entry;
          expect(Array.from(created.name)).toHaveLength(255);
          expect(long.startsWith(created.name)).toBe(true);
          expect((await api.get(created.id)).body.result.name).toBe(created.name);
          const short = `${marker()} short`;
          expect((await api.create({ ...newEntry("short"), name: short })).body.result.name).toBe(short);
          expect((await api.update(created.id, { name: `${long}!` })).body.result.name).toBe(created.name);
        },
        restored: async () => {
          const created = (await api.create({ ...newEntry("long"), name: long })).body.result as Entry;
          expect((await api.get(created.id)).body.result.name).toBe(long);
        },
      };
    },
  ],
  [
    "emoji-mangled",
    () => {
      const name = `${marker()} ok é 日本 😀 end`;
      return {
        drifted: async () => {
          const created = (await api.create({ ...newEntry("emoji"), name, comments: "🎉" })).body
            .result as Entry;
          expect(created.name).toBe(name.replace("😀", "????"));
          expect(created.comments).toBe("????");
          expect((await api.get(created.id)).body.result).toEqual(created);
          expect((await api.update(created.id, { comments: "a🦊b" })).body.result.comments).toBe("a????b");
        },
        restored: async () => {
          const created = (await api.create({ ...newEntry("emoji"), name, comments: "🎉" })).body
            .result as Entry;
          expect((await api.get(created.id)).body.result).toMatchObject({ name, comments: "🎉" });
        },
      };
    },
  ],
  [
    "search-wildcards",
    () => {
      const mark = marker();
      let created: string[] = [];
      return {
        setup: async () => {
          created = (await createMarked(mark, ["ab", "axb"])).map((entry) => entry.id);
        },
        drifted: async () => {
          expect(await listIds(`?search=${mark}%20a_b`)).toEqual([created[1]]);
          expect(await listIds(`?search=${mark}%20a%25`)).toEqual(created);
          expect(await listIds(`?search=${mark.toUpperCase()}%20AB`)).toEqual([created[0]]);
        },
        restored: async () => {
          expect(await listIds(`?search=${mark}%20a_b`)).toEqual([]);
          expect(await listIds(`?search=${mark}%20a%25`)).toEqual([]);
        },
      };
    },
  ],
  [
    "paging-skips-ties",
    () => {
      const mark = marker();
      let byName: Entry[] = [];
      const walk = async (query: string) => {
        const seen: string[] = [];
        for (let page = 1; page <= 5; page++)
          seen.push(...(await listIds(`${query}&per_page=1&page=${page}`)));
        return seen;
      };
      return {
        setup: async () => {
          byName = await createMarked(mark, ["a", "b", "b", "c"]);
        },
        drifted: async () => {
          const [a, b1, , c] = byName as [Entry, Entry, Entry, Entry];
          expect(await walk(`?search=${mark}&order=name`)).toEqual([a.id, b1.id, c.id]);
          // Without ties in the order there is nothing to skip: creation order pages as usual.
          expect(await walk(`?search=${mark}&order=created_at`)).toEqual(byName.map((entry) => entry.id));
        },
        restored: async () => {
          expect(await walk(`?search=${mark}&order=name`)).toEqual(byName.map((entry) => entry.id));
        },
      };
    },
  ],
  [
    "id-resurrected",
    () => {
      const body = { ...newEntry(marker()), name: `${marker()} revived` };
      return {
        drifted: async () => {
          const first = (await api.create(body)).body.result as Entry;
          expect((await api.remove(first.id)).status).toBe(200);
          const again = (await api.create(body)).body.result as Entry;
          expect(again.id).toBe(first.id);
          expect((await api.get(first.id)).status).toBe(200);
          const other = (await api.create({ ...body, email: `other.${body.email}` })).body.result as Entry;
          expect(other.id).not.toBe(first.id);
          await api.remove(again.id);
        },
        restored: async () => {
          const first = (await api.create(body)).body.result as Entry;
          await api.remove(first.id);
          expect((await api.create(body)).body.result.id).not.toBe(first.id);
        },
      };
    },
  ],
  [
    "patch-stale",
    () => {
      let entry: Entry;
      return {
        setup: async () => {
          [entry] = (await createMarked(marker(), ["stale"], { comments: "before" })) as [Entry];
        },
        drifted: async () => {
          expect((await api.update(entry.id, { name: "First" })).body.result.name).toBe("First");
          const second = (await api.update(entry.id, { comments: "second" })).body.result;
          expect(second).toMatchObject({ name: entry.name, comments: "second" });
          expect((await api.get(entry.id)).body.result).toEqual(second);
        },
        restored: async () => {
          await api.update(entry.id, { name: "First" });
          const second = (await api.update(entry.id, { comments: "again" })).body.result;
          expect(second).toMatchObject({ name: "First", comments: "again" });
        },
      };
    },
  ],
];

/** The fields of the spec's PATCH body that are nullable, minus those named. */
function nullableUnnamed(named: string[]): string[] {
  const schemas = (spec.components?.schemas ?? {}) as Record<
    string,
    { properties?: Record<string, { nullable?: boolean }> }
  >;
  return Object.entries(schemas.UpdateEntryBody?.properties ?? {})
    .filter(([name, schema]) => schema.nullable === true && !named.includes(name))
    .map(([name]) => name)
    .sort();
}

describe("behaviour profiles", () => {
  it.each(behaviours)(
    "%s shows its behaviour, and switching it off restores the contract",
    async (id, make) => {
      const behaviour = make();
      await behaviour.setup?.();
      expect((await api.setDrift(id)).body.result).toEqual({ profile: id });
      await behaviour.drifted();
      await api.setDrift(null);
      await behaviour.restored();
    },
  );
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

  it("internal-error throws inside the sandbox on every other request: logged, answered 500 code 10001", async () => {
    const logged: string[] = [];
    const logging = await testSandbox({ drift: "internal-error", log: (line) => logged.push(line) });
    try {
      const first = await client(logging).get(JOHN_ID);
      expect(first.status).toBe(500);
      expect(first.body.errors[0].code).toBe(10001);
      expect(first.text).not.toContain("injected");
      expect((await client(logging).get(JOHN_ID)).status).toBe(200);
      expect(logged).toEqual([
        expect.stringMatching(/^unexpected error: Error: injected by the internal-error/),
      ]);
    } finally {
      await logging.close();
    }
  });

  it("connection-reset hangs up on every other request", async () => {
    await api.setDrift("connection-reset");
    await expect(api.get(JOHN_ID)).rejects.toThrow();
    expect((await api.get(JOHN_ID)).status).toBe(200);
  });
});

describe("the drift table", () => {
  it("has a test for every profile, and only the profiles the contract names", () => {
    const faults = ["latency", "flaky-5xx", "connection-reset", "internal-error", "rate-limit-storm"];
    const tested = [...driftChecks, ...behaviours].map(([id]) => id);
    expect(new Set(tested).size).toBe(tested.length);
    expect(
      driftProfiles
        .filter((p) => p.kind === "drift")
        .map((p) => p.id)
        .sort(),
    ).toEqual(tested.sort());
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

describe("list-leaks-deleted across restarts", () => {
  /** Starts a sandbox on the file, runs `use` against it, and always stops it. */
  async function restart<T>(db: string, drift: DriftProfileId | null, use: (started: Sandbox) => Promise<T>) {
    const started = await testSandbox({ db, drift });
    try {
      return await use(started);
    } finally {
      await started.close();
    }
  }
  const listed = async (started: Sandbox) => ids(await client(started).list("?per_page=1000"));

  it("keeps its tombstones in the database while it stays on, and a start without it empties them", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-drift-"));
    const db = join(dir, "sandbox.db");
    try {
      const id = await restart(db, "list-leaks-deleted", async (started) => {
        const created = (await client(started).create(newEntry("ghost"))).body.result.id as string;
        expect((await client(started).remove(created)).status).toBe(200);
        return created;
      });
      await restart(db, "list-leaks-deleted", async (started) => {
        expect(await listed(started)).toContain(id);
        expect((await client(started).get(id)).status).toBe(404);
      });
      await restart(db, null, async (started) => expect(await listed(started)).not.toContain(id));
      await restart(db, "list-leaks-deleted", async (started) =>
        expect(await listed(started)).not.toContain(id),
      );
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
