/**
 * `npm run contract -- history`: one line per run (when, targets, exit code,
 * findings by severity, new and resolved), then the findings still open — those
 * of the latest run of each target — with their age. Reads the store only; a
 * missing file is "no history yet" (exit 0), an unreadable one a HistoryError
 * the CLI prints on one line (exit 2).
 */

import { involves } from "@impersonation-registry/engine";
import { SEVERITIES } from "@impersonation-registry/findings";
import {
  type FingerprintStats,
  HistoryStore,
  type StoredFinding,
  type StoredRun,
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
  /** Every run stored, whatever `last` shows. */
  totalRuns: number;
  /** The last `last` runs, oldest first. */
  runs: Omit<StoredRun, "seq">[];
  /** The findings of the latest run of each target, worst first. */
  open: OpenFinding[];
}

export function readListing(store: HistoryStore, command: Omit<HistoryCommand, "format">): HistoryListing {
  const wanted = (target: string) =>
    command.targets.length === 0 || command.targets.some((name) => involves(target, name));
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
    runs: store.runs({ limit: command.last, targets: command.targets }).map(({ seq: _, ...run }) => run),
    open,
  };
}

/** `2026-11-27T10:11:45.123Z` → `2026-11-27 10:11:45Z`. */
const when = (iso: string) => iso.replace("T", " ").replace(/\.\d+Z$/, "Z");

export function renderListing(listing: HistoryListing): string {
  const shown = listing.runs.length === listing.totalRuns ? "" : `, the last ${listing.runs.length} below`;
  const lines = [`history ${listing.path}: ${listing.totalRuns} runs${shown}`];
  lines.push(
    ...aligned([
      ["started", "run", "targets", "exit", "breaking", "additive", "info", "new", "resolved"],
      ...listing.runs.map((run) => [
        when(run.startedAt),
        run.runId,
        run.targets.join("+"),
        String(run.exitCode),
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
        ["severity", "rule", "target", "where", "step", "first seen", "runs"],
        ...listing.open.map((f) => [
          `${f.severity}${f.accepted ? " (accepted)" : ""}`,
          f.rule,
          f.target,
          `${f.operation} ${f.pointer || "(body)"}`,
          `${f.scenario} › ${f.step}`,
          when(f.firstSeen.at),
          String(f.seenInRuns),
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
    const empty: HistoryListing = { path: command.path, totalRuns: 0, runs: [], open: [] };
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
