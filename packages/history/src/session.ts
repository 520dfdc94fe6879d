/**
 * What one contract run does with its history, in the order run.ts calls it:
 * read what the history holds (then close the file: nothing is held open
 * while the run computes), judge this run's observations with the observed
 * rules, annotate the findings, name the documented statuses generation never
 * got in any kept run, and — once the report is final — record the run (its
 * generation coverage included). A history that cannot be read is one warning
 * line; the run then goes on exactly as if it had no history (no observed
 * findings, every finding new) and records nothing, so a damaged file is
 * never made worse.
 */
import {
  type ContractFinding,
  type Exchange,
  findingTargets,
  type SpecIndex,
  type StepResult,
  statusName,
  type TargetInfo,
  type TrendPoint,
  unseenStatuses,
} from "@impersonation-registry/engine";
import { type Annotated, annotateFindings, type HistoryView, previousRun, seriesOf } from "./annotate.ts";
import { judgeObserved } from "./judge.ts";
import { observe } from "./observe.ts";
import {
  type EarlierRun,
  OBSERVED_RULES,
  type ObservationSource,
  type ObservedRule,
  STEP_RULES,
} from "./rules.ts";
import { HistoryStore, tallyFindings } from "./store.ts";
import type { AnnotatedFinding, CoverageCell, ResolvedFinding } from "./types.ts";

/** A store error on one line of a warning: SQLite's messages may span several. */
function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).replace(/\s*\n\s*/g, " | ");
}

export interface HistoryConfig {
  /** The database file. */
  path: string;
  /** Runs kept; older ones are pruned with their findings and observations. */
  keep: number;
}

/**
 * How far back "the earlier runs" of a target go for the observed rules: two months
 * of nightly runs. Long enough to know a field was always there; short enough that
 * a change accepted long ago is not held against the target for ever.
 */
export const EARLIER_RUNS = 60;

/** Runs in the report's trend, this one included: a month of nightly runs at a glance. */
export const TREND_RUNS = 30;

export interface RunHistoryInput {
  runId: string;
  startedAt: string;
  /** The targets that ran, in the run's order. */
  targets: readonly TargetInfo[];
  scenarios: readonly string[];
  /** A run's scenarios (the default), or a proxy session's real traffic. */
  source?: ObservationSource;
  exchanges: readonly Exchange[];
  /** What tells a final attempt from a retried one (observe keeps the final ones). */
  steps: readonly Pick<StepResult, "target" | "scenario" | "step" | "attempts">[];
  /** Rules beyond the history's own whose fingerprint names the step (generation's: the failure class). */
  stepRules?: readonly string[];
  /**
   * Scenarios that ran on a target without fixed steps (generation: its steps are named by what it
   * found): a finding of one is looked at again, and resolved when gone, whenever it ran there.
   */
  explored?: readonly { target: string; scenario: string }[];
}

/** What the history records of one target's generation: a structural subset of the engine's GenerationReport. */
export interface RecordedGeneration {
  target: string;
  /** Which seeds failed (remembered) and which passed (forgotten). */
  runs: readonly { seed: number; failed: boolean }[];
  /** Every cell, exercised or not. */
  coverage: { cells: readonly CoverageCell[] };
}

/** The final report's parts the history records. */
export interface FinalReport {
  runId: string;
  startedAt: string;
  finishedAt: string;
  specHash: string;
  exitCode: number;
  findings: readonly AnnotatedFinding[];
  resolved: readonly ResolvedFinding[];
  /** The run's generation seed; absent when nothing was generated. */
  seed?: number;
  /** Generation per target: its seeds and its coverage. */
  generation?: readonly RecordedGeneration[];
}

/** A line for the console: the history in use, or a warning that it is not. */
export type HistoryNotice = (line: string, warning: boolean) => void;

export interface RunHistory {
  /**
   * This run's observed-contract findings (none without a usable history). With the spec's
   * index, a change toward the spec is `info` (converged), never breaking.
   */
  judge(rules: readonly ObservedRule[], spec?: SpecIndex): ContractFinding[];
  annotate(findings: readonly ContractFinding[]): Annotated;
  /**
   * The last `limit` runs that share a target with this one, oldest first, this run (as `report`
   * says) the last; empty without a usable history, as then there is nothing to compare it with.
   */
  trend(report: Omit<FinalReport, "finishedAt" | "specHash">, limit?: number): TrendPoint[];
  /**
   * Each target's generation with `neverSeen`: the statuses its coverage documents that neither this
   * run nor any kept run of its series got, by name (`createEntry 403`), in the coverage's order.
   * Without a usable history each comes back as given, without `neverSeen` (the views then name
   * what this run alone did not get).
   */
  withNeverSeen<T extends Pick<RecordedGeneration, "target" | "coverage">>(
    generation: readonly T[],
  ): (T & { neverSeen?: string[] })[];
  /** Records the run: call once its report is final. A failure is a warning, never an error. */
  record(report: FinalReport): void;
}

interface Loaded {
  view: HistoryView;
  /** Series key → its earlier runs. */
  earlier: Map<string, EarlierRun[]>;
  /** Series key → the documented statuses generation got in a kept run, by name. */
  exercisedStatuses: Map<string, Set<string>>;
}

