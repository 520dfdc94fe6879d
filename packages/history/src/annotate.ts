/**
 * Gives each finding of a run its identity across runs — fingerprint, new,
 * first seen, runs seen in — and lists what the previous run had that this
 * one no longer has. "Previous" is per target and scenario: the latest earlier
 * run that ran this scenario on this target (or on both sides of a pair), so a
 * run narrowed with --scenario neither calls old findings new nor the ones of
 * scenarios it did not run resolved.
 */
import { type ContractFinding, findingTargets, fingerprint } from "@impersonation-registry/engine";
import { WHOLE_RUN } from "./rules.ts";
import type { FingerprintStats, StoredFinding, StoredRun } from "./store.ts";
import type { AnnotatedFinding, ResolvedFinding } from "./types.ts";

/** What the run being annotated is. */
export interface RunPlace {
  runId: string;
  startedAt: string;
  targets: readonly string[];
  scenarios: readonly string[];
}

/** What the history held when the run began; undefined when the run has none. */
export interface HistoryView {
  /** Oldest first. */
  runs: readonly StoredRun[];
  stats: ReadonlyMap<string, FingerprintStats>;
  /** The findings of the runs `previousRun` can return. */
  findings: readonly StoredFinding[];
}

export interface Annotated {
  findings: AnnotatedFinding[];
  resolved: ResolvedFinding[];
}

function covers(run: Pick<StoredRun, "targets" | "scenarios">, target: string, scenario: string): boolean {
  return (
    findingTargets(run.targets).includes(target) &&
    (scenario === WHOLE_RUN.scenario || run.scenarios.includes(scenario))
  );
}

/** The latest run in `runs` that ran `scenario` on `target`. */
export function previousRun(
  runs: readonly StoredRun[],
  target: string,
  scenario: string,
): StoredRun | undefined {
  return runs.findLast((run) => covers(run, target, scenario));
}

/** Every (target, scenario) this run covers: what its findings can be new to, and what it can resolve. */
export function placesOf(run: Pick<RunPlace, "targets" | "scenarios">): [string, string][] {
  return findingTargets(run.targets).flatMap((target) =>
    [...run.scenarios, WHOLE_RUN.scenario].map((scenario): [string, string] => [target, scenario]),
  );
}

export function annotateFindings(
  findings: readonly ContractFinding[],
  run: RunPlace,
  view: HistoryView | undefined,
): Annotated {
  const thisRun = { runId: run.runId, at: run.startedAt };
  const fingerprints = new Map<number, Set<string>>();
  for (const stored of view?.findings ?? []) {
    if (!fingerprints.has(stored.runSeq)) fingerprints.set(stored.runSeq, new Set());
    fingerprints.get(stored.runSeq)?.add(stored.fingerprint);
  }
  const annotated = findings.map((finding): AnnotatedFinding => {
    const id = fingerprint(finding);
    const previous = view && previousRun(view.runs, finding.target, finding.scenario);
    const stats = view?.stats.get(id);
    return {
      ...finding,
      fingerprint: id,
      new: !(previous && fingerprints.get(previous.seq)?.has(id)),
      firstSeen: stats?.firstSeen ?? thisRun,
      seenInRuns: (stats?.runs ?? 0) + 1,
    };
  });
  const now = new Set(annotated.map((finding) => finding.fingerprint));
  const resolved = new Map<string, ResolvedFinding>();
  for (const [target, scenario] of view ? placesOf(run) : []) {
    const previous = previousRun(view?.runs ?? [], target, scenario);
    for (const stored of view?.findings ?? []) {
      if (stored.runSeq !== previous?.seq || stored.target !== target || stored.scenario !== scenario)
        continue;
      if (now.has(stored.fingerprint)) continue;
      const { fingerprint: id, rule, operation, pointer, step } = stored;
      resolved.set(id, { fingerprint: id, rule, target, operation, pointer, scenario, step });
    }
  }
  return { findings: annotated, resolved: [...resolved.values()] };
}
