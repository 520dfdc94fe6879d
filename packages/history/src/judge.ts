/**
 * Runs the observed-contract rules of the table on this run's observations,
 * target by target. A target is judged only when it keeps state (a stateless
 * mock answers from the spec, so it has no behaviour of its own to compare)
 * and has at least MIN_EARLIER_RUNS earlier runs in the history.
 */

import { type ContractFinding, findingAt, type TargetInfo } from "@impersonation-registry/engine";
import { type EarlierRun, MIN_EARLIER_RUNS, type ObservedRule } from "./rules.ts";
import type { CurrentObservation } from "./types.ts";

export function judgeObserved(
  rules: readonly ObservedRule[],
  current: readonly CurrentObservation[],
  targets: readonly TargetInfo[],
  earlierOf: (target: string) => readonly EarlierRun[],
): ContractFinding[] {
  return targets.flatMap(({ name, capabilities }) => {
    const earlier = earlierOf(name);
    if (!capabilities.stateful || earlier.length < MIN_EARLIER_RUNS) return [];
    const observations = current.filter((o) => o.target === name);
    return rules.flatMap((rule) =>
      rule
        .check(observations, { rule: rule.id, earlier })
        .map(({ operation, scenario, step, curl, ...drift }) =>
          findingAt(rule, drift, { target: name, operation, scenario, step, curl }),
        ),
    );
  });
}
