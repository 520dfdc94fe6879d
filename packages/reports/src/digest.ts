/**
 * What every view of a run leads with, computed once: what changed since the
 * last run, what fails the run, and the allowed differences — as rows, one per
 * rule × severity × target × operation × pointer with every step that showed it.
 * The validation already merges the steps of one drift into one finding; the
 * observed-contract rules judge step by step, so their findings are merged here.
 */
import { SEVERITIES } from "@impersonation-registry/findings";
import { type ContractFinding, type FindingHistory, type ResolvedFinding, type RunReport, addOccurrences, findingKey, isFailing } from "@impersonation-registry/engine";

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
