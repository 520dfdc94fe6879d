/**
 * The full default run — mock + sandbox, every scenario, reports written — in
 * this process, a few times, printing the median of each phase: Prism start,
 * each target, validation, reporting, and the whole. The baseline measured in
 * the same process is a bare Prism start, the floor any run stands on.
 * Measured, never asserted: the budget (< 10 s) is printed beside the figure.
 *
 *   npm run bench -w @impersonation-registry/contract     (BENCH_RUNS=5 for more runs;
 *   BENCH_ARGS="--examples 0" without generation)
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { median } from "@impersonation-registry/history";
import { startPrism } from "@impersonation-registry/prism";
import { parseCommand } from "../src/cli/args.ts";
import { prepareRun, type RunCommand } from "../src/cli/prepare.ts";
import { runContract } from "../src/run.ts";
import { sarifLog } from "../src/sarif-log.ts";
import { readSpecLines } from "../src/spec-lines.ts";
import { writeReports } from "../src/write-reports.ts";

/** Node's start plus loading every module of the app: paid once per `npm run contract`, outside the phases. */
const loadingMs = performance.now();
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const BUDGET_MS = 10_000;
const PHASES = [
  "prism-start",
  "target:mock",
  "sandbox-start",
  "target:sandbox",
  "generated:sandbox",
  "generated:mock",
  "validation",
  "history",
  "headlines",
  "cleanup",
  "targets-stop",
  "reporting",
  "spec parse",
  "report.sarif",
];

const reportsRoot = mkdtempSync(join(tmpdir(), "contract-bench-"));
const silent = { targetStarted() {}, scenarioStarted() {}, scenarioDone() {} };
const samples: Record<string, number[]> = {};
const record = (phase: string, ms: number) => {
  samples[phase] ??= [];
  samples[phase].push(ms);
};

try {
  const prismStarts: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const prism = await startPrism();
    prismStarts.push(performance.now() - started);
    await prism.close();
  }

  // BENCH_ARGS="--examples 0" measures the run without generation, like with like against older runs.
  const extra = process.env.BENCH_ARGS?.split(" ").filter(Boolean) ?? [];
  const command = parseCommand(["--report-dir", reportsRoot, ...extra]) as RunCommand;
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    const options = await prepareRun(command, { signal: new AbortController().signal, env: {} });
    const report = await runContract(options, silent);
    const reporting = performance.now();
    writeReports(report, { reportsRoot, env: {}, lines: options.specLines });
    record("reporting", performance.now() - reporting);
    // What locating the findings adds beside the headlines phase: the spec's parse (once per run,
    // in prepareRun) and report.sarif (in reporting), each measured on its own.
    const parsing = performance.now();
    readSpecLines();
    record("spec parse", performance.now() - parsing);
    const building = performance.now();
    sarifLog(report, options.specLines);
    record("report.sarif", performance.now() - building);
    record("total", performance.now() - started);
    for (const [phase, ms] of Object.entries(report.durations)) record(phase, ms);
    const steps = report.steps.length;
    const findings = report.findings.length;
    console.log(
      `run ${i + 1}/${RUNS}: exit ${report.exitCode}, ${steps} steps, ${findings} findings, ${Math.round(performance.now() - started)} ms`,
    );
  }

  const prismFloor = median(prismStarts);
  const total = median(samples.total ?? []);
  console.log(`\nFull default run (mock + sandbox, every scenario, reports written), median of ${RUNS}:`);
  for (const phase of PHASES) {
    const values = samples[phase];
    if (values) console.log(`  ${phase.padEnd(16)} ${String(Math.round(median(values))).padStart(6)} ms`);
  }
  console.log(
    `  ${"total".padEnd(16)} ${String(Math.round(total)).padStart(6)} ms  (budget ${BUDGET_MS} ms: ${total < BUDGET_MS ? "within" : "OVER"})`,
  );
  const loading = String(Math.round(loadingMs)).padStart(6);
  console.log(`  ${"node + modules".padEnd(16)} ${loading} ms  (once per CLI process, not in total)`);
  console.log(
    `\nBaseline, same process: bare Prism start ${Math.round(prismFloor)} ms; full run = ${(total / prismFloor).toFixed(2)}× that`,
  );
  console.log(
    "Targets run side by side: the sandbox's scenarios run while Prism is still starting, so phases overlap.",
  );
} finally {
  rmSync(reportsRoot, { recursive: true, force: true });
}
