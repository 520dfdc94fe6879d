/**
 * One contract run: start the targets, run every scenario on every target,
 * clean up and prove the account clean, validate every exchange and compare
 * targets, judge each target against its own history, apply the baseline,
 * annotate the findings from the history, build the report (its findings'
 * headlines located on the spec's lines), record the run.
 * Phases are timed for the report's breakdown. Cleanup and closing the
 * targets happen in `finally`, so an error and an abort (SIGINT/SIGTERM) get
 * there just as well; an aborted run still returns its report — marked
 * interrupted, with the steps it finished — and hands a first version to
 * `events.interrupted` before the cleanup starts, so reports exist even if a
 * second signal cuts the cleanup short. Only a run that finished is recorded.
 */
import { join } from "node:path";
import {
  applyBaseline,
  type Baseline,
  type CleanupResult,
  type ContractFinding,
  createEngine,
  exitCodeFor,
  type GenerationReport,
  numberExchanges,
  type RunReport,
  SIGNAL_EXIT,
  validateExchanges,
} from "@impersonation-registry/engine";
import type { Severity } from "@impersonation-registry/findings";
import {
  type HistoryConfig,
  type HistoryNotice,
  OBSERVED_RULES,
  openRunHistory,
  type RunHistory,
  rememberedSeeds,
} from "@impersonation-registry/history";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import { executeScenario, type ScenarioOutcome } from "./executor/execute.ts";
import { runPool } from "./executor/pool.ts";
import { DEFAULT_RETRY_POLICY } from "./executor/retry-policy.ts";
import { drawSeed, GENERATED, type GenerationPlan } from "./generation/generation-plan.ts";
import { GENERATION_STEP_RULES } from "./generation/generation-rules.ts";
import { runGeneration } from "./generation/in-run.ts";
import { headlinesOf, locateFindings } from "./headlines.ts";
import { type CleanupOutcome, cleanUp } from "./safety/cleanup.ts";
import { openJournal } from "./safety/journal.ts";
import { createLedger } from "./safety/ledger.ts";
import { markerFor } from "./safety/marker.ts";
import type { Scenario } from "./scenarios/types.ts";
import type { SpecLines } from "./spec-lines.ts";
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
  /** The spec's text, whose lines the findings' headlines (and report.sarif) point at. */
  specLines: SpecLines;
  scenarios: readonly Scenario[];
  failOn: Severity;
  /** The run directory is `<reportsRoot>/<runId>`. */
  reportsRoot: string;
  baseline: Baseline;
  /** Aborted by SIGINT/SIGTERM; its reason is the signal's name. */
  signal: AbortSignal;
  /** Per request attempt. */
  timeoutMs?: number;
  /** Where the run's history is read and recorded; none with --no-history. */
  history?: HistoryConfig;
  /** Generated inputs and sequences on each stateful target after its scenarios; none when undefined. */
  generation?: GenerationPlan;
}

export interface RunEvents {
  targetStarted(target: Target): void;
  scenarioStarted(target: string, scenario: string): void;
  scenarioDone(outcome: ScenarioOutcome): void;
  /** Something the run's console should show: a target's unexpected 5xx, a start-up warning. */
  warning?(message: string): void;
  /** The run was interrupted: its report so far, before the cleanup (which may be cut short by a second signal). */
  interrupted?(report: RunReport): void;
  /** The history in use, or one warning that it cannot be used (the run goes on without it). */
  history?: HistoryNotice;
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
  const generated: GenerationReport[] = [];
  const generatedFindings: ContractFinding[] = [];
  const seed = options.generation && drawSeed(options.generation);
  const notes: string[] = [];
  let cleanup: CleanupOutcome = { results: [], steps: [] };

  let history: RunHistory | undefined;

  /** The report of what ran so far; `cleanup` is empty until the cleanup ran. */
  const report = async (): Promise<RunReport> => {
    const ordered = orderOutcomes(outcomes, options);
    const exchanges = ordered.flatMap((outcome) => outcome.exchanges);
    const kept = numberExchanges(exchanges);
    const raw = await timed("validation", () =>
      validateExchanges(engine, exchanges, options.targets, [GENERATED]),
    );
    const steps = ordered.flatMap((outcome) => outcome.steps);
    const targets = options.targets.flatMap((name) =>
      running.filter((t) => t.info.name === name).map((t) => t.info),
    );
    // Opened once: an interrupted run builds its report twice (before and after the cleanup).
    history ??= await timed("history", () => {
      // The history learns a target's behaviour from the fixed scenarios only: generated inputs vary
      // by seed by design, so their answers are no evidence of what the target usually does.
      const fixed = <T extends { scenario: string }>(items: readonly T[]) =>
        items.filter((item) => item.scenario !== GENERATED);
      const run = {
        runId: options.runId,
        startedAt: startedAt.toISOString(),
        targets,
        exchanges: fixed(exchanges),
        steps: fixed(steps),
        stepRules: GENERATION_STEP_RULES,
        explored: generated.map((one) => ({ target: one.target, scenario: GENERATED })),
      };
      const scenarios = options.scenarios.map((scenario) => scenario.name);
      return openRunHistory(options.history, { ...run, scenarios }, events.history ?? (() => {}));
    });
    const observed = history.judge(OBSERVED_RULES, engine.index);
    const { findings, expired, unused } = applyBaseline(
      [...raw, ...generatedFindings, ...observed],
      options.baseline,
      startedAt,
    );
    const { findings: annotated, resolved, notChecked } = history.annotate(findings);
    const interrupted = interruption(options.signal);
    const built: RunReport = {
      schemaVersion: 2,
      runId: options.runId,
      specHash: options.specHash,
      startedAt: startedAt.toISOString(),
      finishedAt: new Date().toISOString(),
      durations,
      targets,
      steps: [...steps, ...cleanup.steps],
      findings: annotated,
      headlines: [],
      resolved,
      notChecked,
      trend: [],
      exchanges: kept,
      expiredBaseline: expired,
      notes: [
        ...notes,
        ...unused.map(
          (entry) => `baseline entry ${entry.rule} ${entry.operation} ${entry.pointer} matched nothing`,
        ),
        ...cleanupNotes(cleanup.results),
      ],
      cleanup: cleanup.results,
      // Each target's documented statuses that neither this run nor a kept one ever got, by name.
      ...(seed !== undefined && {
        seed,
        generation: history.withNeverSeen(inTargetOrder(generated, options)),
      }),
      ...(interrupted && { interrupted }),
      failOn: options.failOn,
      exitCode: 0,
    };
    built.headlines = await timed("headlines", () => headlinesOf(locateFindings(built), options.specLines));
    built.exitCode = interrupted ? SIGNAL_EXIT[interrupted] : exitCodeFor(built);
    built.trend = history.trend(built);
    return built;
  };

