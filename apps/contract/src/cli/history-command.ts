/**
 * `npm run contract -- history`: one line per run (when, targets, exit code,
 * findings by severity, new and resolved), then the findings still open — those
 * of the latest run of each target — with their age. Reads the store only; a
 * missing file is "no history yet" (exit 0), an unreadable one a HistoryError
 * the CLI prints on one line (exit 2).
 */

import { PAIR } from "@impersonation-registry/engine";
import { SEVERITIES } from "@impersonation-registry/findings";
import {
  type FingerprintStats,
  HistoryStore,
  type StoredFinding,
  type StoredRun,
  type StoredSeries,
} from "@impersonation-registry/history";
import { aligned } from "@impersonation-registry/reports";

export interface HistoryCommand {
  path: string;
  /** Only runs of these targets, and findings of them or of pairs with them; everything when empty. */
  targets: readonly string[];
  last: number;
  format: "text" | "json";
}

export interface OpenFinding extends Omit<StoredFinding, "runSeq"> {
  firstSeen: FingerprintStats["firstSeen"];
  seenInRuns: number;
}

export interface HistoryListing {
  path: string;
  /** One per target identity (kind, server, account): runs of one series never judge another's. */
  series: StoredSeries[];
  /** Every run stored, whatever `last` shows. */
  totalRuns: number;
  /** The last `last` runs, oldest first. */
  runs: Omit<StoredRun, "seq">[];
  /** The findings of the latest run of each target, worst first. */
  open: OpenFinding[];
}

/** A series key's target name: `live:3fa9c1e5b7d2` → `live`; a legacy key is the name itself. */
const kindOf = (key: string) => key.split(":")[0] ?? key;

export function readListing(store: HistoryStore, command: Omit<HistoryCommand, "format">): HistoryListing {
  const series = store
    .series()
    .filter((one) => command.targets.length === 0 || command.targets.includes(one.kind));
  const keys = series.map((one) => one.key);
  // --target names kinds; the store knows series keys (and pairs of them).
  const wanted = (target: string) =>
    command.targets.length === 0 || target.split(PAIR).some((key) => command.targets.includes(kindOf(key)));
  const latest = new Map([...store.latestRunByTarget()].filter(([target]) => wanted(target)));
  const stored = store
    .findingsOf([...new Set(latest.values())])
    .filter((finding) => latest.get(finding.target) === finding.runSeq);
  const stats = store.fingerprintStats(stored.map((finding) => finding.fingerprint));
  const rank = (severity: string) => SEVERITIES.indexOf(severity as (typeof SEVERITIES)[number]);
  const open = stored
    .map(({ runSeq: _, ...finding }) => ({
      ...finding,
      firstSeen: stats.get(finding.fingerprint)?.firstSeen ?? { runId: finding.runId, at: "" },
      seenInRuns: stats.get(finding.fingerprint)?.runs ?? 1,
    }))
    .sort(
      (a, b) =>
        rank(b.severity) - rank(a.severity) ||
        a.target.localeCompare(b.target) ||
        a.rule.localeCompare(b.rule) ||
        a.operation.localeCompare(b.operation) ||
        a.pointer.localeCompare(b.pointer),
    );
  return {
    path: store.path,
    totalRuns: store.runCount(),
    series,
    // No series of the targets asked for: no runs (an empty filter would be no filter).
    runs:
      command.targets.length > 0 && keys.length === 0
        ? []
        : store
            .runs({ limit: command.last, ...(command.targets.length > 0 && { targets: keys }) })
            .map(({ seq: _, ...run }) => run),
    open,
  };
}

/** `2026-11-27T10:11:45.123Z` → `2026-11-27 10:11:45Z`. */
const when = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, "Z");

export function renderListing(listing: HistoryListing): string {
  const shown = listing.runs.length === listing.totalRuns ? "" : `, the last ${listing.runs.length} below`;
  const lines = [`history ${listing.path}: ${listing.totalRuns} runs${shown}`];
  lines.push(`series (one per target identity): ${listing.series.length}`);
  lines.push(
    ...aligned([
      ["target", "server", "account", "runs", "last run", "key"],
      ...listing.series.map((one) => [
        one.kind,
        one.legacy ? `${one.server} (legacy)` : one.server,
        one.account ?? "—",
        String(one.runs),
        one.lastRunId ?? "—",
        one.key,
      ]),
    ]).map((line) => `  ${line}`),
    "",
  );
  lines.push(
    ...aligned([
      ["started", "run", "targets", "exit", "seed", "breaking", "additive", "info", "new", "resolved"],
      ...listing.runs.map((run) => [
        when(run.startedAt),
        run.runId,
        run.targets.join("+"),
        String(run.exitCode),
        run.seed === undefined ? "—" : String(run.seed),
        String(run.counts.breaking),
        String(run.counts.additive),
        String(run.counts.info),
        String(run.new),
        String(run.resolved),
      ]),
    ]),
  );
  lines.push("", `open findings (the latest run of each target): ${listing.open.length}`);
  if (listing.open.length > 0) {
    lines.push(
      ...aligned([
        ["severity", "rule", "target", "where", "step", "first seen", "runs", "fingerprint"],
        ...listing.open.map((f) => [
          `${f.severity}${f.accepted ? " (accepted)" : ""}`,
          f.rule,
          f.target.split(PAIR).map(kindOf).join(PAIR),
          `${f.operation} ${f.pointer || "(body)"}`,
          `${f.scenario} › ${f.step}`,
          when(f.firstSeen.at),
          String(f.seenInRuns),
          f.checked ? f.fingerprint : `${f.fingerprint} (not checked)`,
        ]),
      ]).map((line) => `  ${line}`),
    );
  }
  return `${lines.join("\n")}\n`;
}

export interface Output {
  write(text: string): void;
}

/** The command: 0 after listing (or when there is no history yet); a HistoryError escapes for the CLI's exit 2. */
export function historyCommand(command: HistoryCommand, out: Output): number {
  const store = HistoryStore.open(command.path, { create: false });
  if (!store) {
    // JSON stays JSON (`| jq .` works on a fresh clone): an empty listing says there is nothing yet.
    const empty: HistoryListing = { path: command.path, series: [], totalRuns: 0, runs: [], open: [] };
    out.write(command.format === "json" ? asJson(empty) : `no history at ${command.path} yet\n`);
    return 0;
  }
  try {
    const listing = readListing(store, command);
    out.write(command.format === "json" ? asJson(listing) : renderListing(listing));
    return 0;
  } finally {
    store.close();
  }
}

const asJson = (listing: HistoryListing) => `${JSON.stringify(listing, null, 2)}\n`;
