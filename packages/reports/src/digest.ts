/**
 * What every view of a run leads with, computed once: what changed since the
 * last run, what fails the run, and the allowed differences — as rows, one per
 * rule × severity × target × operation × pointer with every step that showed it.
 * The validation already merges the steps of one drift into one finding; the
 * observed-contract rules judge step by step, so their findings are merged here.
 * Rows are then shown under the report's headlines: one per spec node and rule
 * family, which the app computed from the spec's text (the views read no file).
 */
import {
  addOccurrences,
  type ContractFinding,
  type FindingHistory,
  findingKey,
  type Headline,
  isFailing,
  type ResolvedFinding,
  type RunReport,
} from "@impersonation-registry/engine";
import { SEVERITIES } from "@impersonation-registry/findings";

/** One row of a view: the first finding of its place, with the steps of all, new when any is. */
export type FindingRow = ContractFinding & FindingHistory & { merged: number };

/** A resolved row: the steps of every resolved finding of its place. */
export type ResolvedRow = ResolvedFinding & Pick<ContractFinding, "occurrences">;

export function findingRows(findings: readonly (ContractFinding & FindingHistory)[]): FindingRow[] {
  const rows = new Map<string, FindingRow>();
  for (const finding of findings) {
    const key = findingKey(finding);
    const row = rows.get(key);
    if (!row) {
      rows.set(key, { ...finding, occurrences: [...finding.occurrences], merged: 1 });
      continue;
    }
    row.occurrences = addOccurrences(row.occurrences, finding.occurrences);
    row.new ||= finding.new;
    row.seenInRuns = Math.max(row.seenInRuns, finding.seenInRuns);
    if (finding.firstSeen.at < row.firstSeen.at) row.firstSeen = finding.firstSeen;
    row.merged += 1;
  }
  return [...rows.values()];
}

function resolvedRows(resolved: readonly ResolvedFinding[]): ResolvedRow[] {
  const rows = new Map<string, ResolvedRow>();
  for (const gone of resolved) {
    const at = { scenario: gone.scenario, step: gone.step };
    const row = rows.get(findingKey(gone));
    if (row) row.occurrences = addOccurrences(row.occurrences, [at]);
    else rows.set(findingKey(gone), { ...gone, occurrences: [at] });
  }
  return [...rows.values()];
}

/** Worst severity first, report order within a severity. */
export function worstFirst<T extends ContractFinding>(rows: readonly T[]): T[] {
  return [...rows].sort((a, b) => SEVERITIES.indexOf(b.severity) - SEVERITIES.indexOf(a.severity));
}

export interface Digest {
  /** Rows of findings that fail the run, worst first. */
  failing: FindingRow[];
  /** Rows of findings that do not (below `--fail-on`, or accepted), worst first. */
  allowed: FindingRow[];
  /** What changed since the previous run, or why there is nothing to compare this run with. */
  since: { compared: true; added: FindingRow[]; resolved: ResolvedRow[] } | { compared: false; why: string };
}

export function digestOf(report: Pick<RunReport, "findings" | "resolved" | "trend" | "failOn">): Digest {
  const rows = worstFirst(findingRows(report.findings));
  const failing = rows.filter((row) => isFailing(row, report.failOn));
  const allowed = rows.filter((row) => !isFailing(row, report.failOn));
  // The trend is empty without a history, and holds only this run when the history had none of its targets.
  const since: Digest["since"] =
    report.trend.length === 0
      ? { compared: false, why: "no history (--no-history, or it could not be read)" }
      : report.trend.length === 1
        ? { compared: false, why: "the first run of these targets in the history" }
        : { compared: true, added: rows.filter((row) => row.new), resolved: resolvedRows(report.resolved) };
  return { failing, allowed, since };
}

/** `13` findings, or `13 in 12 rows` when some rows stand for several. */
export function countOf(rows: readonly FindingRow[]): string {
  const findings = rows.reduce((n, row) => n + row.merged, 0);
  return findings === rows.length ? String(findings) : `${findings} in ${rows.length} rows`;
}

