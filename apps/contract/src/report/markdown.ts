/** summary.md: the run at a glance, for a pull request or `$GITHUB_STEP_SUMMARY`. */
import { showValue } from "../checks/json.ts";
import type { RunReport } from "../model.ts";
import { brokenSteps, buildMatrix, cellLabel, isFailing, severityCounts, verdictOfRun } from "./outcome.ts";

const MAX_ROWS = 200;

/** Table cells cannot hold pipes or newlines. */
function cell(value: unknown): string {
  return showValue(value).replaceAll("|", "\\|").replaceAll("\n", " ");
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.join(" | ")} |`),
  ];
}

export function renderMarkdown(report: RunReport): string {
  const matrix = buildMatrix(report);
  const verdict = verdictOfRun(report);
  const lines = [
    `## Contract run \`${report.runId}\`: ${verdict}`,
    "",
    `Spec \`${report.specHash.slice(0, 12)}\` · targets ${report.targets.map((t) => `\`${t.name}\``).join(", ")} · fail on \`${report.failOn}\` · exit ${report.exitCode}`,
    "",
    ...table(
      ["scenario", ...matrix.targets.map(cell)],
      matrix.scenarios.map((scenario) => [
        cell(scenario),
        ...matrix.targets.map((t) => cellLabel(matrix.cell(t, scenario))),
      ]),
    ),
    "",
    severityCounts(report)
      .map(
        ({ severity, total, accepted }) =>
          `**${total}** ${severity}${accepted ? ` (${accepted} accepted)` : ""}`,
      )
      .join(" · "),
  ];
  if (report.findings.length > 0) {
    lines.push(
      "",
      "### Findings",
      "",
      ...table(
        ["", "severity", "rule", "target", "operation", "step", "pointer", "expected", "observed"],
        // Failing findings first; the table stops at MAX_ROWS (a step summary is capped at 1 MiB by GitHub).
        [...report.findings]
          .sort((a, b) => Number(isFailing(b, report.failOn)) - Number(isFailing(a, report.failOn)))
          .slice(0, MAX_ROWS)
          .map((f) => [
            isFailing(f, report.failOn) ? "❌" : f.accepted ? "✅ accepted" : "ℹ️",
            f.severity,
            `\`${f.rule}\``,
            cell(f.target),
            f.operation,
            cell(f.step),
            `\`${cell(f.pointer || "/")}\``,
            cell(f.expected),
            cell(f.observed),
          ]),
      ),
    );
    if (report.findings.length > MAX_ROWS) {
      lines.push("", `… and ${report.findings.length - MAX_ROWS} more findings in report.json.`);
    }
  }
  const broken = brokenSteps(report);
  if (broken.length > 0)
    lines.push("", "### Failed and errored steps", "", ...broken.map((line) => `- ${line}`));
  if (report.expiredBaseline.length > 0) {
    lines.push(
      "",
      "### Expired baseline entries",
      "",
      ...report.expiredBaseline.map(
        (e) => `- \`${e.rule}\` ${e.operation} \`${e.pointer}\`, expired ${e.expires}: ${e.reason}`,
      ),
    );
  }
  if (report.notes.length > 0) lines.push("", "### Notes", "", ...report.notes.map((note) => `- ${note}`));
  const durations = Object.entries(report.durations).map(([phase, ms]) => `${phase} ${Math.round(ms)} ms`);
  if (durations.length > 0) lines.push("", `Durations: ${durations.join(" · ")}`);
  return `${lines.join("\n")}\n`;
}
