/**
 * When two things of a run are the same, decided once. Every place that
 * deduplicates, merges, groups, fingerprints or matches findings or steps asks
 * this module, so the run's merge, the report's rows, the history's
 * fingerprint and the baseline can never disagree about what "the same" is.
 */
import { stableHash, wildcardIndexes } from "@impersonation-registry/findings";
import type { TargetIdentity } from "./model.ts";

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

/** `…c353`: enough to tell two accounts apart on screen, not the id. */
function redactAccount(accountId: string): string {
  return `…${accountId.slice(-4)}`;
}

/** A target's identity: its kind, where it answers (a base URL without a trailing slash) and its account. */
export function targetIdentity(kind: string, server: string, accountId?: string): TargetIdentity {
  const where = server.replace(/\/+$/, "");
  return {
    key: `${kind}:${stableHash([kind, where, accountId ?? ""], 12)}`,
    kind,
    server: where,
    ...(accountId !== undefined && { account: redactAccount(accountId) }),
  };
}

/**
 * A finding's identity across runs: a short hash of rule, target (its series
 * key; a pair of them for comparisons), operation and pointer with indexes as
 * `*` — and, for the rules that judge one step (`step`), the scenario and step.
 * Nothing that changes between runs goes in (run ids, values, times, ports, curl
 * lines), nor which step happened to show a drift first: a run narrowed to other
 * scenarios sees the same drift under the same fingerprint.
 */
export function fingerprint(place: FindingIdentity, step?: { scenario: string; step: string }): string {
  const parts = [place.rule, place.target, place.operation, wildcardIndexes(place.pointer)];
  return stableHash(step ? [...parts, step.scenario, step.step] : parts);
}

/**
 * The names a run's findings can carry as their target: each target, then each
 * pair the run compares (`mock↔sandbox`), in the order the validation pairs them.
 */
export function findingTargets(targets: readonly string[]): string[] {
  return [...targets, ...targets.flatMap((a, i) => targets.slice(i + 1).map((b) => `${a}${PAIR}${b}`))];
}
