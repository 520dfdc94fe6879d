import { PAIR } from "../report/outcome.ts";

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
