/**
 * One contract run: start the targets, run every scenario on every target,
 * clean up, validate every exchange and compare targets, judge each target
 * against its history, apply the baseline, annotate the findings from the
 * history, record the run. Phases are timed for the report's breakdown. Cleanup
 * and closing the targets happen in `finally`, and an abort (SIGINT/SIGTERM)
 * gets there just as well (an interrupted run is never recorded).
 */
import { join } from "node:path";
import type { Severity } from "@impersonation-registry/findings";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import { applyBaseline, type Baseline, createEngine, exitCodeFor, OBSERVED_RULES } from "./engine.ts";
import { type HistoryConfig, type HistoryNotice, openRunHistory } from "./history/index.ts";
import { openJournal } from "./journal.ts";
import type { RunReport, StepResult } from "./model.ts";
import { cleanUp } from "./runner/cleanup.ts";
import { executeScenario, type ScenarioOutcome } from "./runner/execute.ts";
import { createLedger } from "./runner/ledger.ts";
import { runPool } from "./runner/pool.ts";
import { DEFAULT_RETRY_POLICY } from "./runner/retry-policy.ts";
import { validateExchanges } from "./runner/validate.ts";
import { markerFor } from "./scenarios/marker.ts";
import type { Scenario } from "./scenarios/types.ts";
import {
  checkConfiguration,
  startTarget,
  type Target,
  type TargetName,
  type TargetOptions,
} from "./targets/index.ts";

export interface RunOptions extends TargetOptions {
  runId: string;
  targets: readonly TargetName[];
  spec: SpecDocument;
  specHash: string;
  scenarios: readonly Scenario[];
  failOn: Severity;
  /** The run directory is `<reportsRoot>/<runId>`. */
  reportsRoot: string;
  baseline: Baseline;
  signal: AbortSignal;
  /** Per request attempt. */
  timeoutMs?: number;
  /** Where the run's history is read and recorded; none with --no-history. */
  history?: HistoryConfig;
}

export interface RunEvents {
  targetStarted(target: Target): void;
  scenarioStarted(target: string, scenario: string): void;
  scenarioDone(outcome: ScenarioOutcome): void;
  /** The history in use, or one warning that it cannot be used (the run goes on without it). */
  history?: HistoryNotice;
}

export class RunInterrupted extends Error {
  override name = "RunInterrupted";
  readonly notes: string[];
  readonly journalPath: string;
  constructor(notes: string[], journalPath: string) {
    super("interrupted");
    this.notes = notes;
    this.journalPath = journalPath;
  }
}

export async function runContract(options: RunOptions, events: RunEvents): Promise<RunReport> {
  // Before anything is written or started: missing live credentials exit 2 with no trace left.
  checkConfiguration(options.targets, options);
  const startedAt = new Date();
  const durations: Record<string, number> = {};
  const timed = async <T>(phase: string, work: () => Promise<T> | T): Promise<T> => {
    const started = performance.now();
    try {
      return await work();
    } finally {
      durations[phase] = Math.round(performance.now() - started);
    }
  };
  const marker = markerFor(options.runId);
  const journal = openJournal(join(options.reportsRoot, options.runId, "journal.jsonl"));
  const ledger = createLedger(journal);
  const engine = createEngine(options.spec, { now: startedAt });
  const running: Target[] = [];
  const execution = { marker, ledger, policy: DEFAULT_RETRY_POLICY, timeoutMs: options.timeoutMs ?? 30_000 };
  const outcomes: ScenarioOutcome[] = [];
  const notes: string[] = [];
  // A target that fails to start stops the others: the run ends with exit 2 either way.
  const failed = new AbortController();
  const signal = AbortSignal.any([options.signal, failed.signal]);
  try {
    // Each target runs its scenarios as soon as it is up: the sandbox is done while Prism still starts.
    const pipelines = await Promise.allSettled(
      options.targets.map(async (name) => {
        try {
          const target = await timed(`start:${name}`, () =>
            startTarget(name, options, (started) => {
              running.push(started);
              events.targetStarted(started);
            }),
          );
          for (const [phase, ms] of Object.entries(target.startDurations)) durations[phase] = Math.round(ms);
          if (!target.info.capabilities.writable) {
            notes.push(`${name}: writes disabled (no --allow-writes): only GET steps ran`);
          }
          await timed(`target:${name}`, () =>
            runPool(options.scenarios, target.concurrency, signal, async (scenario) => {
              events.scenarioStarted(name, scenario.name);
              const outcome = await executeScenario(scenario, target, { ...execution, signal });
              outcomes.push(outcome);
              events.scenarioDone(outcome);
            }),
          );
        } catch (error) {
          failed.abort();
          throw error;
        }
      }),
    );
    const failure = pipelines.find((pipeline) => pipeline.status === "rejected");
    if (failure && !options.signal.aborted) throw failure.reason;
  } finally {
    notes.push(...(await timed("cleanup", () => cleanUp(running, ledger, options.runId, marker))));
    await timed("targets-stop", () => Promise.allSettled(running.map((target) => target.close())));
  }
  if (options.signal.aborted) throw new RunInterrupted(notes, journal.path);

  const exchanges = outcomes.flatMap((outcome) => outcome.exchanges);
  const raw = await timed("validation", () => validateExchanges(engine, exchanges, options.targets));
  const steps = orderSteps(outcomes, options);
  const targets = options.targets.flatMap((name) =>
    running.filter((t) => t.info.name === name).map((t) => t.info),
  );
  const { history, observed } = await timed("history", () => {
    const run = { runId: options.runId, startedAt: startedAt.toISOString(), targets, exchanges, steps };
    const scenarios = options.scenarios.map((scenario) => scenario.name);
    const opened = openRunHistory(options.history, { ...run, scenarios }, events.history ?? (() => {}));
    return { history: opened, observed: opened.judge(OBSERVED_RULES) };
  });
  const { findings, expired, unused } = applyBaseline([...raw, ...observed], options.baseline, startedAt);
  for (const entry of unused)
    notes.push(`baseline entry ${entry.rule} ${entry.operation} ${entry.pointer} matched nothing`);
  const { findings: annotated, resolved } = history.annotate(findings);
  const report: RunReport = {
    schemaVersion: 1,
    runId: options.runId,
    specHash: options.specHash,
    startedAt: startedAt.toISOString(),
    finishedAt: new Date().toISOString(),
    durations,
    targets,
    steps,
    findings: annotated,
    resolved,
    expiredBaseline: expired,
    notes,
    failOn: options.failOn,
    exitCode: 0,
  };
  report.exitCode = exitCodeFor(report);
  // Only now, with the report final: a run that crashed or was interrupted is never half recorded.
  history.record(report);
  return report;
}

/** Scenario order, then target order, then step order: the report reads the same whatever finished first. */
function orderSteps(
  outcomes: ScenarioOutcome[],
  options: Pick<RunOptions, "scenarios" | "targets">,
): StepResult[] {
  const scenarioRank = (name: string) => options.scenarios.findIndex((s) => s.name === name);
  const targetRank = (name: string) => options.targets.indexOf(name as TargetName);
  return [...outcomes]
    .sort(
      (a, b) =>
        scenarioRank(a.scenario) - scenarioRank(b.scenario) || targetRank(a.target) - targetRank(b.target),
    )
    .flatMap((outcome) => outcome.steps);
}
