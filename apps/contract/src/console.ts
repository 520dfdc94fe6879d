/**
 * What a person sees: a line per scenario × target as each finishes (on a TTY
 * a status line below them is redrawn with what is still running; piped
 * output gets the plain lines only), then a summary and the report paths.
 * Only report data is printed, and report data carries no credential.
 */

import type { RunReport, StepStatus } from "@impersonation-registry/engine";
import { generationLines, renderDigest, renderSummaryTable } from "@impersonation-registry/reports";
import type { ScenarioOutcome } from "./executor/execute.ts";
import type { Target } from "./targets/index.ts";

export interface Output {
  write(text: string): void;
  isTTY?: boolean;
}

const MARK: Record<StepStatus, string> = { passed: "✓", failed: "✗", errored: "!", "not-applicable": "–" };

export function createProgress(out: Output, total: number) {
  const running = new Set<string>();
  let done = 0;
  const status = () =>
    `  … ${done}/${total} done${running.size > 0 ? `; running: ${[...running].join(", ")}` : ""}`;
  const print = (line: string) => {
    if (out.isTTY) out.write(`\r\x1b[2K${line}\n${status().slice(0, 160)}`);
    else out.write(`${line}\n`);
  };
  return {
    targetStarted(target: Target) {
      print(`${target.info.name.padEnd(8)} ${target.description}`);
    },
    scenarioStarted(target: string, scenario: string) {
      running.add(`${target}/${scenario}`);
    },
    scenarioDone(outcome: ScenarioOutcome) {
      running.delete(`${outcome.target}/${outcome.scenario}`);
      done++;
      print(progressLine(outcome));
    },
    /** Clears the TTY status line before the summary. */
    finish() {
      if (out.isTTY) out.write("\r\x1b[2K");
    },
  };
}

export function progressLine(outcome: ScenarioOutcome): string {
  const counts = { passed: 0, failed: 0, errored: 0, "not-applicable": 0 } as Record<StepStatus, number>;
  for (const step of outcome.steps) counts[step.status]++;
  const worst: StepStatus = counts.errored
    ? "errored"
    : counts.failed
      ? "failed"
      : counts.passed
        ? "passed"
        : "not-applicable";
  const parts = (Object.keys(counts) as StepStatus[])
    .filter((s) => counts[s] > 0)
    .map((s) => `${counts[s]} ${s === "not-applicable" ? "n/a" : s}`);
  const firstProblem = outcome.steps.find((step) => step.status === "errored" || step.status === "failed");
  const why = firstProblem ? `  (${firstProblem.step}: ${firstProblem.reason})` : "";
  return `${MARK[worst]} ${outcome.target.padEnd(8)} ${outcome.scenario.padEnd(18)} ${parts.join(", ").padEnd(34)} ${String(Math.round(outcome.durationMs)).padStart(6)} ms${why}`;
}

/** What changed and what fails first, then the engine's summary table, failed steps, the timing and the report paths. */
export function renderSummary(report: RunReport, paths: readonly string[], reportingMs: number): string {
  const generated = generationLines(report);
  const lines = [
    "",
    renderDigest(report),
    "",
    renderSummaryTable(report),
    ...(generated.length > 0 ? ["", ...generated] : []),
  ];
  for (const step of report.steps.filter((s) => s.status === "failed")) {
    lines.push(`failed: ${step.target} · ${step.scenario} · ${step.step}: ${step.reason ?? "no reason"}`);
  }
  const timing = [...Object.entries(report.durations), ["reporting", reportingMs]].map(
    ([phase, ms]) => `${phase} ${ms} ms`,
  );
  lines.push(
    "",
    `timing: ${timing.join(", ")}`,
    "reports:",
    ...paths.map((path) => `  ${path}`),
    `exit ${report.exitCode}`,
    "",
  );
  return lines.join("\n");
}
