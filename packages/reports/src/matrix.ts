/**
 * The target × scenario matrix and the small phrases every view shows for a
 * run: computed once from the RunReport.
 */

import {
  type ContractFinding,
  isFailing,
  PAIR,
  type RunReport,
  type StepStatus,
} from "@impersonation-registry/engine";
import { SEVERITIES, type Severity } from "@impersonation-registry/findings";

/** The worst first: what a matrix cell shows. */
export type Verdict = "errored" | "failed" | "drift" | "passed" | "not-applicable" | "none";

export interface Cell {
  verdict: Verdict;
  steps: Record<StepStatus, number>;
  /** Findings that fail the run. */
  failing: number;
}

export interface Matrix {
  /** The report's targets, then comparison pairs (`mock↔sandbox`) that have findings. */
  targets: string[];
  scenarios: string[];
  cell(target: string, scenario: string): Cell;
}

function verdictOf(steps: Record<StepStatus, number>, failing: number): Verdict {
  if (steps.errored > 0) return "errored";
  if (steps.failed > 0) return "failed";
  if (failing > 0) return "drift";
  if (steps.passed > 0) return "passed";
  return steps["not-applicable"] > 0 ? "not-applicable" : "none";
}

export function buildMatrix(report: RunReport): Matrix {
  const unique = (values: string[]) => [...new Set(values)];
  const targets = unique([...report.targets.map((t) => t.name), ...report.findings.map((f) => f.target)]);
  const scenarios = unique([
    ...report.steps.map((s) => s.scenario),
    ...report.findings.flatMap((f) => f.occurrences.map((at) => at.scenario)),
  ]);
  return {
    targets,
    scenarios,
    cell(target, scenario) {
      const steps: Record<StepStatus, number> = { passed: 0, failed: 0, "not-applicable": 0, errored: 0 };
      for (const step of report.steps) {
        if (step.target === target && step.scenario === scenario) steps[step.status] += 1;
      }
      const failing = report.findings.filter(
        (f) => f.target === target && touches(f, scenario) && isFailing(f, report.failOn),
      ).length;
      const sides = target.split(PAIR);
      if (sides.length === 2) {
        // A comparison has no steps of its own: it passed where both sides ran the scenario.
        const ran = sides.every((side) =>
          report.steps.some((s) => s.target === side && s.scenario === scenario),
        );
        return { verdict: failing > 0 ? "drift" : ran ? "passed" : "none", steps, failing };
      }
      return { verdict: verdictOf(steps, failing), steps, failing };
    },
  };
}

/** One word for the run: `passed`, `failed`, or `interrupted by SIGINT`. */
export function verdictOfRun(report: Pick<RunReport, "exitCode" | "interrupted">): string {
  if (report.interrupted) return `interrupted by ${report.interrupted}`;
  return report.exitCode === 0 ? "passed" : "failed";
}

/** Whether a finding was seen in a scenario (at any of its steps). */
export function touches(finding: ContractFinding, scenario: string, step?: string): boolean {
  return finding.occurrences.some(
    (at) => at.scenario === scenario && (step === undefined || at.step === step),
  );
}

/** Findings per severity, worst first, with how many of them the baseline accepts. */
export function severityCounts(report: {
  findings: readonly ContractFinding[];
}): { severity: Severity; total: number; accepted: number }[] {
  return [...SEVERITIES].reverse().map((severity) => {
    const matching = report.findings.filter((finding) => finding.severity === severity);
    return { severity, total: matching.length, accepted: matching.filter((f) => f.accepted).length };
  });
}

/** A cell as one short phrase, e.g. `drift (2)` or `passed, 3 n/a`. */
export function cellLabel(cell: Cell): string {
  const notApplicable = cell.steps["not-applicable"];
  const base =
    cell.verdict === "drift" ? `drift (${cell.failing})` : cell.verdict === "none" ? "—" : cell.verdict;
  return notApplicable > 0 && cell.verdict !== "not-applicable" ? `${base}, ${notApplicable} n/a` : base;
}

/** Steps that fail the run by themselves, as one line each: `failed sandbox · lifecycle › get: why`. */
export function brokenSteps(report: Pick<RunReport, "steps">): string[] {
  return report.steps
    .filter((step) => step.status === "failed" || step.status === "errored")
    .map((s) => `${s.status} ${s.target} · ${s.scenario} › ${s.step}: ${s.reason ?? "no reason"}`);
}
