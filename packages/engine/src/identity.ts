/**
 * When two things of a run are the same, decided once. Every place that
 * deduplicates, merges, groups, fingerprints or matches findings or steps asks
 * this module, so the run's merge, the report's rows, the history's
 * fingerprint and the baseline can never disagree about what "the same" is.
 */
import { createHash } from "node:crypto";
import { wildcardIndexes } from "@impersonation-registry/findings";
import type { FindingPlace } from "./model.ts";

/** Joins the two targets of a comparison in a finding's `target`, e.g. `mock↔sandbox`. */
export const PAIR = "↔";

/** What makes two findings the same drift, whatever step showed it: rule, target, operation, pointer. */
export interface FindingIdentity {
  rule: string;
  target: string;
  operation: string;
  pointer: string;
}

const SEPARATOR = "\u0000";

/**
 * The key of a drift within one run. Severity is part of it: a comparison finding takes the
 * severity of the rule its side breaks, so the same place can hold an allowed and a failing finding.
 */
export function findingKey(finding: FindingIdentity & { severity?: string }): string {
  return [finding.rule, finding.severity ?? "", finding.target, finding.operation, finding.pointer].join(
    SEPARATOR,
  );
}

type Occurrence = { scenario: string; step: string };

/** `occurrences` and then each step of `more` they do not hold yet (the same scenario and step). */
export function addOccurrences<T extends Occurrence>(occurrences: readonly T[], more: readonly T[]): T[] {
  const fresh = more.filter(
    (at) => !occurrences.some((seen) => seen.scenario === at.scenario && seen.step === at.step),
  );
  return [...occurrences, ...fresh];
}

/** The key of one step on one target: what a retried step's attempts and two targets' answers share. */
export function stepKey(target: string, scenario: string, step: string): string {
  return [target, scenario, step].join(SEPARATOR);
}

/**
 * A finding's identity across runs: a short hash of where it was seen — rule,
 * target (a pair for comparisons), operation, pointer with indexes as `*`,
 * scenario and step. Nothing that changes between runs goes in (run ids,
 * values, times, ports, curl lines), so the same drift tomorrow has the same
 * fingerprint. The scenario is part of it because step names repeat across
 * scenarios (`get` in lifecycle and in regex-entries).
 */
export function fingerprint(place: FindingPlace): string {
  const parts = [
    place.rule,
    place.target,
    place.operation,
    wildcardIndexes(place.pointer),
    place.scenario,
    place.step,
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/**
 * The names a run's findings can carry as their target: each target, then each
 * pair the run compares (`mock↔sandbox`), in the order the validation pairs them.
 */
export function findingTargets(targets: readonly string[]): string[] {
  return [...targets, ...targets.flatMap((a, i) => targets.slice(i + 1).map((b) => `${a}${PAIR}${b}`))];
}

/** `mock↔sandbox` involves `mock` and `sandbox`; `sandbox` involves itself. */
export function involves(findingTarget: string, target: string): boolean {
  return findingTarget === target || findingTarget.split(PAIR).includes(target);
}