  // A target that fails to start stops the others: the run ends with exit 2 either way.
  const failed = new AbortController();
  const signal = AbortSignal.any([options.signal, failed.signal]);
  try {
    // Each target runs its scenarios as soon as it is up: the sandbox is done while Prism still starts.
    const pipelines = await Promise.allSettled(
      options.targets.map(async (name) => {
        try {
          const target = await timed(`start:${name}`, () =>
            startTarget(name, { ...options, warn: (message) => events.warning?.(message) }, (started) => {
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
          // On a stateless target (the mock, which validates requests against the spec) generation
          // checks the generator against the spec; on the others, the target against the model.
          if (options.generation && seed !== undefined && !signal.aborted) {
            events.scenarioStarted(name, GENERATED);
            const { outcome, report, findings } = await timed(`generated:${name}`, () =>
              runGeneration(target, {
                ...execution,
                spec: options.spec,
                plan: options.generation as GenerationPlan,
                seed,
                remembered: rememberedSeeds(options.history, target.info.identity.key),
                signal,
              }),
            );
            outcomes.push(outcome);
            generated.push(report);
            generatedFindings.push(...findings);
            events.scenarioDone(outcome);
          }
        } catch (error) {
          failed.abort();
          throw error;
        }
      }),
    );
    const failure = pipelines.find((pipeline) => pipeline.status === "rejected");
    if (failure && !options.signal.aborted) throw failure.reason;
  } finally {
    if (options.signal.aborted) events.interrupted?.(await report());
    cleanup = await timed("cleanup", () => cleanUp(running, ledger, options.runId, marker));
    await timed("targets-stop", () => Promise.allSettled(running.map((target) => target.close())));
  }
  const final = await report();
  // Only now, with the report final: a run that crashed or was interrupted is never recorded.
  if (!final.interrupted) history?.record(final);
  return final;
}

function interruption(signal: AbortSignal): RunReport["interrupted"] {
  if (!signal.aborted) return undefined;
  return signal.reason === "SIGTERM" ? "SIGTERM" : "SIGINT";
}

/** Only what needs a person: a verified clean account says nothing (its step says it passed). */
function cleanupNotes(results: readonly CleanupResult[]): string[] {
  return results.flatMap((result) => [
    ...(result.deleted > 0
      ? [`${result.target}: the cleanup deleted ${result.deleted} entries the scenarios left`]
      : []),
    ...(result.error !== undefined
      ? [
          `${result.target}: the account could not be checked after the cleanup (${result.error}); ${result.remedy}`,
        ]
      : []),
    ...(result.survivors.length > 0
      ? [
          `${result.target}: ${result.survivors.length} entries this run created are still there: ${result.survivors
            .map((survivor) => `${survivor.id} ${JSON.stringify(survivor.name)}`)
            .join(", ")}; ${result.remedy}`,
        ]
      : []),
  ]);
}

/** Generation reports read in the run's target order, whichever finished first. */
function inTargetOrder(
  reports: readonly GenerationReport[],
  options: Pick<RunOptions, "targets">,
): GenerationReport[] {
  const rank = targetRank(options);
  return [...reports].sort((a, b) => rank(a.target) - rank(b.target));
}

/** A target's place in the run's `--target` order. */
function targetRank(options: Pick<RunOptions, "targets">): (name: string) => number {
  return (name) => options.targets.indexOf(name as TargetName);
}

/**
 * Scenario order, then target order: the report reads the same whatever finished first, and the
 * first step that shows a drift (a finding's own step, part of its identity) is always the same.
 */
function orderOutcomes(
  outcomes: readonly ScenarioOutcome[],
  options: Pick<RunOptions, "scenarios" | "targets">,
): ScenarioOutcome[] {
  // Generated sequences come after every fixed scenario.
  const scenarioRank = (name: string) => {
    const rank = options.scenarios.findIndex((s) => s.name === name);
    return rank === -1 ? options.scenarios.length : rank;
  };
  const rank = targetRank(options);
  return [...outcomes].sort(
    (a, b) => scenarioRank(a.scenario) - scenarioRank(b.scenario) || rank(a.target) - rank(b.target),
  );
}
