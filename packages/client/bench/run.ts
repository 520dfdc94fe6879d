/**
 * `npm run bench`: get() throughput (sequential and 32 in flight), cold start and a 100,000-entry
 * listAll, each against raw fetch measured in the same run on the same local server. Contestants
 * run interleaved, round after round, so drift in the machine's speed hits all of them alike.
 * Figures are printed, never asserted: absolute times depend on the machine.
 */
import { execFile, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { CONTESTANTS, type Contestant, type Get, makeGet } from "./contestants.ts";
import { printTable, type Summary, summarize } from "./stats.ts";

const ROUNDS = 11;
const SEQUENTIAL_REQUESTS = 1000;
const CONCURRENT_REQUESTS = 3200;
const CONCURRENCY = 32;
const COLD_STARTS = 9;
const LIST_ALL_RUNS = 3;

const run = promisify(execFile);
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

async function startServer(): Promise<{ baseUrl: string; stop: () => void }> {
  const child = spawn(process.execPath, [here("server.ts")], { stdio: ["ignore", "pipe", "inherit"] });
  let output = "";
  for await (const chunk of child.stdout) {
    output += chunk;
    const port = /listening (\d+)/.exec(output)?.[1];
    if (port) return { baseUrl: `http://127.0.0.1:${port}/client/v4`, stop: () => child.kill() };
  }
  throw new Error(`bench server exited before listening: ${output}`);
}

/**
 * Requests per second of `total` gets, `concurrency` at a time, and the CPU microseconds this
 * process spent per request: on a busy machine the wall clock is shared with other processes,
 * while CPU time is mostly the contestant's own work.
 */
async function throughput(get: Get, total: number, concurrency: number): Promise<[number, number]> {
  let remaining = total;
  const worker = async () => {
    while (remaining-- > 0) await get();
  };
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(cpuBefore);
  return [total / ((performance.now() - started) / 1000), (cpu.user + cpu.system) / total];
}

/** Runs `measure` for every name, round after round; returns each metric's samples per name. */
async function interleaved<T extends string>(
  names: T[],
  rounds: number,
  measure: (name: T) => Promise<number[]>,
): Promise<Map<T, number[][]>> {
  const samples = new Map<T, number[][]>(names.map((name) => [name, []]));
  for (let round = 0; round < rounds; round++) {
    // Rotate who goes first so no contestant always runs on a warmer or cooler machine.
    const order = names.map((_, i) => names[(i + round) % names.length] as T);
    for (const name of order) {
      const metrics = await measure(name);
      const perMetric = samples.get(name) as number[][];
      metrics.forEach((value, i) => {
        perMetric[i] = [...(perMetric[i] ?? []), value];
      });
    }
  }
  return samples;
}

/** The table rows of one metric. */
function rowsOf<T extends string>(samples: Map<T, number[][]>, metric: number): [string, Summary][] {
  return [...samples].map(([name, metrics]) => [name, summarize(metrics[metric] ?? [])]);
}

const server = await startServer();
try {
  const gets = new Map<Contestant, Get>();
  for (const kind of CONTESTANTS) gets.set(kind, await makeGet(kind, server.baseUrl));
  for (const [kind, get] of gets)
    await throughput(get, 500, CONCURRENCY).catch((e) => console.error(kind, e));

  for (const [title, total, concurrency] of [
    [`get(), sequential: ${SEQUENTIAL_REQUESTS} requests × ${ROUNDS} rounds`, SEQUENTIAL_REQUESTS, 1],
    [
      `get(), ${CONCURRENCY} in flight: ${CONCURRENT_REQUESTS} requests × ${ROUNDS} rounds`,
      CONCURRENT_REQUESTS,
      CONCURRENCY,
    ],
  ] as const) {
    const samples = await interleaved(CONTESTANTS, ROUNDS, (kind) =>
      throughput(gets.get(kind) as Get, total, concurrency),
    );
    printTable(`${title}: throughput (higher is better; ratio vs raw fetch)`, "req/s", rowsOf(samples, 0));
    printTable(
      `${title}: client CPU per request (lower is better; ratio vs raw fetch)`,
      "µs",
      rowsOf(samples, 1),
      1,
    );
  }

  const cold = await interleaved(CONTESTANTS, COLD_STARTS, async (kind) => {
    const { stdout } = await run(process.execPath, [here("cold-start.ts"), kind, server.baseUrl]);
    return [Number(stdout)];
  });
  printTable(
    `Cold start: import + first get() in a fresh process, × ${COLD_STARTS} (lower is better; ratio vs raw fetch)`,
    "ms",
    rowsOf(cold, 0),
    1,
  );

  const listing = await interleaved(["raw fetch", "client"] as const, LIST_ALL_RUNS, async (kind) => {
    const { stdout } = await run(process.execPath, [
      "--expose-gc",
      here("list-all.ts"),
      kind,
      server.baseUrl,
    ]);
    return stdout.trim().split(" ").map(Number);
  });
  const listTitle = `listAll over 100,000 entries, 1000 per page, × ${LIST_ALL_RUNS} (client vs raw fetch of the same pages)`;
  printTable(`${listTitle}: time`, "ms", rowsOf(listing, 0));
  printTable(`${listTitle}: RSS growth, peak over the start of the walk`, "MB", rowsOf(listing, 1), 1);
  printTable(`${listTitle}: RSS growth, peak over the RSS at 10,000 entries`, "MB", rowsOf(listing, 2), 1);
  printTable(`${listTitle}: heap retained after the walk and a full GC`, "MB", rowsOf(listing, 3), 2);
} finally {
  server.stop();
}
