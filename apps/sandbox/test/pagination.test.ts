/**
 * Pagination invariants, property-based: for any set of entries and every
 * order × direction × per_page, walking the pages until an empty one yields
 * every entry exactly once, in the documented order.
 */
import { fileURLToPath } from "node:url";
import * as fc from "fast-check";
import { describe, expect, it } from "vitest";
import { client, testSandbox } from "./helpers.ts";

const emptySeed = fileURLToPath(new URL("./fixtures/empty-seed.json", import.meta.url));

const ORDERS = [undefined, "name", "email", "created_at"] as const;
const DIRECTIONS = ["asc", "desc"] as const;
const PER_PAGE = [1, 3, 7, 1000];

interface Created {
  id: string;
  name: string;
  email: string;
  created_at: string;
  /** Creation rank: the documented tie-breaker. */
  rank: number;
}

/** SQLite compares TEXT as UTF-8 bytes; ties keep creation order in the requested direction. */
function expectedOrder(
  entries: Created[],
  order: (typeof ORDERS)[number],
  direction: "asc" | "desc",
): string[] {
  const sign = direction === "asc" ? 1 : -1;
  return [...entries]
    .sort((a, b) => {
      const byField = order === undefined ? 0 : Buffer.compare(Buffer.from(a[order]), Buffer.from(b[order]));
      return sign * (byField || a.rank - b.rank);
    })
    .map((entry) => entry.id);
}

const entryArbitrary = fc.record({
  name: fc.oneof(fc.string({ maxLength: 5 }), fc.constantFrom("same", "Same", "é", "😀", "")),
  local: fc.stringMatching(/^[a-c]{1,3}$/),
});

describe("pagination", () => {
  it("covers every entry once, in order, for every order × direction × per_page", async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(entryArbitrary, { maxLength: 12 }), async (specs) => {
        const sandbox = await testSandbox({ seed: emptySeed });
        try {
          const api = client(sandbox);
          const created: Created[] = [];
          for (const [rank, spec] of specs.entries()) {
            const reply = await api.create({
              name: spec.name,
              email: `${spec.local}@example.com`,
              is_email_regex: false,
            });
            expect(reply.status, reply.text).toBe(200);
            created.push({ ...reply.body.result, rank });
          }
          for (const order of ORDERS) {
            for (const direction of DIRECTIONS) {
              for (const perPage of PER_PAGE) {
                const seen: string[] = [];
                for (let page = 1; ; page++) {
                  const query = `?page=${page}&per_page=${perPage}&direction=${direction}${order ? `&order=${order}` : ""}`;
                  const reply = await api.list(query);
                  expect(reply.body.result_info).toMatchObject({
                    page,
                    per_page: perPage,
                    total_count: specs.length,
                  });
                  if (reply.body.result.length === 0) break;
                  expect(reply.body.result.length).toBeLessThanOrEqual(perPage);
                  seen.push(...reply.body.result.map((entry: { id: string }) => entry.id));
                }
                expect(new Set(seen).size).toBe(seen.length);
                expect(seen).toEqual(expectedOrder(created, order, direction));
              }
            }
          }
        } finally {
          await sandbox.close();
        }
      }),
      { numRuns: 12 },
    );
  }, 60_000);
});