export function openRunHistory(
  config: HistoryConfig | undefined,
  run: RunHistoryInput,
  notice: HistoryNotice,
): RunHistory {
  const names = run.targets.map((target) => target.name);
  const series = new Map(run.targets.map((target) => [target.name, target.identity.key]));
  const keys = run.targets.map((target) => target.identity.key);
  // Everything the history stores or compares is keyed by series: another server is another series.
  const observations = observe(run.exchanges, run.steps).map((o) => ({
    ...o,
    target: seriesOf(o.target, series),
  }));
  const place = {
    runId: run.runId,
    startedAt: run.startedAt,
    series,
    observations,
    stepRules: new Set([...STEP_RULES, ...(run.stepRules ?? [])]),
    explored: (run.explored ?? []).map(({ target, scenario }) => ({
      target: seriesOf(target, series),
      scenario,
    })),
  };
  let loaded: Loaded | undefined;
  let carried: Annotated["carried"] = [];
  if (config) {
    try {
      loaded = load(config.path, run.targets);
      notice(historyLine(config.path, loaded.view, run.targets), false);
    } catch (error) {
      notice(`warning: ${oneLine(error)}; this run goes on without history`, true);
    }
  }
  return {
    judge: (rules, spec) =>
      loaded
        ? judgeObserved(
            rules,
            observations,
            run.targets,
            (key) => loaded?.earlier.get(key) ?? [],
            spec,
            run.source,
          )
        : [],
    annotate(findings) {
      const annotated = annotateFindings(findings, place, loaded?.view);
      carried = annotated.carried;
      return annotated;
    },
    trend(report, limit = TREND_RUNS) {
      if (!loaded) return [];
      const shared = loaded.view.runs.filter((stored) => stored.series.some((key) => keys.includes(key)));
      const earlier = shared.slice(Math.max(0, shared.length - (limit - 1))).map(
        (stored): TrendPoint => ({
          runId: stored.runId,
          startedAt: stored.startedAt,
          exitCode: stored.exitCode,
          counts: {
            breaking: stored.counts.breaking,
            additive: stored.counts.additive,
            info: stored.counts.info,
          },
          new: stored.new,
          resolved: stored.resolved,
        }),
      );
      const { counts, new: added } = tallyFindings(report.findings);
      const { runId, startedAt, exitCode } = report;
      return [
        ...earlier,
        { runId, startedAt, exitCode, counts, new: added, resolved: report.resolved.length },
      ];
    },
    withNeverSeen(generation) {
      const exercised = loaded?.exercisedStatuses;
      if (!exercised) return [...generation];
      return generation.map((one) => ({
        ...one,
        neverSeen: unseenStatuses(one.coverage.cells, exercised.get(seriesOf(one.target, series))),
      }));
    },
    record(report) {
      if (!config || !loaded) return;
      try {
        const store = HistoryStore.open(config.path, { create: true }) as HistoryStore;
        try {
          store.record(
            {
              ...report,
              findings: report.findings.map((f) => ({ ...f, target: seriesOf(f.target, series) })),
              carried,
              targets: names,
              series: run.targets.map((target) => target.identity),
              scenarios: run.scenarios,
              resolved: report.resolved.length,
              seeds: (report.generation ?? []).flatMap(({ target, runs }) =>
                runs.map(({ seed, failed }) => ({ series: seriesOf(target, series), seed, failed })),
              ),
              coverage: (report.generation ?? []).flatMap(({ target, coverage }) =>
                coverage.cells.map((cell) => ({ ...cell, series: seriesOf(target, series) })),
              ),
            },
            observations.map(({ curl: _, ...kept }) => kept),
            config.keep,
          );
        } finally {
          store.close();
        }
      } catch (error) {
        notice(`warning: ${oneLine(error)}; this run was not recorded`, true);
      }
    },
  };
}

/** Everything the run needs from the file, read at once; the file is closed again before judging. */
function load(path: string, targets: readonly TargetInfo[]): Loaded {
  const store = HistoryStore.open(path, { create: true }) as HistoryStore;
  try {
    const runs = store.runs();
    const keys = targets.map((target) => target.identity.key);
    const previous = new Set(findingTargets(keys).flatMap((key) => previousRun(runs, key)?.seq ?? []));
    const observedRules = OBSERVED_RULES.map((rule) => rule.id);
    const earlier = new Map(
      targets
        .filter((target) => target.capabilities.stateful)
        .map(({ identity: { key } }) => [
          key,
          store.earlierRuns(key, EARLIER_RUNS, store.openDriftSince(key, observedRules)),
        ]),
    );
    // Each series' findings from its own previous run (an older run may hold a series too).
    const findings = store
      .findingsOf([...previous])
      .filter(
        (f) => findingTargets(keys).includes(f.target) && previousRun(runs, f.target)?.seq === f.runSeq,
      );
    const exercisedStatuses = new Map(
      keys.map((key) => [key, new Set(store.exercisedStatuses(key).map(statusName))]),
    );
    return { view: { runs, stats: store.fingerprintStats(), findings }, earlier, exercisedStatuses };
  } finally {
    store.close();
  }
}

/** `history: reports/contract/history.db (5 earlier runs of sandbox, 5 of mock)`: runs of the same series. */
function historyLine(path: string, view: HistoryView, targets: readonly TargetInfo[]): string {
  const parts = targets.map(({ name, identity }, i) => {
    const n = view.runs.filter((run) => run.series.includes(identity.key)).length;
    return i === 0 ? `${n} earlier runs of ${name}` : `${n} of ${name}`;
  });
  return `history: ${path} (${parts.join(", ")})`;
}

/**
 * The generation seeds that failed on the series `key` in earlier runs and have not passed since,
 * read before a run generates; an absent or unusable history remembers none (the run says why later).
 */
export function rememberedSeeds(config: HistoryConfig | undefined, key: string): number[] {
  if (!config) return [];
  try {
    const store = HistoryStore.open(config.path, { create: false });
    if (!store) return [];
    try {
      return store.failingSeeds(key);
    } finally {
      store.close();
    }
  } catch {
    return [];
  }
}
