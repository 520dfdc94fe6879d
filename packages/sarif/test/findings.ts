/**
 * Findings shaped as a contract run's report holds them (packages/engine/src/model.ts:
 * ContractFinding with its FindingHistory), one per case of `cases.ts`, and the
 * adapter the contract app would use to hand them to the builder.
 */
import { createHash } from "node:crypto";
import type { Severity } from "@impersonation-registry/findings";
import type { SpecPointer } from "../src/locate.ts";
import type { SarifFinding, SarifRule } from "../src/sarif.ts";
import { CONTRACT_CASES } from "./cases.ts";

/** The fields of a report finding this package reads (values, occurrences and the exchange id left out). */
export interface ReportFinding {
  rule: string;
  severity: Severity;
  target: string;
  scenario: string;
  step: string;
  operation: string;
  pointer: string;
  message: string;
  curl: string;
  fingerprint: string;
  firstSeen: { runId: string; at: string };
  seenInRuns: number;
}

const SEVERITY: Record<string, Severity> = {
  "undocumented-field": "additive",
  "observed-error-code-changed": "additive",
  "latency-regression": "additive",
  "deprecated-past-eol": "info",
  "compare-status": "info",
  "compare-key": "info",
  "compare-type": "info",
  "compare-nullability": "info",
  "compare-header": "info",
  "observed-enum-value-new": "info",
};

/** One row per rule of the cases, in their order: what the contract's rules table gives the builder. */
export const RULES: SarifRule[] = [...new Set(CONTRACT_CASES.map((c) => c.rule))].map((id) => ({
  id,
  severity: SEVERITY[id] ?? "breaking",
  title: `What ${id} finds.`,
}));

/** As the history computes it: a hash of where the finding was seen, nothing that changes between runs. */
function fingerprintOf(parts: string[]): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}

/** A finding of `rule` on `target` at `at`, as a run reports it; `observed` varies between runs. */
export function reportFinding(rule: string, at: SpecPointer, target: string, observed = "string") {
  const scenario = "lifecycle";
  const step = `${at.operation}-step`;
  const finding: ReportFinding = {
    rule,
    severity: RULES.find((r) => r.id === rule)?.severity ?? "breaking",
    target,
    scenario,
    step,
    operation: at.operation,
    pointer: at.pointer,
    message: `What ${rule} finds. At ${at.pointer || "(body)"} · Expected: boolean · Observed: ${observed}`,
    curl: `curl -sS -H 'authorization: Bearer $CLOUDFLARE_API_TOKEN' 'http://127.0.0.1:8787/${at.operation}'`,
    fingerprint: fingerprintOf([rule, target, at.operation, at.pointer, scenario, step]),
    firstSeen: { runId: "run-1", at: "2026-12-01T02:00:00.000Z" },
    seenInRuns: 3,
  };
  return { finding, at };
}

/** What the contract app passes per finding: where it points (status from its exchange) and what readers want beside it. */
export function toSarifFinding(
  { finding, at }: ReturnType<typeof reportFinding>,
  runId: string,
): SarifFinding {
  const { rule, severity, target, operation, pointer, message, fingerprint, curl, firstSeen, seenInRuns } =
    finding;
  return {
    ...at,
    rule,
    severity,
    operation,
    pointer,
    message,
    fingerprint,
    target,
    properties: { runId, firstSeen, seenInRuns, curl },
  };
}

/** Every case of the contract as a finding of one run. */
export function contractRun(runId: string, observed?: string): SarifFinding[] {
  return CONTRACT_CASES.map(({ rule, target }) =>
    toSarifFinding(
      reportFinding(rule, target, rule.startsWith("compare-") ? "mock↔sandbox" : "sandbox", observed),
      runId,
    ),
  );
}
