/**
 * Hands every exchange to the engine's checks, and the same step on every two
 * targets to its comparison. A step retried several times is compared by its
 * final attempt; every attempt is checked. The same drift on many steps of a
 * scenario on a target is one finding (the first step that showed it); each
 * scenario keeps its own, so the target × scenario matrix shows every scenario it touched.
 */
import { dedupeFindings } from "@impersonation-registry/findings";
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
  return dedupeFindings(findings, (finding) => `${finding.target}\u0000${finding.scenario}`);
}
