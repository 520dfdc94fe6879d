/**
 * The validating proxy (`contract proxy`, as a user starts it) against going
 * direct and against `prism proxy` on the same spec, all in one run, in front
 * of one local upstream (bench/upstream.ts), each server in its own process:
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
import { startPrism } from "@impersonation-registry/prism";
import autocannon from "autocannon";
import { median } from "./stats.ts";

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

/** Direct, the proxy and Prism's proxy in front of one upstream: a table row per case and target. */
async function compare(upstream: (typeof UPSTREAMS)[number], dir: string): Promise<void> {
  const cleanups: (() => Promise<void>)[] = [];
  try {
    const server = await spawnReady([upstreamScript, "0", String(upstream.delayMs)], /^(http:\/\/\S+)$/);
    cleanups.push(() => stop(server.child));
    const origin = server.match[1] as string;
    const proxy = await spawnReady(
      [cli, "proxy", "--upstream", `${origin}/client/v4`, "--port", "0", "--flush-every", "0"].concat([
        "--report-dir",
        dir,
        "--no-history",
      ]),
      /^proxy (http:\/\/\S+) → /,
    );
    cleanups.push(() => stop(proxy.child));
    const prism = await startPrism({ upstream: `${origin}/client/v4` });
    cleanups.push(() => prism.close());
    const idle = memoryOf(proxy.child.pid);

    const targets = [
      { name: "direct", base: `${origin}/client/v4` },
      { name: "proxy", base: proxy.match[1] as string },
      { name: "Prism", base: prism.baseUrl },
    ];
    console.log(
      `\nUpstream ${upstream.label} (bare node:http, ${origin}); throughput ${CONNECTIONS} connections, ` +
        `${ROUNDS} × ${SECONDS} s per case; latency ${upstream.latencyRequests} sequential requests per round; medians\n`,
    );
    console.log(
      "case             target     req/s   p99 ms │ p50 µs   p99 µs  added p50  added p99 │ vs direct  vs Prism",
    );
    for (const testCase of CASES) {
      const rows = new Map<string, { rps: number; p99: number; p50us: number; p99us: number }>();
      for (const target of targets) {
        const url = target.base + testCase.path;
        await throughput(url, 1); // warm-up, not counted
        const loads = [];
        const latencies = [];
        for (let round = 0; round < ROUNDS; round++) {
          loads.push(await throughput(url, SECONDS));
          const sorted = (await sequential(url, upstream.latencyRequests)).sort((a, b) => a - b);
          latencies.push({ p50: percentile(sorted, 50), p99: percentile(sorted, 99) });
        }
        rows.set(target.name, {
          rps: median(loads.map((load) => load.rps)),
          p99: median(loads.map((load) => load.p99)),
          p50us: median(latencies.map((latency) => latency.p50)),
          p99us: median(latencies.map((latency) => latency.p99)),
        });
      }
      const direct = rows.get("direct") as { rps: number; p50us: number; p99us: number };
      const prismRow = rows.get("Prism") as { rps: number };
      for (const [name, row] of rows) {
        const added =
          name === "direct"
            ? `${pad("", 10)} ${pad("", 10)}`
            : `${pad(`+${Math.round(row.p50us - direct.p50us)}`, 10)} ${pad(`+${Math.round(row.p99us - direct.p99us)}`, 10)}`;
        const ratios =
          name === "direct"
            ? ""
            : ` │ ${pad(`${(row.rps / direct.rps).toFixed(2)}×`, 9)} ${pad(name === "proxy" ? `${(row.rps / prismRow.rps).toFixed(1)}×` : "", 9)}`;
        console.log(
          `${testCase.name.padEnd(16)} ${name.padEnd(7)} ${pad(Math.round(row.rps), 8)} ${pad(row.p99.toFixed(1), 8)} │ ${pad(Math.round(row.p50us), 6)} ${pad(Math.round(row.p99us), 8)} ${added}${ratios}`,
        );
      }
    }

    const loaded = memoryOf(proxy.child.pid);
    await stop(proxy.child);
    const report = JSON.parse(readFileSync(join(dir, "latest", "report.json"), "utf8")) as RunReport;
    const requests = report.steps.reduce((sum, step) => sum + step.attempts, 0);
    console.log(
      `proxy process: RSS ${idle.rssMb.toFixed(1)} MB idle, peak ${loaded.peakMb.toFixed(1)} MB; ` +
        `${requests.toLocaleString("en")} requests validated in ${report.durations.validation} ms ` +
        `(${(((report.durations.validation ?? 0) * 1000) / Math.max(requests, 1)).toFixed(1)} µs each), ` +
        `${report.findings.length} findings`,
    );
  } finally {
    for (const cleanup of cleanups.reverse()) await cleanup();
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
