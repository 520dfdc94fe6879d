/**
 * Hands every exchange to the engine's checks, and the same step on every two
 * targets to its comparison. A step retried several times is compared by its
 * final attempt; every attempt is checked. The same drift (rule, severity,
 * target, operation, pointer) on many steps is one finding that lists every
 * step in `occurrences`, so the target × scenario matrix still marks each
 * scenario it touched. Exchanges come in run order, so the first step is stable.
 * Steps of an `unpaired` scenario (generation) sent different requests to each
 * target under the same name, so they are checked but never compared.
 */
import type { Engine } from "./engine.ts";
import { addOccurrences, findingKey, stepKey } from "./identity.ts";
import type { ContractFinding, Exchange } from "./model.ts";

export function validateExchanges(
  engine: Engine,
  exchanges: readonly Exchange[],
  targets: readonly string[],
  unpaired: readonly string[] = [],
): ContractFinding[] {
  const findings = exchanges.flatMap((exchange) => engine.check(exchange));
  const finals = new Map<string, Exchange>();
  for (const exchange of exchanges)
    if (!unpaired.includes(exchange.scenario))
      finals.set(stepKey(exchange.target, exchange.scenario, exchange.step), exchange);
  for (const [i, first] of targets.entries()) {
    for (const second of targets.slice(i + 1)) {
      for (const a of finals.values()) {
        if (a.target !== first) continue;
        const b = finals.get(stepKey(second, a.scenario, a.step));
        if (b) findings.push(...engine.compare(a, b));
      }
    }
  }
  return mergeOccurrences(findings);
}

function mergeOccurrences(findings: readonly ContractFinding[]): ContractFinding[] {
  const merged = new Map<string, ContractFinding>();
  for (const finding of findings) {
    const key = findingKey(finding);
    const first = merged.get(key);
    if (!first) {
      merged.set(key, { ...finding, occurrences: [...finding.occurrences] });
      continue;
    }
    first.occurrences = addOccurrences(first.occurrences, finding.occurrences);
  }
  return [...merged.values()];
}
