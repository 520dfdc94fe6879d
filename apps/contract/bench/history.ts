/**
 * The history at scale: a store of 1,000 realistic runs (built in a temp dir
 * from one real default run — its real findings and observations — recorded
 * 1,000 times with the variation nights have), then the median time of
 *
 *   - the `history` command in this process, against a bare `SELECT` on the
 *     same file (open, count the runs, close) measured in the same run;
 *   - the `history` command as a CLI process, against `node -e 0` and against the
 *     CLI's own start (`--help`: parses the command line, loads no command);
 *   - an in-process sandbox run with that history, against the same run with
 *     --no-history: what reading, judging and recording 1,000 runs adds.
 *
 * Measured, never asserted: the budget (< 1 s for the CLI) is printed beside it.
 *
 *   node bench/history.ts        (BENCH_RUNS=15 for more samples)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import type { RunReport } from "@impersonation-registry/engine";
import { HistoryStore, median, type Observation, seriesOf } from "@impersonation-registry/history";
import { parseCommand } from "../src/cli/args.ts";
import { historyCommand } from "../src/cli/history-command.ts";
import { prepareRun, type RunCommand } from "../src/cli/prepare.ts";
import { runContract } from "../src/run.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 9);
const STORED = 1_000;
const BUDGET_MS = 1_000;
const CLI = fileURLToPath(new URL("../src/cli.ts", import.meta.url));

/** Median milliseconds of `work` over RUNS samples, after one warm-up. */
async function timed(work: () => unknown): Promise<number> {
  const samples: number[] = [];
  for (let i = -1; i < RUNS; i++) {
    const started = performance.now();
    await work();
    if (i >= 0) samples.push(performance.now() - started);
  }
  return median(samples);
}
const silent = { targetStarted() {}, scenarioStarted() {}, scenarioDone() {}, history() {} };

async function run(args: string[]): Promise<RunReport> {
  const command = parseCommand(args) as RunCommand;
  return runContract(await prepareRun(command, { signal: new AbortController().signal, env: {} }), silent);
}

const dir = mkdtempSync(join(tmpdir(), "contract-bench-history-"));
try {
  // One real default run (mock + sandbox) gives what a night records: findings and observations.
  const seedPath = join(dir, "seed.db");
  const real = await run(["--report-dir", dir, "--history", seedPath]);
  const seed = HistoryStore.open(seedPath, { create: false }) as HistoryStore;
  // The history keys everything by series (target identity), as a run records it.
  const series = new Map(real.targets.map((target) => [target.name, target.identity.key]));
  const observations: Observation[] = [...series.values()].flatMap(
    (key) => seed.earlierRuns(key, 1)[0]?.observations ?? [],
  );
  seed.close();

  const path = join(dir, "history.db");
  const building = performance.now();
  const store = HistoryStore.open(path, { create: true }) as HistoryStore;
  const night = Date.parse("2024-01-01T03:17:00Z");
  for (let i = 0; i < STORED; i++) {
    const at = new Date(night + i * 86_400_000).toISOString();
    // Nights vary: durations jitter, and every 50th night a drift shows for three nights.
    const drifting = i % 50 < 3 && i >= 50;
    const seen = real.findings.map((f) => ({ ...f, target: seriesOf(f.target, series) }));
    const findings = drifting
      ? [
          ...seen,
          {
            ...(seen[0] as RunReport["findings"][number]),
            fingerprint: `drift${String(i - (i % 50)).padStart(11, "0")}`,
            severity: "breaking" as const,
            rule: "observed-field-vanished",
          },
        ]
      : seen;
    store.record(
      {
        runId: `${at.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${String(i).padStart(6, "0")}`,
        startedAt: at,
        finishedAt: at,
        specHash: real.specHash,
        targets: ["mock", "sandbox"],
        series: real.targets.map((target) => target.identity),
        carried: [],
        scenarios: [...new Set(real.steps.map((step) => step.scenario))],
        exitCode: drifting ? 1 : 0,
        findings,
        resolved: i % 50 === 3 && i >= 50 ? 1 : 0,
      },
      observations.map((o, k) => ({ ...o, durationMs: o.durationMs * (0.8 + ((i * 7 + k) % 5) / 10) })),
      STORED + 100,
    );
  }
  store.close();
  const buildMs = performance.now() - building;
  console.log(
    `store: ${STORED} runs of ${real.findings.length} findings and ${observations.length} observations each, built in ${Math.round(buildMs)} ms`,
  );

  const sink = { write() {} };
  const command = { path, targets: [], last: 20, format: "text" as const };
  const inProcess = await timed(() => historyCommand(command, sink));
  const bareSelect = await timed(() => {
    const db = new DatabaseSync(path);
    db.prepare("SELECT count(*) FROM runs").get();
    db.close();
  });
  const spawnMs = (args: string[]) =>
    timed(() => {
      const child = spawnSync(process.execPath, args, { stdio: "ignore" });
      if (child.status !== 0) throw new Error(`${args.join(" ")} exited ${child.status}`);
    });
  const cli = await spawnMs([CLI, "history", "--history", path]);
  const bareNode = await spawnMs(["-e", "0"]);
  const help = await spawnMs([CLI, "--help"]);

  // The run phases: a sandbox run reading, judging and recording against the 1,000 runs, vs none.
  const withHistory: number[] = [];
  const historyPhase: number[] = [];
  const without: number[] = [];
  for (let i = 0; i < Math.min(RUNS, 5); i++) {
    let started = performance.now();
    const report = await run([
      "--target",
      "sandbox",
      "--report-dir",
      dir,
      "--history",
      path,
      "--history-keep",
      "2000",
    ]);
    withHistory.push(performance.now() - started);
    historyPhase.push(report.durations.history ?? Number.NaN);
    started = performance.now();
    await run(["--target", "sandbox", "--report-dir", dir, "--no-history"]);
    without.push(performance.now() - started);
  }

  const ms = (value: number) => `${value.toFixed(1).padStart(7)} ms`;
  console.log(`\nhistory command over ${STORED} stored runs, median of ${RUNS}:`);
  console.log(
    `  in this process      ${ms(inProcess)}   bare SELECT on the same file ${ms(bareSelect)}  (${(inProcess / bareSelect).toFixed(1)}×)`,
  );
  console.log(
    `  as a CLI process     ${ms(cli)}   node -e 0 ${ms(bareNode)}  (${(cli / bareNode).toFixed(2)}×, +${Math.round(cli - bareNode)} ms; budget ${BUDGET_MS} ms: ${cli < BUDGET_MS ? "within" : "OVER"})`,
  );
  console.log(
    `                                  contract --help ${ms(help)}  (${(cli / help).toFixed(2)}×, +${Math.round(cli - help)} ms: loading the history module and reading)`,
  );
  console.log(`\nsandbox run with ${STORED}+ stored runs, median of ${without.length}:`);
  console.log(`  history phase (read + judge)   ${ms(median(historyPhase))}`);
  console.log(
    `  whole run with history ${ms(median(withHistory))}   --no-history ${ms(median(without))}  (+${Math.round(median(withHistory) - median(without))} ms, recording included)`,
  );
} finally {
  rmSync(dir, { recursive: true, force: true });
}
