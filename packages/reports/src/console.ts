/**
 * What the CLI prints at the end of a run, as plain text: first what changed since
 * the last run and what fails this one, the allowed differences in one line, then
 * the target × scenario table with the counts, expired entries, errors and notes.
 */
import type { RunReport } from "@impersonation-registry/engine";
import {
  allowedSummary,
  countOf,
  digestOf,
  type FindingRow,
  headlineLine,
  headlinePlace,
  type ResolvedRow,
  stepsLabel,
  underHeadlines,
} from "./digest.ts";
import { buildMatrix, cellLabel, severityCounts } from "./matrix.ts";

/** Step names per console row: the rest are in summary.md and report.html. */
const STEPS_SHOWN = 3;
/** Rules named in the allowed-differences line. */
const RULES_SHOWN = 4;

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

/** `breaking schema-type · sandbox · listEntries /result/*\/x · 3 steps: …`: one row, one line. */
function rowLine(row: FindingRow, indent = "  "): string {
  const where = `${row.target} · ${row.operation} ${row.pointer || "(body)"}`;
  return `${indent}${row.severity} ${row.rule} · ${where} · ${stepsLabel(row, STEPS_SHOWN)}`;
}

/** Each headline (`is_email_regex: string where the spec says boolean — …` and its place in the spec), its rows beneath. */
function rowLines(rows: readonly FindingRow[], report: RunReport): string[] {
  return underHeadlines(rows, report.headlines).flatMap(({ headline, rows: members }) =>
    headline
      ? [
          `  ${headlineLine(headline)} · ${headlinePlace(headline)}`,
          ...members.map((row) => rowLine(row, "    ")),
        ]
      : members.map((row) => rowLine(row)),
  );
}

function resolvedLine(row: ResolvedRow): string {
  return `  ${row.rule} · ${row.target} · ${row.operation} ${row.pointer || "(body)"} · ${stepsLabel(row, STEPS_SHOWN)}`;
}

/**
 * The lead of the summary: new and resolved since the last run, then the failing rows not listed
 * as new (so every failing row is printed once), each under its headline, then the allowed ones
 * in one line.
 */
export function renderDigest(report: RunReport): string {
  const { failing, allowed, since } = digestOf(report);
  const lines: string[] = [];
  if (!since.compared) lines.push(`since the last run: nothing to compare with (${since.why})`);
  else if (since.added.length + since.resolved.length === 0)
    lines.push("since the last run: nothing new, nothing resolved");
  else {
    lines.push(`new since the last run: ${countOf(since.added)}`, ...rowLines(since.added, report));
    lines.push(`resolved since the last run: ${since.resolved.length}`, ...since.resolved.map(resolvedLine));
  }
  if (failing.length > 0) {
    const listed = since.compared ? failing.filter((row) => row.new) : [];
    const rest = failing.filter((row) => !listed.includes(row));
    const head = `failing findings (${countOf(failing)})`;
    if (listed.length === 0) lines.push(`${head}:`);
    else if (rest.length === 0) lines.push(`${head}: all new, listed above`);
    else lines.push(`${head}: ${countOf(listed)} new, listed above; the others:`);
    lines.push(...rowLines(rest, report));
  }
  if (allowed.length > 0) lines.push(`${allowedSummary(allowed, RULES_SHOWN)} — see summary.md`);
  // Only a count: these were not looked at, so there is nothing to say about them but that.
  if (report.notChecked.length > 0)
    lines.push(
      `not checked this run: ${report.notChecked.length} open finding(s) whose steps did not run — see report.json`,
    );
  return lines.join("\n");
}
