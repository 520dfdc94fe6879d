/**
 * Runs the observed-contract rules of the table on this run's observations,
 * target by target, each against its own series (its target identity). A target
 * is judged only when it keeps state (a stateless mock answers from the spec, so
 * it has no behaviour of its own to compare) and has at least MIN_EARLIER_RUNS
 * earlier runs in its series. A drift that brings the target closer to the spec
 * (the check says `converged`) is reported as `info`, never as breaking.
 */

import {
  type ContractFinding,
  findingAt,
  type SpecIndex,
  type TargetInfo,
} from "@impersonation-registry/engine";
import { type EarlierRun, MIN_EARLIER_RUNS, type ObservationSource, type ObservedRule } from "./rules.ts";
import type { CurrentObservation } from "./types.ts";

export function judgeObserved(
  rules: readonly ObservedRule[],
  current: readonly CurrentObservation[],
  targets: readonly TargetInfo[],
  earlierOf: (series: string) => readonly EarlierRun[],
  spec?: SpecIndex,
  source: ObservationSource = "scenarios",
): ContractFinding[] {
  return targets.flatMap(({ name, identity, capabilities }) => {
    const earlier = earlierOf(identity.key);
    if (!capabilities.stateful || earlier.length < MIN_EARLIER_RUNS) return [];
    const observations = current.filter((o) => o.target === identity.key);
    // Each rule judges only the sources it is built for (a status of real traffic is the request's doing).
    return rules
      .filter((rule) => rule.sources.includes(source))
      .flatMap((rule) =>
        rule
          .check(observations, { rule: rule.id, earlier, spec, source })
          .map(({ operation, scenario, step, curl, converged, ...drift }) =>
            converged
              ? findingAt(rule, drift, {
                  target: name,
                  operation,
                  scenario,
                  step,
                  curl,
                  severity: "info",
                  expectedLabel: "Converged to the spec — before",
                  observedLabel: "Now",
                })
              : findingAt(rule, drift, { target: name, operation, scenario, step, curl }),
          ),
      );
  });
}
