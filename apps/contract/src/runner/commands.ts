/**
 * The commands behind the CLI, loaded only once the command line parsed: a
 * usage error or --help answers without loading the engine, Prism's launcher
 * or the sandbox.
 */
import { createProgress, renderSummary } from "../console.ts";
import { writeReports } from "../engine.ts";
import { RunInterrupted, runContract } from "../run.ts";
import { buildScenarios } from "../scenarios/index.ts";
import { sweep } from "../sweep.ts";
import { liveTarget } from "../targets/live.ts";
import { renderList } from "./list.ts";
import { prepareRun, type RunCommand } from "./prepare.ts";
import { loadSpec } from "./spec.ts";

const SIGNAL_EXIT: Record<string, number> = { SIGINT: 130, SIGTERM: 143 };

export async function runList(specPath: string | undefined): Promise<number> {
  process.stdout.write(renderList(buildScenarios((await loadSpec(specPath)).spec)));
  return 0;
}

export async function runCommand(command: RunCommand): Promise<number> {
  const controller = new AbortController();
  const options = await prepareRun(command, { signal: controller.signal, env: process.env });
  let signalled: string | undefined;
  const onSignal = (signal: string) => {
    if (signalled) process.exit(SIGNAL_EXIT[signal] ?? 1);
    signalled = signal;
    process.stderr.write(`\n${signal}: stopping, deleting what this run created, stopping the targets…\n`);
    controller.abort();
  };
  process.on("SIGINT", onSignal);
  process.on("SIGTERM", onSignal);

  const progress = createProgress(process.stdout, options.scenarios.length * options.targets.length);
  process.stdout.write(
    `contract run ${options.runId}: ${options.targets.join(" + ")}, ${options.scenarios.length} scenarios\n`,
  );
  try {
    const report = await runContract(options, {
      ...progress,
      history(line, warning) {
        progress.finish();
        if (warning) process.stderr.write(`contract: ${line}\n`);
        else process.stdout.write(`${line}\n`);
      },
    });
    progress.finish();
    const started = performance.now();
    const written = writeReports(report, { reportsRoot: options.reportsRoot });
    const reportingMs = Math.round(performance.now() - started);
    const paths = [...Object.values(written.files), `${written.latestDir} (copy)`];
    process.stdout.write(renderSummary(report, paths, reportingMs));
    return report.exitCode;
  } catch (error) {
    if (!(error instanceof RunInterrupted)) throw error;
    progress.finish();
    for (const note of error.notes) process.stderr.write(`${note}\n`);
    process.stderr.write(`interrupted; journal: ${error.journalPath}\n`);
    return SIGNAL_EXIT[signalled ?? ""] ?? 1;
  }
}

export async function runSweep(olderThanMs: number): Promise<number> {
  const target = liveTarget({ env: process.env, allowWrites: true, concurrency: 1 });
  const result = await sweep(target, olderThanMs);
  for (const entry of result.deleted)
    process.stdout.write(`deleted ${entry.id} ${JSON.stringify(entry.name)} (created ${entry.created_at})\n`);
  for (const entry of result.failed)
    process.stdout.write(`could not delete ${entry.id} ${JSON.stringify(entry.name)}\n`);
  process.stdout.write(
    `sweep: ${result.deleted.length} deleted, ${result.tooRecent.length} marked but too recent, ${result.failed.length} failed, ${result.unmarked} unmarked left alone\n`,
  );
  return result.failed.length > 0 ? 1 : 0;
}
