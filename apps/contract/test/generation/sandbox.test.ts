/**
 * Generation against a real sandbox: a clean one raises nothing over 20 seeds; the budget is never
 * exceeded and every attempt is counted; only the run's own entries are ever written and none is
 * left behind; the same seed replays the same requests.
 */

import type { Exchange } from "@impersonation-registry/engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationResult } from "../../src/generation/index.ts";
import { markedRunId } from "../../src/safety/marker.ts";
import type { Target } from "../../src/targets/index.ts";
import { generate, RUN_ID, requestLines, sandboxTarget } from "./helpers.ts";

const SEEDS = Array.from({ length: 20 }, (_, i) => 1_000 + i);
const BUDGET = 120;

let target: Target;
let before: Record<string, unknown>[];
const runs: GenerationResult[] = [];

/** Every entry of the account, as the API lists it. */
async function everything(of: Target): Promise<Record<string, unknown>[]> {
  const url = `${of.info.baseUrl}/accounts/${of.accountId}/email-security/settings/impersonation_registry?per_page=1000`;
  const token = "apiToken" in of.auth ? of.auth.apiToken : "";
  const response = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
  return ((await response.json()) as { result: Record<string, unknown>[] }).result;
}

beforeAll(async () => {
  target = await sandboxTarget();
  before = await everything(target);
  for (const seed of SEEDS) runs.push(await generate(target, { seed, budget: BUDGET }));
}, 60_000);
afterAll(() => target?.close());

describe("a clean sandbox", () => {
  it("raises nothing over 20 seeds", () => {
    expect(runs.map((run) => [run.seed, run.failures.map((failure) => failure.message)])).toEqual(
      SEEDS.map((seed) => [seed, []]),
    );
  });

  it("spends the budget and not one request more, every attempt counted", () => {
    for (const run of runs) {
      expect(run.requests).toBe(run.exchanges.length);
      expect(run.requests).toBeLessThanOrEqual(BUDGET);
      // Exploring stops only when what is left cannot pay for one more create and its delete.
      expect(run.requests).toBeGreaterThan(BUDGET - 3);
    }
  });

  it("writes only to entries the run created, marked with its run id, and leaves the account as it found it", async () => {
    const created = new Set<string>();
    const writes: Exchange[] = [];
    for (const exchange of runs.flatMap((run) => run.exchanges)) {
      const { method } = exchange.request;
      if (method === "POST" && exchange.response.status === 200) {
        const result = (exchange.response.body as { result: { id: string; name: string; comments: unknown } })
          .result;
        expect(markedRunId(result)).toBe(RUN_ID);
        created.add(result.id);
      }
      if (method === "PATCH" || method === "DELETE") writes.push(exchange);
    }
    expect(created.size).toBeGreaterThan(100);
    const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
    for (const write of writes) {
      const id = decodeURIComponent(new URL(write.request.url).pathname.split("/").at(-1) ?? "");
      // A malformed id (a negative example) can be nobody's entry.
      if (UUID.test(id)) expect(created, `${write.request.method} ${id}`).toContain(id);
    }
    expect(await everything(target)).toEqual(before);
  });

  it("covers every operation, each with positive and negative examples", () => {
    const exercised = new Set(
      runs.flatMap((run) =>
        run.coverage.cells
          .filter((cell) => cell.requests > 0 && cell.dimension === "parameter")
          .map((cell) => `${cell.operation} ${cell.polarity}`),
      ),
    );
    for (const operation of ["listEntries", "getEntry", "createEntry", "updateEntry", "deleteEntry"])
      for (const polarity of ["positive", "negative"])
        expect([...exercised]).toContain(`${operation} ${polarity}`);
    const percent = Math.max(...runs.map((run) => run.coverage.percent));
    expect(percent).toBeGreaterThan(50);
  });
});

describe("a target that may not be written (live without --allow-writes)", () => {
  it("gets reads only: lists, probes of ids nobody created, negative lists and gets", async () => {
    const readOnly: Target = {
      ...target,
      info: { ...target.info, capabilities: { ...target.info.capabilities, writable: false } },
    };
    const run = await generate(readOnly, { seed: SEEDS[0], budget: BUDGET });
    expect(run.failures).toEqual([]);
    expect(run.requests).toBeGreaterThan(BUDGET / 2);
    expect(new Set(run.exchanges.map((exchange) => exchange.request.method))).toEqual(new Set(["GET"]));
    expect(run.exchanges.some((exchange) => exchange.step.includes("(negative:"))).toBe(true);
  });
});

describe("the budget", () => {
  it("0 sends nothing; a budget that is no whole number of requests is refused in one line", async () => {
    const none = await generate(target, { seed: 1, budget: 0 });
    expect([none.requests, none.exchanges, none.failures]).toEqual([0, [], []]);
    for (const budget of [-1, 1.5, Number.NaN])
      await expect(generate(target, { seed: 1, budget })).rejects.toThrow(
        /^the generation budget must be a whole number of requests, 0 or more; got /,
      );
  });
});

describe("replay", () => {
  it("the same seed sends the same requests to a fresh sandbox; another seed does not", async () => {
    const replays: string[][] = [];
    for (const seed of [SEEDS[0], SEEDS[0], SEEDS[1]]) {
      const fresh = await sandboxTarget();
      try {
        replays.push(requestLines((await generate(fresh, { seed, budget: BUDGET })).exchanges));
      } finally {
        await fresh.close();
      }
    }
    const [first, again, other] = replays;
    expect(first?.length).toBeGreaterThan(50);
    expect(again).toEqual(first);
    expect(other).not.toEqual(first);
  });
});