/**
 * The steps that showed a row, grouped by scenario: `lifecycle › create` for one,
 * `3 steps: lifecycle › create, get; auth › no credentials` for more; past `limit` names, `… +N`.
 */
export function stepsLabel(
  row: Pick<ContractFinding, "occurrences">,
  limit = Number.POSITIVE_INFINITY,
): string {
  const shown = row.occurrences.slice(0, limit);
  const scenarios = new Map<string, string[]>();
  for (const { scenario, step } of shown) scenarios.set(scenario, [...(scenarios.get(scenario) ?? []), step]);
  const names = [...scenarios].map(([scenario, steps]) => `${scenario} › ${steps.join(", ")}`).join("; ");
  const more = row.occurrences.length - shown.length;
  const list = more > 0 ? `${names} … +${more}` : names;
  return row.occurrences.length === 1 ? list : `${row.occurrences.length} steps: ${list}`;
}

/**
 * One phrase for the rows that do not fail the run, e.g. `22 allowed differences (info):
 * deprecated-past-eol ×4, compare-key ×6` — rules in order of first appearance, past `maxRules` `…`.
 */
export function allowedSummary(allowed: readonly FindingRow[], maxRules = Number.POSITIVE_INFINITY): string {
  const bySeverity = [...SEVERITIES]
    .reverse()
    .map((severity) => [severity, allowed.filter((row) => row.severity === severity).length] as const)
    .filter(([, n]) => n > 0);
  const severities =
    bySeverity.length === 1
      ? String(bySeverity[0]?.[0])
      : bySeverity.map(([severity, n]) => `${n} ${severity}`).join(", ");
  const accepted = allowed.filter((row) => row.accepted).length;
  const kinds = `${severities}${accepted > 0 ? `; ${accepted} accepted by the baseline` : ""}`;
  const rules = new Map<string, number>();
  for (const row of allowed) rules.set(row.rule, (rules.get(row.rule) ?? 0) + 1);
  const tally = [...rules].slice(0, maxRules).map(([rule, n]) => `${rule} ×${n}`);
  if (rules.size > maxRules) tally.push("…");
  return `${allowed.length} allowed ${allowed.length === 1 ? "difference" : "differences"} (${kinds}): ${tally.join(", ")}`;
}

const counted = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

/** `is_email_regex: string where the spec says boolean — 4 operations, 2 targets, 46 steps`. */
export function headlineLine(headline: Headline): string {
  const counts = [counted(headline.operations.length, "operation")];
  if (headline.targets.length > 0) counts.push(counted(headline.targets.length, "target"));
  counts.push(counted(headline.steps, "step"));
  return `${headline.text} — ${counts.join(", ")}`;
}

/** Where a headline's node is written: `openapi/impersonation-registry.yaml:207:9`. */
export function headlinePlace({ location }: Headline): string {
  return `${location.path}:${location.line}:${location.column}`;
}

/** Rows under one headline; `headline` is absent for rows no headline names (a report without headlines). */
export interface HeadlineRows<R> {
  headline?: Headline;
  rows: R[];
}

/**
 * One drift, one headline: rows under the headline of their finding, in the headlines' order (the
 * most severe first), each row in its own order beneath; rows no headline names come last.
 */
export function underHeadlines<R extends { fingerprint: string }>(
  rows: readonly R[],
  headlines: readonly Headline[],
): HeadlineRows<R>[] {
  const headlineOf = new Map<string, Headline>();
  for (const headline of headlines)
    for (const fingerprint of headline.findings)
      if (!headlineOf.has(fingerprint)) headlineOf.set(fingerprint, headline);
  const groups = new Map<Headline | undefined, R[]>(headlines.map((headline) => [headline, []]));
  for (const row of rows) {
    const headline = headlineOf.get(row.fingerprint);
    groups.set(headline, [...(groups.get(headline) ?? []), row]);
  }
  return [...groups]
    .filter(([, members]) => members.length > 0)
    .map(([headline, members]) => (headline ? { headline, rows: members } : { rows: members }));
}
