/**
 * What a run has created and not yet deleted, per target: fed by the step
 * executor, written to the journal as it happens, read by the cleanup.
 */
import type { Journal } from "../journal.ts";

export interface CreatedEntry {
  id: string;
  name: string;
}

export interface Ledger {
  createSent(target: string, scenario: string, step: string, name: string): void;
  createAnswered(
    target: string,
    scenario: string,
    step: string,
    status: number,
    entry: { id?: unknown; name?: unknown } | undefined,
  ): void;
  deleted(target: string, id: string, by: "scenario" | "cleanup"): void;
  /** Entries created on `target` and still there as far as the run knows. */
  leftovers(target: string): CreatedEntry[];
  /** A create on `target` got no answer (interrupted, connection lost): an entry may exist that the run never saw. */
  unanswered(target: string): boolean;
}

export function createLedger(journal: Journal): Ledger {
  const created = new Map<string, Map<string, string>>();
  const pending = new Map<string, number>();
  const of = (target: string) => {
    const entries = created.get(target) ?? new Map<string, string>();
    created.set(target, entries);
    return entries;
  };
  return {
    createSent(target, scenario, step, name) {
      pending.set(target, (pending.get(target) ?? 0) + 1);
      journal.record({ event: "create-sent", target, scenario, step, name });
    },
    createAnswered(target, scenario, step, status, entry) {
      pending.set(target, (pending.get(target) ?? 1) - 1);
      if (status >= 200 && status < 300 && typeof entry?.id === "string") {
        const name = String(entry.name ?? "");
        of(target).set(entry.id, name);
        journal.record({ event: "created", target, scenario, step, id: entry.id, name });
      } else {
        journal.record({ event: "create-refused", target, scenario, step, status });
      }
    },
    deleted(target, id, by) {
      if (of(target).delete(id)) journal.record({ event: "deleted", target, id, by });
    },
    leftovers: (target) => [...of(target)].map(([id, name]) => ({ id, name })),
    unanswered: (target) => (pending.get(target) ?? 0) > 0,
  };
}
