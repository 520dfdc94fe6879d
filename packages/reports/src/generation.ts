/**
 * What generation did, as the views show it: the seed to replay with, per
 * target the requests, sequences, failure classes and coverage — and each
 * failure's shrunk sequence with its curl lines (summary.md).
 */
import type { GenerationReport, RunReport } from "@impersonation-registry/engine";

/** The statuses the spec documents that generation never got, by name: `createEntry 403`. */
export function neverSeenStatuses(report: GenerationReport): string[] {
  const seen = new Set<string>();
  for (const cell of report.coverage.cells)
    if (cell.dimension === "status" && cell.requests > 0) seen.add(`${cell.operation} ${cell.key}`);
  const never = report.coverage.cells
    .filter((cell) => cell.dimension === "status" && !seen.has(`${cell.operation} ${cell.key}`))
    .map((cell) => `${cell.operation} ${cell.key}`);
  return [...new Set(never)];
}

const SHOWN = 8;

/** Console lines; none when nothing was generated. */
export function generationLines(report: Pick<RunReport, "seed" | "generation">): string[] {
  if (report.seed === undefined || !report.generation) return [];
  const lines = [`generated: seed ${report.seed} (replay: --seed ${report.seed})`];
  for (const one of report.generation) {
    const replays = one.runs.filter((run) => run.replay).map((run) => run.seed);
    lines.push(
      `  ${one.target}: ${one.requests} of ${one.budget} requests, ${one.sequences} sequences, ${one.failures.length} failure class(es), coverage ${one.coverage.percent}% (${one.coverage.exercised} of ${one.coverage.total})${replays.length > 0 ? `; replayed failing seed(s) ${replays.join(", ")} first` : ""}`,
    );
    const never = neverSeenStatuses(one);
    if (never.length > 0)
      lines.push(
        `    documented statuses never seen: ${never.slice(0, SHOWN).join(", ")}${never.length > SHOWN ? ` (+${never.length - SHOWN} more in summary.md)` : ""}`,
      );
    for (const failure of one.failures)
      lines.push(`    ${failure.class.rule} · ${failure.class.operation}: ${failure.curl.at(-1) ?? ""}`);
  }
  return lines;
}

/** The summary.md section; empty when nothing was generated. */
export function generationMarkdown(report: Pick<RunReport, "seed" | "generation">): string[] {
  if (report.seed === undefined || !report.generation) return [];
  const lines = [
    "## Generated inputs and sequences",
    "",
    `Seed \`${report.seed}\` — replay with \`npm run contract -- --seed ${report.seed}\`.`,
    "",
    "| target | requests | sequences | failure classes | coverage |",
    "| --- | --- | --- | --- | --- |",
    ...report.generation.map(
      (one) =>
        `| ${one.target} | ${one.requests} of ${one.budget} | ${one.sequences} | ${one.failures.length} | ${one.coverage.percent}% (${one.coverage.exercised} of ${one.coverage.total}) |`,
    ),
    "",
  ];
  for (const one of report.generation) {
    const never = neverSeenStatuses(one);
    if (never.length > 0)
      lines.push(`${one.target}: documented statuses never seen: ${never.map((n) => `\`${n}\``).join(", ")}`, "");
  }
  for (const one of report.generation) {
    for (const failure of one.failures) {
      const { rule, operation, pointer } = failure.class;
      lines.push(
        `**${one.target} · ${rule} · ${operation} ${pointer}** (seed ${failure.seed}): ${failure.message}`,
        "",
        ...failure.sequence.map((command, i) => `${i + 1}. \`${command}\``),
        "",
        "```sh",
        ...failure.curl,
        "```",
        "",
      );
    }
  }
  return lines;
}
