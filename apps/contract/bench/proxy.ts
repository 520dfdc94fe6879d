/**
 * The validating proxy (`contract proxy`) against going direct and against
 * `prism proxy` on the same spec, all in one run, in front of one local
 * upstream (bench/upstream.ts), each server in its own process. The proxy is
 * measured three ways, each row printed with its flags: as a user starts it
 * (history on, reports every 60 s), with a flush inside every round
 * (`--flush-every 5s`), and lean (`--flush-every 0 --no-history`):
 *
 * - throughput: autocannon, 32 connections, ROUNDS × SECONDS per case after a
 *   1 s warm-up, median of the rounds;
 * - added latency: requests one at a time on one kept-alive connection, p50
 *   and p99 per round (median of the rounds), minus direct's.
 *
 * Twice: against an upstream that answers at once (the proxy's whole CPU cost
 * shows: on 2 cores it shares them with the upstream and the load generator),
 * and against one 20 ms away, as a remote API is (what a consumer sees).
 *
 * Goals printed beside the ratios (≥ 0.7× direct, ≥ 5× Prism's proxy); nothing
 * is asserted. BENCH_SECONDS (default 3) and BENCH_ROUNDS (default 3) bound it.
 *
 *   node bench/proxy.ts
 */
/// <reference path="../../sandbox/bench/autocannon.d.ts" />
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { Agent, get } from "node:http";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import type { RunReport } from "@impersonation-registry/engine";
import { median } from "@impersonation-registry/history";
import { startPrism } from "@impersonation-registry/prism";
import autocannon from "autocannon";

const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 3);
const CONNECTIONS = 32;
/** Each upstream with the sequential requests per round that keep a round to a few seconds. */
const UPSTREAMS = [
  { label: "answers at once", delayMs: 0, latencyRequests: 2_000 },
  { label: "20 ms away, like a remote API", delayMs: 20, latencyRequests: 200 },
] as const;
const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const COLLECTION = `/accounts/${ACCOUNT}/email-security/settings/impersonation_registry`;
const HEADERS = { authorization: `Bearer bench_${"0".repeat(34)}` };
const CASES = [
  { name: "GET one", path: `${COLLECTION}/f174e90a-fafe-4643-bbbc-4a0ed4fc8415` },
  { name: "list page (20)", path: `${COLLECTION}?per_page=20` },
] as const;

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const upstreamScript = fileURLToPath(new URL("./upstream.ts", import.meta.url));

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
const pad = (value: string | number, width: number) => String(value).padStart(width);
/** `+215`, `-40`: a difference to direct, which noise can make negative. */
const signed = (value: number) => `${value < 0 ? "" : "+"}${Math.round(value)}`;

const children = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of children) child.kill("SIGKILL");
});

/** Spawns a server and resolves with the first stdout line matching `ready`. */
async function spawnReady(
  args: string[],
  ready: RegExp,
): Promise<{ child: ChildProcess; match: RegExpExecArray }> {
  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  children.add(child);
  const lines = createInterface({ input: child.stdout as NonNullable<typeof child.stdout> });
  for await (const line of lines) {
    const match = ready.exec(line);
    if (match) {
      // Keep draining: a full pipe would block the child.
      child.stdout?.resume();
      return { child, match };
    }
  }
  throw new Error(`${args[0]} exited before it was ready`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode === null && child.signalCode === null) {
    const exited = once(child, "exit");
    child.kill("SIGTERM");
    await exited;
  }
  children.delete(child);
}

async function throughput(url: string, seconds: number) {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: seconds, headers: HEADERS });
  if (result.errors > 0 || result.non2xx > 0)
    console.warn(`  ! ${url}: ${result.errors} errors, ${result.non2xx} non-2xx`);
  return { rps: result.requests.average, p99: result.latency.p99 };
}

/** One request at a time on one connection: each request's time in µs. */
async function sequential(url: string, count: number): Promise<number[]> {
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const times: number[] = [];
  try {
    for (let i = 0; i < count; i++) {
      const started = performance.now();
      await new Promise<void>((resolve, reject) => {
        get(url, { agent, headers: HEADERS }, (response) => {
          response.resume();
          response.on("end", resolve);
        }).on("error", reject);
      });
      times.push((performance.now() - started) * 1000);
    }
  } finally {
    agent.destroy();
  }
  return times;
}

/** Resident set size and its peak of a process, in MB (Linux /proc). */
function memoryOf(pid: number | undefined): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

/**
 * How `contract proxy` is started for its rows: as a user starts it (history
 * on, reports every 60 s — the default), with a flush inside every round, and
 * as lean as it goes. Each in its own process with its own report directory.
 */
const PROXY_SETUPS = [
  { name: "proxy", flags: [], flushEveryS: 60, says: "as a user starts it: history on, reports every 60 s" },
  {
    name: "proxy 5s",
    flags: ["--flush-every", "5s"],
    flushEveryS: 5,
    says: "history on, reports every 5 s: a flush inside every round",
  },
  {
    name: "proxy lean",
    flags: ["--flush-every", "0", "--no-history"],
    flushEveryS: 0,
    says: "no history, reports only at the end",
  },
] as const;

interface Row {
  rps: number;
  p99: number;
  p50us: number;
  p99us: number;
}

