/**
 * `npm run contract -- accept <fingerprint>… --reason "…" [--expires 30d]`:
 * a person accepts findings the history knows, by the fingerprint `history`
 * lists. A finding of a spec rule becomes a baseline entry (reviewed in git
 * like any other, with its expiry date); an observed drift becomes the target's
 * reference behaviour from the latest run that saw it on, in the history. Nothing
 * is ever accepted by time passing: only by this command.
 */
import { writeFileSync } from "node:fs";
import { type Baseline, type BaselineEntry, PAIR } from "@impersonation-registry/engine";
import { HistoryStore, OBSERVED_RULES, type StoredFinding } from "@impersonation-registry/history";
import { RunnerError } from "../errors.ts";
import type { Command } from "./args.ts";
import { defaultBaselinePath } from "./paths.ts";
import { loadBaseline } from "./read-baseline.ts";

type AcceptCommand = Extract<Command, { kind: "accept" }>;

export interface Output {
  write(text: string): void;
}

const OBSERVED = new Set<string>(OBSERVED_RULES.map((rule) => rule.id));

/** A stored target (series keys) as the baseline names targets: `live:3fa9c1e5b7d2↔mock:…` → `live↔mock`. */
const targetName = (target: string) =>
  target
    .split(PAIR)
    .map((key) => key.split(":")[0] ?? key)
    .join(PAIR);

export function acceptCommand(command: AcceptCommand, out: Output, now = new Date()): number {
  const store = HistoryStore.open(command.historyPath, { create: false });
  if (!store) throw new RunnerError("no-history", `no history at ${command.historyPath}: nothing to accept`);
  try {
    const found = command.fingerprints.map((id) => [id, store.latestFinding(id)] as const);
    const unknown = found.filter(([, finding]) => finding === undefined).map(([id]) => id);
    if (unknown.length > 0)
      throw new RunnerError("unknown-fingerprint", `the history has no finding ${unknown.join(", ")}`);
    const findings = found.map(([, finding]) => finding as StoredFinding);
    const observed = findings.filter((finding) => OBSERVED.has(finding.rule));
    const spec = findings.filter((finding) => !OBSERVED.has(finding.rule));
    for (const finding of observed) {
      store.accept(finding, command.reason, now.toISOString());
      out.write(
        `accepted ${finding.fingerprint}: ${finding.rule} · ${targetName(finding.target)} · ${finding.operation} ${finding.pointer || "(body)"} — the behaviour of run ${finding.runId} is the reference from now on (history)\n`,
      );
    }
    if (spec.length > 0) {
      const path = command.baselinePath ?? defaultBaselinePath;
      const expires = new Date(now.getTime() + command.expiresInMs).toISOString().slice(0, 10);
      const entries = spec.map(
        (finding): BaselineEntry => ({
          rule: finding.rule,
          operation: finding.operation,
          pointer: finding.pointer,
          target: targetName(finding.target),
          reason: command.reason,
          expires,
        }),
      );
      writeBaseline(path, entries);
      for (const finding of spec)
        out.write(
          `accepted ${finding.fingerprint}: ${finding.rule} · ${targetName(finding.target)} · ${finding.operation} ${finding.pointer || "(body)"} — baseline entry in ${path} until ${expires}: review and commit it\n`,
        );
    }
    return 0;
  } finally {
    store.close();
  }
}

/** The baseline with `entries` added (an entry for the same place replaced), the rest of the file kept. */
function writeBaseline(path: string, entries: readonly BaselineEntry[]): void {
  let baseline: Baseline;
  try {
    baseline = loadBaseline(path);
  } catch (error) {
    if ((error as { code?: string }).code !== "baseline-unreadable") throw error;
    baseline = { entries: [] };
  }
  const samePlace = (a: BaselineEntry, b: BaselineEntry) =>
    a.rule === b.rule && a.operation === b.operation && a.pointer === b.pointer && a.target === b.target;
  const kept = baseline.entries.filter((entry) => !entries.some((added) => samePlace(entry, added)));
  writeFileSync(path, `${JSON.stringify({ ...baseline, entries: [...kept, ...entries] }, null, 2)}\n`);
}
