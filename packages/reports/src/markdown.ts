/**
 * summary.md: the run at a glance, for a pull request or `$GITHUB_STEP_SUMMARY`.
 * It leads with what changed since the last run and what fails this one: one
 * headline per spec node and rule family, its rows beneath (one per rule ×
 * target × operation × pointer, with the steps that showed it); the allowed
 * differences follow in one collapsed block, then the matrix and the rest.
 */
import { isFailing, type RunReport, showValue } from "@impersonation-registry/engine";
import {
  allowedSummary,
  countOf,
  type Digest,
  digestOf,
  type FindingRow,
  headlineLine,
  headlinePlace,
  type ResolvedRow,
  stepsLabel,
  underHeadlines,
} from "./digest.ts";
import { escapeMarkdown } from "./escape.ts";
import { generationMarkdown } from "./generation.ts";
import { brokenSteps, buildMatrix, cellLabel, severityCounts, verdictOfRun } from "./matrix.ts";

/** Rows per table, and step names per row: a step summary is capped at 1 MiB by GitHub (all are in report.html). */
const MAX_ROWS = 200;
const STEPS_SHOWN = 10;

/** Table cells cannot hold pipes or newlines. */
function cell(value: unknown): string {
  return showValue(value).replaceAll("|", "\\|").replaceAll("\n", " ");
}

function table(header: string[], rows: string[][]): string[] {
  return [
    `| ${header.join(" | ")} |`,
    `| ${header.map(() => "---").join(" | ")} |`,
    ...rows.slice(0, MAX_ROWS).map((row) => `| ${row.join(" | ")} |`),
    ...(rows.length > MAX_ROWS ? ["", `… and ${rows.length - MAX_ROWS} more rows in report.json.`] : []),
  ];
}

function findingTable(findings: readonly FindingRow[], failOn: RunReport["failOn"]) {
  return table(
    ["", "severity", "rule", "target", "operation", "pointer", "steps", "expected", "observed", "seen"],
    findings.map((f) => [
      isFailing(f, failOn) ? "❌" : f.accepted ? "✅ accepted" : "ℹ️",
      f.severity,
      `\`${f.rule}\``,
      cell(f.target),
      f.operation,
      `\`${cell(f.pointer || "/")}\``,
      cell(stepsLabel(f, STEPS_SHOWN)),
      cell(f.expected),
      cell(f.observed),
      f.new ? "**new**" : `${f.seenInRuns} runs, since ${f.firstSeen.at.slice(0, 10)}`,
    ]),
  );
}

/**
 * One drift, one headline: each headline in bold with its place in the spec, its rows in a table
 * beneath; at most MAX_ROWS rows in all, then how many more report.json holds.
 */
function findingSections(rows: readonly FindingRow[], report: RunReport): string[] {
  const lines: string[] = [];
  let shown = 0;
  for (const { headline, rows: members } of underHeadlines(rows, report.headlines)) {
    const kept = members.slice(0, MAX_ROWS - shown);
    if (kept.length === 0) break;
    if (headline)
      lines.push(`**${escapeMarkdown(headlineLine(headline))}** · \`${headlinePlace(headline)}\``, "");
    lines.push(...findingTable(kept, report.failOn), "");
    shown += kept.length;
  }
  if (rows.length > shown) lines.push(`… and ${rows.length - shown} more rows in report.json.`);
  else lines.pop();
  return lines;
}

function resolvedTable(resolved: readonly ResolvedRow[]) {
  return table(
    ["rule", "target", "operation", "pointer", "steps"],
    resolved.map((r) => [
      `\`${r.rule}\``,
      cell(r.target),
      r.operation,
      `\`${cell(r.pointer || "/")}\``,
      cell(stepsLabel(r, STEPS_SHOWN)),
    ]),
  );
}

function sinceSection({ since }: Digest, report: RunReport): string[] {
  if (!since.compared) return [`**Since the last run:** nothing to compare with (${since.why}).`];
  if (since.added.length + since.resolved.length === 0)
    return ["**Since the last run:** nothing new, nothing resolved."];
  return [
    `### New since the last run (${countOf(since.added)})`,
    "",
    ...(since.added.length > 0 ? findingSections(since.added, report) : ["None."]),
    "",
    `### Resolved since the last run (${since.resolved.length})`,
    "",
    ...(since.resolved.length > 0 ? resolvedTable(since.resolved) : ["None."]),
  ];
}

/** `Trend (5 runs, oldest first): ✅ ✅ ❌ ✅ ❌`, this run last. */
function trendLine(report: RunReport): string[] {
  if (report.trend.length < 2) return [];
  const marks = report.trend.map((run) => (run.exitCode === 0 ? "✅" : "❌")).join(" ");
  return ["", `Trend (the last ${report.trend.length} runs of these targets, oldest first): ${marks}`];
}

export function renderMarkdown(report: RunReport): string {
  const matrix = buildMatrix(report);
  const digest = digestOf(report);
  const { failing, allowed } = digest;
  const lines = [
    `## Contract run \`${report.runId}\`: ${verdictOfRun(report)}`,
    "",
    `Spec \`${report.specHash.slice(0, 12)}\` · targets ${report.targets.map((t) => `\`${t.name}\``).join(", ")} · fail on \`${report.failOn}\` · exit ${report.exitCode}`,
    "",
    ...sinceSection(digest, report),
  ];
  if (failing.length > 0)
    lines.push("", `### Failing findings (${countOf(failing)})`, "", ...findingSections(failing, report));
  if (allowed.length > 0) {
    // A blank line after <summary> lets GitHub render the Markdown table inside the block.
    lines.push(
      "",
      `<details><summary>${allowedSummary(allowed)}</summary>`,
      "",
      ...findingSections(allowed, report),
      "",
      "</details>",
    );
  }
  lines.push(
    "",
    "### Target × scenario",
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
    ...trendLine(report),
  );
  const broken = brokenSteps(report);
  if (broken.length > 0)
    lines.push("", "### Failed and errored steps", "", ...broken.map((line) => `- ${line}`));
  const generated = generationMarkdown(report);
  if (generated.length > 0) lines.push("", ...generated.map((line) => line.replace(/^## /, "### ")));
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
