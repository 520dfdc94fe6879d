/**
 * Gives each finding of a run its identity across runs — fingerprint, new,
 * first seen, runs seen in — and sorts what the previous run of each series
 * had and this one has not: resolved when this run executed a step that showed
 * it (it looked and the drift is gone), not checked otherwise (a narrowed run,
 * a GET-only live run, an operation a proxy session never called). A finding
 * not checked stays open: the run keeps it, unchecked, so the next run that
 * looks still knows it. Targets are series keys here (target identities).
 */
import { type ContractFinding, fingerprint, PAIR, stepKey } from "@impersonation-registry/engine";
import { WHOLE_RUN } from "./rules.ts";
import type { FingerprintStats, StoredFinding, StoredRun } from "./store.ts";
import type { AnnotatedFinding, Observation, ResolvedFinding } from "./types.ts";

/** What the history held when the run began; undefined when the run has none. */
export interface HistoryView {
  /** Oldest first. */
  runs: readonly StoredRun[];
  stats: ReadonlyMap<string, FingerprintStats>;
  /** The findings of the previous run of each of this run's series (seen and carried). */
  findings: readonly StoredFinding[];
}

/** The run being annotated: its id and start, its targets' series, and what it observed (keyed by series). */
export interface RunPlace {
  runId: string;
  startedAt: string;
  /** Target name → series key. */
  series: ReadonlyMap<string, string>;
  observations: readonly Pick<Observation, "target" | "operation" | "scenario" | "step">[];
  /** Rules whose findings are about one step: their fingerprint names it. */
  stepRules: ReadonlySet<string>;
  /** Scenarios without fixed steps that ran on a series (generation): their findings were looked at. */
  explored?: readonly { target: string; scenario: string }[];
}

export interface Annotated {
  findings: AnnotatedFinding[];
  /** Gone, and this run executed a step that showed them. */
  resolved: ResolvedFinding[];
  /** Gone from this run, which never executed what showed them: still open. */
  notChecked: ResolvedFinding[];
  /** The same, as the history keeps them (series keys): recorded with the run, unchecked. */
  carried: StoredFinding[];
}

/** A finding's target (a name, or a pair of them) as series keys. */
export function seriesOf(target: string, series: ReadonlyMap<string, string>): string {
  return target
    .split(PAIR)
    .map((name) => series.get(name) ?? name)
    .join(PAIR);
}

/** The latest run in `runs` that had series `key` (a target, or a pair compared). */
export function previousRun(runs: readonly StoredRun[], key: string): StoredRun | undefined {
  const sides = key.split(PAIR);
  return runs.findLast((run) => sides.every((side) => run.series.includes(side)));
}

export function findingFingerprint(
  finding: Pick<ContractFinding, "rule" | "operation" | "pointer" | "scenario" | "step">,
  key: string,
  stepRules: ReadonlySet<string>,
): string {
  const place = { rule: finding.rule, target: key, operation: finding.operation, pointer: finding.pointer };
  return fingerprint(place, stepRules.has(finding.rule) ? finding : undefined);
}

export function annotateFindings(
  findings: readonly ContractFinding[],
  run: RunPlace,
  view: HistoryView | undefined,
): Annotated {
  const thisRun = { runId: run.runId, at: run.startedAt };
  const keyOf = (target: string) => seriesOf(target, run.series);
  const nameOf = new Map([...run.series].map(([name, key]) => [key, name]));
  const previousOf = new Map<string, Set<string>>();
  for (const stored of view?.findings ?? []) {
    const ids = previousOf.get(stored.target) ?? new Set<string>();
    ids.add(stored.fingerprint);
    previousOf.set(stored.target, ids);
  }
  const annotated = findings.map((finding): AnnotatedFinding => {
    const key = keyOf(finding.target);
    const id = findingFingerprint(finding, key, run.stepRules);
    const stats = view?.stats.get(id);
    return {
      ...finding,
      fingerprint: id,
      new: !previousOf.get(key)?.has(id),
      firstSeen: stats?.firstSeen ?? thisRun,
      seenInRuns: (stats?.runs ?? 0) + 1,
    };
  });
  const now = new Set(annotated.map((finding) => finding.fingerprint));
  const steps = new Set(run.observations.map((o) => stepKey(o.target, o.scenario, o.step)));
  const operations = new Set(run.observations.map((o) => stepKey(o.target, WHOLE_RUN.scenario, o.operation)));
  const explored = new Set((run.explored ?? []).map((e) => stepKey(e.target, e.scenario, "")));
  // Executed on every side of the finding's target: a comparison needs both answers to look again.
  const looked = (stored: StoredFinding) =>
    stored.occurrences.some((at) =>
      stored.target
        .split(PAIR)
        .every((side) =>
          at.scenario === WHOLE_RUN.scenario
            ? operations.has(stepKey(side, WHOLE_RUN.scenario, stored.operation))
            : steps.has(stepKey(side, at.scenario, at.step)) || explored.has(stepKey(side, at.scenario, "")),
        ),
    );
  const resolved: ResolvedFinding[] = [];
  const notChecked: ResolvedFinding[] = [];
  const carried: StoredFinding[] = [];
  const placed = new Set<string>();
  for (const stored of view?.findings ?? []) {
    if (now.has(stored.fingerprint) || placed.has(stored.fingerprint)) continue;
    placed.add(stored.fingerprint);
    const { fingerprint: id, rule, operation, pointer, scenario, step } = stored;
    const target = stored.target
      .split(PAIR)
      .map((key) => nameOf.get(key) ?? key)
      .join(PAIR);
    const gone = { fingerprint: id, rule, target, operation, pointer, scenario, step };
    if (looked(stored)) resolved.push(gone);
    else {
      notChecked.push(gone);
      carried.push({ ...stored, checked: false });
    }
  }
  return { findings: annotated, resolved, notChecked, carried };
}
