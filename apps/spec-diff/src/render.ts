/** One report, three views: a terminal table, Markdown for the CI job summary, JSON for tools. */
import type { SpecFinding } from "./diff.ts";
import { type Report, VERSIONED_PACKAGES } from "./index.ts";

export const FORMATS = ["text", "md", "json"] as const;
export type Format = (typeof FORMATS)[number];

/** A value in a table cell or a message: one line, at most 60 characters, `—` for nothing. */
export function shown(v: unknown): string {
  if (v === undefined) return "—";
  const text = typeof v === "string" ? v : JSON.stringify(v);
  const line = text.replace(/\s+/g, " ").trim();
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}

function byOperation(findings: SpecFinding[]): Map<string, SpecFinding[]> {
  const groups = new Map<string, SpecFinding[]>();
  for (const finding of findings) {
    const title = finding.endpoint ? `${finding.operation} (${finding.endpoint})` : finding.operation;
    groups.set(title, [...(groups.get(title) ?? []), finding]);
  }
  return groups;
}

function counts(report: Report): string {
  const of = (severity: string) => report.findings.filter((f) => f.severity === severity).length;
  return `${report.findings.length} change(s): ${of("breaking")} breaking, ${of("additive")} additive, ${of("info")} info; ${report.typeErrors.length} consumer compile error(s)`;
}

function bumps(report: Report): string {
  return VERSIONED_PACKAGES.map((name) => `${name} ${report.bump}`).join(", ");
}

function text(report: Report): string {
  const lines = [
    `spec:diff ${report.spec}: ${report.base.label} (${report.base.commit.slice(0, 7)}) → working copy`,
  ];
  lines.push(counts(report));
  for (const [title, findings] of byOperation(report.findings)) {
    const rows = findings.map((f) => [
      f.severity,
      f.rule,
      f.pointer || "/",
      `${shown(f.expected)} → ${shown(f.observed)}`,
    ]);
    const widths = [0, 1, 2].map((i) => Math.max(...rows.map((row) => (row[i] as string).length)));
    lines.push("", title);
    for (const row of rows)
      lines.push(
        `  ${row
          .map((cell, i) => cell.padEnd(widths[i] ?? 0))
          .join("  ")
          .trimEnd()}`,
      );
  }
  if (report.typeErrors.length > 0) {
    lines.push("", "Consumer compile errors against the regenerated types:");
    for (const e of report.typeErrors)
      lines.push(`  ${e.file}:${e.line}:${e.column} TS${e.code}: ${e.message}`);
  }
  lines.push("", `Suggested bump: ${bumps(report)}`);
  return lines.join("\n");
}

const cell = (s: string) => s.replaceAll("|", "\\|");

function markdown(report: Report): string {
  const lines = [
    `## spec:diff — \`${report.spec}\``,
    "",
    `Base: ${report.base.label} (\`${report.base.commit.slice(0, 7)}\`) → working copy. ${counts(report)}.`,
  ];
  for (const [title, findings] of byOperation(report.findings)) {
    lines.push(
      "",
      `### ${title}`,
      "",
      "| severity | rule | pointer | before → after |",
      "| --- | --- | --- | --- |",
    );
    for (const f of findings) {
      lines.push(
        `| ${f.severity} | \`${f.rule}\` | \`${cell(f.pointer || "/")}\` | ${cell(shown(f.expected))} → ${cell(shown(f.observed))} |`,
      );
    }
  }
  if (report.typeErrors.length > 0) {
    lines.push("", "### Consumer compile errors", "");
    for (const e of report.typeErrors)
      lines.push(`- \`${e.file}:${e.line}:${e.column}\` TS${e.code}: ${cell(e.message)}`);
  }
  lines.push("", `**Suggested bump:** ${bumps(report)}`);
  return lines.join("\n");
}

export function render(report: Report, format: Format): string {
  if (format === "json") return JSON.stringify(report, null, 2);
  return format === "md" ? markdown(report) : text(report);
}
