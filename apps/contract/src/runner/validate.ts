/**
 * Hands every exchange to the engine's checks, and the same step on every two
 * targets to its comparison. A step retried several times is compared by its
 * final attempt; every attempt is checked. The same drift (rule, severity,
 * target, operation, pointer) on many steps is one finding that lists every
 * step in `occurrences`, so the target × scenario matrix still marks each
 * scenario it touched. Exchanges come in run order, so the first step is stable.
 */
import type { Engine } from "../engine.ts";
import type { ContractFinding, Exchange } from "../model.ts";

export function validateExchanges(
  engine: Engine,
  exchanges: readonly Exchange[],
  targets: readonly string[],
): ContractFinding[] {
  const findings = exchanges.flatMap((exchange) => engine.check(exchange));
  const finals = new Map<string, Exchange>();
  for (const exchange of exchanges)
    finals.set(`${exchange.target}\u0000${exchange.scenario}\u0000${exchange.step}`, exchange);
  const finalOf = (target: string, exchange: Exchange) =>
    finals.get(`${target}\u0000${exchange.scenario}\u0000${exchange.step}`);
  for (const [i, first] of targets.entries()) {
    for (const second of targets.slice(i + 1)) {
      for (const [key, a] of finals) {
        if (!key.startsWith(`${first}\u0000`)) continue;
        const b = finalOf(second, a);
        if (b) findings.push(...engine.compare(a, b));
      }
    }
  }
  return mergeOccurrences(findings);
}

/** What makes two findings the same drift: rule, severity, target, operation and pointer. */
export function findingKey(finding: ContractFinding): string {
  return [finding.rule, finding.severity, finding.target, finding.operation, finding.pointer].join("\u0000");
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
    for (const at of finding.occurrences) {
      if (!first.occurrences.some((seen) => seen.scenario === at.scenario && seen.step === at.step))
        first.occurrences.push(at);
    }
  }
  return [...merged.values()];
}
