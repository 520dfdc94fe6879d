/**
 * What generation did, as the views show it: the seed to replay with, per
 * target the requests, sequences, failure classes and the coverage matrix
 * (operation × dimension) — and each failure's shrunk sequence with its curl
 * lines (summary.md; report.html and junit.xml build on the same pieces).
 */
import { type GenerationReport, type RunReport, unseenStatuses } from "@impersonation-registry/engine";
import { escapeMarkdown } from "./escape.ts";

type CoverageCell = GenerationReport["coverage"]["cells"][number];

/** The run's generation, when it generated at all. */
export function generationOf(
  report: Pick<RunReport, "seed" | "generation">,
): { seed: number; generation: GenerationReport[] } | undefined {
  return report.seed === undefined || !report.generation
    ? undefined
    : { seed: report.seed, generation: report.generation };
}

/** The command that replays a run's generation. */
export function replayCommand(seed: number): string {
  return `npm run contract -- --seed ${seed}`;
}

/**
 * The statuses the spec documents that generation never got, by name: `createEntry 403`. The
 * history's answer when the run had one (no kept run of the target's series got them either),
 * else this run's own: its status cells without a request.
 */
export function neverSeenStatuses(report: GenerationReport): string[] {
  return report.neverSeen ?? unseenStatuses(report.coverage.cells);
}

/** How far back "never seen" looks: the history's kept runs, or this run alone. */
export function neverSeenScope(report: GenerationReport): string {
  return report.neverSeen ? "in this run or any run the history keeps" : "in this run (no history)";
}

/** One column of the coverage matrix: a dimension and polarity (`parameter`, `negative`). */
export interface CoverageColumn {
  dimension: string;
  polarity: string;
  title: string;
}

/** A row of the coverage matrix: an operation and, per column, its cells (none where it has none). */
export interface CoverageRow {
  operation: string;
  cells: CoverageCell[][];
}

const DIMENSION_TITLES: Record<string, string> = {
  status: "statuses",
  parameter: "parameters",
  enum: "enum values",
};

/**
 * The coverage matrix: operations as rows, in the cells' order (the spec's); dimension × polarity as columns
 * (statuses; parameters positive, then negative; enum values), the polarity named only where a
 * dimension has both. Built from the cells alone, so a dimension the app adds shows up as is.
 */
export function coverageMatrix(report: GenerationReport): { columns: CoverageColumn[]; rows: CoverageRow[] } {
  const { cells } = report.coverage;
  const pairs = [...new Set(cells.map((cell) => `${cell.dimension} ${cell.polarity}`))];
  const ofDimension = (dimension: string) => cells.filter((cell) => cell.dimension === dimension);
  const columns = pairs.map((pair) => {
    const [dimension = "", polarity = ""] = pair.split(" ");
    const title = DIMENSION_TITLES[dimension] ?? dimension;
    const both = new Set(ofDimension(dimension).map((cell) => cell.polarity)).size > 1;
    return { dimension, polarity, title: both ? `${title} ${polarity}` : title };
  });
  const operations = [...new Set(cells.map((cell) => cell.operation))];
  const rows = operations.map((operation) => ({
    operation,
    cells: columns.map((column) =>
      cells.filter(
        (cell) =>
          cell.operation === operation &&
          cell.dimension === column.dimension &&
          cell.polarity === column.polarity,
      ),
    ),
  }));
  return { columns, rows };
}

/** `2/6`: a group of cells as exercised of total; `—` for none. */
export function exercisedOfTotal(cells: readonly CoverageCell[]): string {
  if (cells.length === 0) return "—";
  return `${cells.filter((cell) => cell.requests > 0).length}/${cells.length}`;
}

/** `600 of 600 requests, 43 sequences, 0 failure class(es), coverage 72.9% (78 of 107)`. */
function totals(one: GenerationReport): string {
  return `${one.requests} of ${one.budget} requests, ${one.sequences} sequences, ${one.failures.length} failure class(es), coverage ${one.coverage.percent}% (${one.coverage.exercised} of ${one.coverage.total})`;
}

/** The failing seeds of earlier runs that this run replayed first. */
export function replayedSeeds(one: GenerationReport): number[] {
  return one.runs.filter((run) => run.replay).map((run) => run.seed);
}

const SHOWN = 8;

/** Console lines; none when nothing was generated. */
export function generationLines(report: Pick<RunReport, "seed" | "generation">): string[] {
  const generated = generationOf(report);
  if (!generated) return [];
  const { seed, generation } = generated;
  const lines = [`generated: seed ${seed} (replay: --seed ${seed})`];
  for (const one of generation) {
    const replays = replayedSeeds(one);
    lines.push(
      `  ${one.target}: ${totals(one)}${replays.length > 0 ? `; replayed failing seed(s) ${replays.join(", ")} first` : ""}`,
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

/**
 * Inline code that holds any text: fenced by more backticks than it contains, and then padded with a
 * space each side (CommonMark strips them) so a backtick at either end is not taken for the fence.
 */
function codeSpan(text: string): string {
  const longest = Math.max(0, ...(text.match(/`+/g) ?? []).map((run) => run.length));
  const fence = "`".repeat(longest + 1);
  const pad = longest > 0 ? " " : "";
  return `${fence}${pad}${text}${pad}${fence}`;
}

/** The coverage matrix of one target as a Markdown table: exercised/total per operation and column. */
function coverageTable(one: GenerationReport): string[] {
  const { columns, rows } = coverageMatrix(one);
  return [
    `| operation | ${columns.map((column) => column.title).join(" | ")} |`,
    `| --- | ${columns.map(() => "---").join(" | ")} |`,
    ...rows.map((row) => `| ${row.operation} | ${row.cells.map(exercisedOfTotal).join(" | ")} |`),
  ];
}

/** The summary.md section; empty when nothing was generated. */
export function generationMarkdown(report: Pick<RunReport, "seed" | "generation">): string[] {
  const generated = generationOf(report);
  if (!generated) return [];
  const { seed, generation } = generated;
  const lines = [
    "## Generated inputs and sequences",
    "",
    `Seed \`${seed}\` — replay with \`${replayCommand(seed)}\`.`,
    "",
    "| target | requests | sequences | failure classes | coverage |",
    "| --- | --- | --- | --- | --- |",
    ...generation.map(
      (one) =>
        `| ${one.target} | ${one.requests} of ${one.budget} | ${one.sequences} | ${one.failures.length} | ${one.coverage.percent}% (${one.coverage.exercised} of ${one.coverage.total}) |`,
    ),
    "",
  ];
  for (const one of generation) {
    lines.push(`Coverage on ${one.target} (cells exercised/total):`, "", ...coverageTable(one), "");
    const never = neverSeenStatuses(one);
    if (never.length > 0)
      lines.push(
        `${one.target}: documented statuses never seen: ${never.map(codeSpan).join(", ")} (${neverSeenScope(one)})`,
        "",
      );
  }
  for (const one of generation) {
    for (const failure of one.failures) {
      const { rule, operation, pointer } = failure.class;
      lines.push(
        `**${escapeMarkdown(`${one.target} · ${rule} · ${operation} ${pointer}`)}** (seed ${failure.seed}): ${escapeMarkdown(failure.message)}`,
        "",
        ...failure.sequence.map((command, i) => `${i + 1}. ${codeSpan(command)}`),
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