/** Throughput, then latency, ROUNDS times: the medians. */
async function measure(url: string, latencyRequests: number): Promise<Row> {
  await throughput(url, 1); // warm-up, not counted
  const loads = [];
  const latencies = [];
  for (let round = 0; round < ROUNDS; round++) {
    loads.push(await throughput(url, SECONDS));
    const sorted = (await sequential(url, latencyRequests)).sort((a, b) => a - b);
    latencies.push({ p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
  }
  return {
    rps: median(loads.map((load) => load.rps)),
    p99: median(loads.map((load) => load.p99)),
    p50us: median(latencies.map((latency) => latency.p50)),
    p99us: median(latencies.map((latency) => latency.p99)),
  };
}

/** Every case through one base URL: its rows by case name. */
async function measureAll(base: string, latencyRequests: number): Promise<Map<string, Row>> {
  const rows = new Map<string, Row>();
  for (const testCase of CASES) rows.set(testCase.name, await measure(base + testCase.path, latencyRequests));
  return rows;
}

/** One proxy setup: started, measured on every case, stopped; what its process and report said. */
async function measureProxy(
  setup: (typeof PROXY_SETUPS)[number],
  upstreamBase: string,
  latencyRequests: number,
  dir: string,
): Promise<{ rows: Map<string, Row>; note: string }> {
  const reportDir = join(dir, setup.name.replaceAll(" ", "-"));
  const args = [
    "proxy",
    "--upstream",
    upstreamBase,
    "--port",
    "0",
    "--report-dir",
    reportDir,
    ...setup.flags,
  ];
  const proxy = await spawnReady([cli, ...args], /^proxy (http:\/\/\S+) → /);
  try {
    const started = performance.now();
    const idle = memoryOf(proxy.child.pid);
    const rows = await measureAll(proxy.match[1] as string, latencyRequests);
    const seconds = (performance.now() - started) / 1000;
    const loaded = memoryOf(proxy.child.pid);
    await stop(proxy.child);
    const report = JSON.parse(readFileSync(join(reportDir, "latest", "report.json"), "utf8")) as RunReport;
    const requests = report.steps.reduce((sum, step) => sum + step.attempts, 0);
    const flushes = setup.flushEveryS > 0 ? Math.floor(seconds / setup.flushEveryS) : 0;
    const note =
      `${setup.name}: RSS ${idle.rssMb.toFixed(1)} MB idle, peak ${loaded.peakMb.toFixed(1)} MB; ` +
      `${requests.toLocaleString("en")} requests validated in ${report.durations.validation} ms ` +
      `(${(((report.durations.validation ?? 0) * 1000) / Math.max(requests, 1)).toFixed(1)} µs each), ` +
      `${report.findings.length} findings; ${flushes} periodic flush(es) in its ${seconds.toFixed(0)} s`;
    return { rows, note };
  } finally {
    await stop(proxy.child);
  }
}

/** Direct, each proxy setup and Prism's proxy in front of one upstream: a table row per case and target. */
async function compare(upstream: (typeof UPSTREAMS)[number], dir: string): Promise<void> {
  const server = await spawnReady([upstreamScript, "0", String(upstream.delayMs)], /^(http:\/\/\S+)$/);
  try {
    const origin = server.match[1] as string;
    const upstreamBase = `${origin}/client/v4`;
    console.log(
      `\nUpstream ${upstream.label} (bare node:http, ${origin}); throughput ${CONNECTIONS} connections, ` +
        `${ROUNDS} × ${SECONDS} s per case; latency ${upstream.latencyRequests} sequential requests per round; medians`,
    );
    console.log(`  direct      ${upstreamBase}`);
    for (const setup of PROXY_SETUPS)
      console.log(
        `  ${setup.name.padEnd(10)}  contract proxy --upstream ${upstreamBase} --port 0 --report-dir <tmp>${setup.flags.map((flag) => ` ${flag}`).join("")}  (${setup.says})`,
      );
    console.log(`  Prism       prism proxy ${upstreamBase} (through @impersonation-registry/prism)\n`);

    const results = new Map<string, Map<string, Row>>();
    const notes: string[] = [];
    results.set("direct", await measureAll(upstreamBase, upstream.latencyRequests));
    for (const setup of PROXY_SETUPS) {
      const { rows, note } = await measureProxy(setup, upstreamBase, upstream.latencyRequests, dir);
      results.set(setup.name, rows);
      notes.push(note);
    }
    const prism = await startPrism({ upstream: upstreamBase });
    try {
      results.set("Prism", await measureAll(prism.baseUrl, upstream.latencyRequests));
    } finally {
      await prism.close();
    }

    console.log(
      "case             target        req/s   p99 ms │ p50 µs   p99 µs  added p50  added p99 │ vs direct  vs Prism",
    );
    for (const testCase of CASES) {
      const row = (target: string) => results.get(target)?.get(testCase.name) as Row;
      const direct = row("direct");
      for (const target of results.keys()) {
        const { rps, p99, p50us, p99us } = row(target);
        const isProxy = target !== "direct" && target !== "Prism";
        const added =
          target === "direct"
            ? `${pad("", 10)} ${pad("", 10)}`
            : `${pad(signed(p50us - direct.p50us), 10)} ${pad(signed(p99us - direct.p99us), 10)}`;
        const ratios =
          target === "direct"
            ? ""
            : ` │ ${pad(`${(rps / direct.rps).toFixed(2)}×`, 9)} ${pad(isProxy ? `${(rps / row("Prism").rps).toFixed(1)}×` : "", 9)}`;
        console.log(
          `${testCase.name.padEnd(16)} ${target.padEnd(10)} ${pad(Math.round(rps), 8)} ${pad(p99.toFixed(1), 8)} │ ${pad(Math.round(p50us), 6)} ${pad(Math.round(p99us), 8)} ${added}${ratios}`,
        );
      }
    }
    for (const note of notes) console.log(note);
  } finally {
    await stop(server.child);
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), "contract-proxy-bench-"));
  try {
    for (const upstream of UPSTREAMS) await compare(upstream, dir);
    console.log("\ngoals: proxy ≥ 0.7× direct throughput, ≥ 5× Prism's proxy");
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
