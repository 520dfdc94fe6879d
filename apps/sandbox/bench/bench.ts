/**
 * `npm run bench -w @impersonation-registry/sandbox`: the sandbox against Prism
 * (static examples) and a bare node:http server, all started in this run, each
 * in its own process. Prints medians and ratios; asserts nothing.
 * BENCH_SECONDS (default 3) and BENCH_ROUNDS (default 3) bound the load runs.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePort, startPrism } from "@impersonation-registry/prism";
import autocannon from "autocannon";
import { defaultSeedPath } from "../src/paths.ts";
import { applySeed, loadBundledSeed } from "../src/seed.ts";
import { openDatabase } from "../src/store/database.ts";
import { EntryStore } from "../src/store/entries.ts";
import { memoryOf, type ServerProcess, startBareProcess, startSandboxProcess } from "./processes.ts";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 32;
const PAGING_ENTRIES = 100_000;

const seed = loadBundledSeed(defaultSeedPath);
const ACCOUNT = seed.accounts[0] as string;
const TOKEN = seed.tokens.find((token) => token.role === "write")?.value as string;
const ENTRY_ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const COLLECTION = `/accounts/${ACCOUNT}/email-security/settings/impersonation_registry`;
const AUTH = { authorization: `Bearer ${TOKEN}` };
const CREATE_BODY = JSON.stringify({ name: "Bench Mark", email: "bench@example.com", is_email_regex: false });

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] as number;
};
const fixed = (value: number, digits = 0) => value.toFixed(digits).padStart(8);

interface Target {
  name: string;
  /** Where the spec's paths start. */
  base: string;
}

const scenarios = [
  { name: "GET one", method: "GET", path: `${COLLECTION}/${ENTRY_ID}`, body: undefined },
  { name: "list per_page=100", method: "GET", path: `${COLLECTION}?per_page=100`, body: undefined },
  // Like for like with Prism, whose static example holds 2 entries.
  { name: "list per_page=2", method: "GET", path: `${COLLECTION}?per_page=2`, body: undefined },
  { name: "create", method: "POST", path: COLLECTION, body: CREATE_BODY },
] as const;

