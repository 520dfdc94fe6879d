/**
 * The commands behind the CLI, loaded only once the command line parsed: a
 * usage error or --help answers without loading the engine, Prism's launcher
 * or the sandbox.
 */
import { join } from "node:path";
import { PaginationError } from "@impersonation-registry/client";
import { type RunReport, SIGNAL_EXIT } from "@impersonation-registry/engine";
import { createProgress, renderSummary } from "../console.ts";
import { RunnerError } from "../errors.ts";
import { runContract } from "../run.ts";
import { type SweepResult, sweep } from "../safety/sweep.ts";
import { annotateInCi } from "../sarif-log.ts";
import { buildScenarios } from "../scenarios/index.ts";
import { liveTarget } from "../targets/live.ts";
import { writeReports } from "../write-reports.ts";
import { renderList } from "./list.ts";
import { prepareRun, type RunCommand } from "./prepare.ts";
import { loadSpec } from "./spec.ts";

export { runSuggest } from "../suggest/index.ts";

export async function runList(specPath: string | undefined): Promise<number> {
  process.stdout.write(renderList(buildScenarios((await loadSpec(specPath)).spec)));
  return 0;
}

export async function runCommand(command: RunCommand): Promise<number> {
  const controller = new AbortController();
  const options = await prepareRun(command, { signal: controller.signal, env: process.env });
  let signalled: string | undefined;
  const onSignal = (signal: string) => {
    if (signalled) process.exit(SIGNAL_EXIT[signal as keyof typeof SIGNAL_EXIT] ?? 1);
    signalled = signal;
    process.stderr.write(
      `\n${signal}: stopping, writing the reports, deleting what this run created, stopping the targets…\n`,
    );
    controller.abort(signal);
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const progress = createProgress(process.stdout, options.scenarios.length * options.targets.length);
  const write = (report: RunReport) =>
    writeReports(report, { reportsRoot: options.reportsRoot, lines: options.specLines });
  process.stdout.write(
    `contract run ${options.runId}: ${options.targets.join(" + ")}, ${options.scenarios.length} scenarios\n`,
  );
  const report = await runContract(options, {
    ...progress,
    warning: (message) => process.stderr.write(`warning: ${message}\n`),
    history(line, warning) {
      progress.finish();
      if (warning) process.stderr.write(`contract: ${line}\n`);
      else process.stdout.write(`${line}\n`);
    },
    // Written before the cleanup too: a second signal, which exits at once, still leaves reports.
    interrupted: write,
  });
  progress.finish();
  const started = performance.now();
  const written = write(report);
  const reportingMs = Math.round(performance.now() - started);
  const paths = [...Object.values(written.files), `${written.latestDir} (copy)`];
  process.stdout.write(renderSummary(report, paths, reportingMs));
  annotateInCi(report, options.specLines);
  if (report.interrupted) {
    const journal = join(options.reportsRoot, options.runId, "journal.jsonl");
    process.stderr.write(`interrupted by ${report.interrupted}; journal: ${journal}\n`);
  }
  return report.exitCode;
}

export async function runSweep(olderThanMs: number): Promise<number> {
  const target = liveTarget({ env: process.env, allowWrites: true, concurrency: 1 });
  let result: SweepResult;
  try {
    result = await sweep(target, olderThanMs);
  } catch (error) {
    // A listing that would never end is a broken server, said in one line (exit 2), never a loop.
    if (error instanceof PaginationError) throw new RunnerError("pagination", `sweep: ${error.message}`);
    throw error;
  }
  for (const entry of result.deleted)
    process.stdout.write(`deleted ${entry.id} ${JSON.stringify(entry.name)} (created ${entry.created_at})\n`);
  for (const entry of result.failed) {
    process.stdout.write(
      `could not remove ${entry.id} ${JSON.stringify(entry.name)}: still there after two DELETEs\n`,
    );
  }
  process.stdout.write(
    `sweep: ${result.deleted.length} deleted, ${result.tooRecent.length} marked but too recent, ${result.failed.length} failed, ${result.unmarked} unmarked left alone (${result.requests} requests)\n`,
  );
  return result.failed.length > 0 ? 1 : 0;
}
