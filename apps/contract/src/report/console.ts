/** The summary table the CLI prints at the end of a run: plain text, aligned columns. */
import type { RunReport } from "../model.ts";
import { buildMatrix, cellLabel, severityCounts } from "./outcome.ts";

/** Rows as space-aligned columns; also used by the `history` command. */
export function aligned(rows: string[][]): string[] {
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => row[column]?.length ?? 0))) ?? [];
  return rows.map((row) =>
    row
      .map((value, column) => value.padEnd(widths[column] ?? 0))
      .join("  ")
      .trimEnd(),
  );
}

export function renderSummaryTable(report: RunReport): string {
  const matrix = buildMatrix(report);
  const rows = [
    ["scenario", ...matrix.targets],
    ...matrix.scenarios.map((scenario) => [
      scenario,
      ...matrix.targets.map((t) => cellLabel(matrix.cell(t, scenario))),
    ]),
  ];
  const counts = severityCounts(report)
    .map(
      ({ severity, total, accepted }) => `${total} ${severity}${accepted ? ` (${accepted} accepted)` : ""}`,
    )
    .join(", ");
  const lines = [...aligned(rows), "", `findings: ${counts} (fail on ${report.failOn})`];
  if (report.expiredBaseline.length > 0)
    lines.push(`expired baseline entries: ${report.expiredBaseline.length}`);
  for (const step of report.steps.filter((s) => s.status === "errored")) {
    lines.push(`errored: ${step.target} · ${step.scenario} · ${step.step}: ${step.reason ?? "no reason"}`);
  }
  for (const note of report.notes) lines.push(`note: ${note}`);
  return lines.join("\n");
}