async function load(target: Target, scenario: (typeof scenarios)[number], seconds: number) {
  const result = await autocannon({
    url: target.base + scenario.path,
    connections: CONNECTIONS,
    duration: seconds,
    method: scenario.method,
    headers: scenario.body === undefined ? AUTH : { ...AUTH, "content-type": "application/json" },
    body: scenario.body,
  });
  if (result.errors > 0 || result.non2xx > 0) {
    console.warn(`  ! ${target.name} ${scenario.name}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  }
  return { rps: result.requests.average, p99: result.latency.p99 };
}

async function startupOf(start: () => Promise<{ startupMs: number; close(): Promise<void> }>, runs: number) {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const server = await start();
    times.push(server.startupMs);
    await server.close();
  }
  return median(times);
}

async function timeToFirstAnswer(start: () => Promise<{ url: string; close(): Promise<void> }>) {
  const began = performance.now();
  const server = await start();
  await (await fetch(server.url, { headers: AUTH })).arrayBuffer();
  const ms = performance.now() - began;
  await server.close();
  return ms;
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "sandbox-bench-"));
  const cleanups: (() => Promise<void>)[] = [];
  try {
    console.log(
      `Sandbox benchmark: ${CONNECTIONS} connections, ${ROUNDS} × ${SECONDS} s per case, medians\n`,
    );

    // Startup: the first run fills Node's compile cache, as a developer's first start does.
    await startupOf(async () => startSandboxProcess(await freePort(), ":memory:"), 1);
    const sandboxStart = await startupOf(async () => startSandboxProcess(await freePort(), ":memory:"), 5);
    const bareStart = await startupOf(async () => startBareProcess(await freePort()), 5);
    const prismStarts: number[] = [];
    for (let i = 0; i < 3; i++) {
      prismStarts.push(
        await timeToFirstAnswer(async () => {
          const prism = await startPrism();
          return { url: prism.baseUrl + COLLECTION, close: () => prism.close() };
        }),
      );
    }
    const prismStart = median(prismStarts);
    console.log("startup (spawn → first answered request)");
    console.log(
      `  sandbox ${fixed(sandboxStart)} ms   bare node:http ${fixed(bareStart)} ms   Prism ${fixed(prismStart)} ms`,
    );
    console.log(
      `  sandbox is ${(prismStart / sandboxStart).toFixed(1)}× faster to start than Prism (goal ≤ 150 ms)\n`,
    );

    const sandbox = await startSandboxProcess(await freePort(), join(dir, "load.db"));
    cleanups.push(() => sandbox.close());
    const bare = await startBareProcess(await freePort());
    cleanups.push(() => bare.close());
    const prism = await startPrism();
    cleanups.push(() => prism.close());
    const idle = { sandbox: memoryOf(sandbox.child.pid), bare: memoryOf(bare.child.pid) };
    for (let i = 0; i < 200; i++) {
      await fetch(`${sandbox.origin}/client/v4${COLLECTION}`, {
        method: "POST",
        headers: { ...AUTH, "content-type": "application/json" },
        body: JSON.stringify({ name: `Person ${i}`, email: `person${i}@example.com`, is_email_regex: false }),
      });
    }

    const targets: Target[] = [
      { name: "sandbox", base: `${sandbox.origin}/client/v4` },
      { name: "Prism", base: prism.baseUrl },
      { name: "node:http", base: bare.origin },
    ];
    console.log("throughput                      req/s      p99 ms");
    console.log(
      "  (list per_page=100: sandbox and node:http send 100 entries, Prism its static 2-entry example)",
    );
    for (const scenario of scenarios) {
      const results = new Map<string, { rps: number; p99: number }>();
      for (const target of targets) {
        await load(target, scenario, 1); // warm-up, not counted
        const rounds = [];
        for (let i = 0; i < ROUNDS; i++) rounds.push(await load(target, scenario, SECONDS));
        const result = { rps: median(rounds.map((r) => r.rps)), p99: median(rounds.map((r) => r.p99)) };
        results.set(target.name, result);
        console.log(
          `  ${scenario.name.padEnd(18)} ${target.name.padEnd(9)} ${fixed(result.rps)} ${fixed(result.p99, 1)}`,
        );
      }
      const own = results.get("sandbox") as { rps: number };
      console.log(
        `  → sandbox = ${(own.rps / (results.get("Prism")?.rps ?? 1)).toFixed(1)}× Prism, ` +
          `${(own.rps / (results.get("node:http")?.rps ?? 1)).toFixed(2)}× bare node:http\n`,
      );
    }

    const loaded = { sandbox: memoryOf(sandbox.child.pid), bare: memoryOf(bare.child.pid) };
    console.log("memory (RSS MB)            idle     peak under load");
    console.log(`  sandbox              ${fixed(idle.sandbox.rssMb, 1)} ${fixed(loaded.sandbox.peakMb, 1)}`);
    console.log(`  bare node:http       ${fixed(idle.bare.rssMb, 1)} ${fixed(loaded.bare.peakMb, 1)}`);
    console.log(
      `  → sandbox = ${(idle.sandbox.rssMb / idle.bare.rssMb).toFixed(2)}× bare idle, ` +
        `${(loaded.sandbox.peakMb / loaded.bare.peakMb).toFixed(2)}× at peak (goal ≤ 1.5×)\n`,
    );
    for (const cleanup of cleanups.splice(0)) await cleanup();

    await paging(join(dir, "paging.db"));
  } finally {
    for (const cleanup of cleanups) await cleanup();
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Fills a database with 100,000 entries directly, then pages through all of them over HTTP. */
async function paging(db: string) {
  const database = openDatabase(db);
  const store = new EntryStore(database, { lastModified: false });
  applySeed(database, store, seed);
  database.exec("BEGIN");
  const now = new Date().toISOString();
  for (let i = 0; i < PAGING_ENTRIES; i++) {
    store.create(
      ACCOUNT,
      { name: `Person ${i}`, email: `person${i}@example.com`, is_email_regex: false },
      now,
    );
  }
  database.exec("COMMIT");
  database.close();

  const server: ServerProcess = await startSandboxProcess(await freePort(), db);
  try {
    console.log(`paging through ${PAGING_ENTRIES.toLocaleString("en")} entries`);
    for (const perPage of [1000, 100]) {
      const began = performance.now();
      let seen = 0;
      for (let page = 1; ; page++) {
        const response = await fetch(
          `${server.origin}/client/v4${COLLECTION}?per_page=${perPage}&page=${page}&order=created_at`,
          { headers: AUTH },
        );
        const { result } = (await response.json()) as { result: unknown[] };
        if (result.length === 0) break;
        seen += result.length;
      }
      const ms = performance.now() - began;
      const memory = memoryOf(server.child.pid);
      console.log(
        `  per_page=${String(perPage).padEnd(5)} ${seen} entries in ${fixed(ms)} ms ` +
          `(${fixed(ms / Math.ceil(seen / perPage), 2)} ms/page), RSS ${memory.rssMb.toFixed(1)} MB, peak ${memory.peakMb.toFixed(1)} MB`,
      );
    }
  } finally {
    await server.close();
  }
}

await main();
