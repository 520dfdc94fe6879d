import { type Rule, type Severity, wildcardIndexes } from "@impersonation-registry/findings";
import type { Drift } from "./checks/types.ts";
import { toCurl } from "./curl.ts";
import { showValue } from "./json.ts";
import type { ContractFinding, Exchange } from "./model.ts";

/** Where a finding was seen and how to reproduce it, when that is not simply one exchange. */
export interface FindingSite {
  target: string;
  curl: string;
  severity: Severity;
  expectedLabel: string;
  observedLabel: string;
}

/** Turns a check's drift into a finding: the rule's severity, the exchange's whereabouts, a labelled message. */
export function completeFinding(
  rule: Rule,
  drift: Drift,
  exchange: Exchange,
  site: Partial<FindingSite> = {},
): ContractFinding {
  return findingAt(rule, drift, {
    ...site,
    target: site.target ?? exchange.target,
    scenario: exchange.scenario,
    step: exchange.step,
    operation: exchange.operation,
    curl: site.curl ?? toCurl(exchange),
    ...(exchange.id !== undefined && { exchange: exchange.id }),
  });
}

/** The same, for a drift whose place is known without its exchange (observed-contract rules judge stored observations). */
export function findingAt(
  rule: Rule,
  drift: Drift,
  site: Pick<ContractFinding, "target" | "scenario" | "step" | "operation" | "curl" | "exchange"> &
    Partial<FindingSite>,
): ContractFinding {
  const pointer = wildcardIndexes(drift.pointer);
  const expectedLabel = site.expectedLabel ?? "Expected";
  const observedLabel = site.observedLabel ?? "Observed";
  return {
    rule: rule.id,
    severity: site.severity ?? rule.severity,
    target: site.target,
    scenario: site.scenario,
    step: site.step,
    operation: site.operation,
    pointer,
    expected: drift.expected,
    observed: drift.observed,
    message: `${rule.title} At ${pointer || "(body)"} · ${expectedLabel}: ${showValue(drift.expected)} · ${observedLabel}: ${showValue(drift.observed)}`,
    curl: site.curl,
    occurrences: [{ scenario: site.scenario, step: site.step }],
    ...(site.exchange !== undefined && { exchange: site.exchange }),
  };
}
