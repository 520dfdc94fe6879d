/**
 * Whether a run fails, decided once from its findings, steps and baseline: what
 * every view and the exit code agree on.
 */
import { isAtLeast, type Severity } from "@impersonation-registry/findings";
import type { ContractFinding, RunReport } from "./model.ts";

export type ReportOutcome = Pick<RunReport, "findings" | "steps" | "expiredBaseline" | "failOn">;

export function isFailing(finding: ContractFinding, failOn: Severity): boolean {
  return finding.accepted === undefined && isAtLeast(finding.severity, failOn);
}

/**
 * 0 when nothing fails the run; 1 for a failing finding, an expired baseline
 * entry, or a step that errored or failed (an unmet expectation, such as a
 * deleted entry still readable, is a broken contract even without a finding).
 */
export function exitCodeFor(report: ReportOutcome): 0 | 1 {
  const failed =
    report.findings.some((finding) => isFailing(finding, report.failOn)) ||
    report.expiredBaseline.length > 0 ||
    report.steps.some((step) => step.status === "errored" || step.status === "failed");
  return failed ? 1 : 0;
}
