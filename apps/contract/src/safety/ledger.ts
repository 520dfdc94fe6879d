/**
 * What a run has created and not yet deleted, per target: fed by the step
 * executor, written to the journal as it happens, read by the cleanup.
 */
import type { Journal } from "./journal.ts";

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
  /** What the cleanup's verification found on `target`. */
  verified(target: string, survivors: readonly { id: string }[], error: string | undefined): void;
  /** Entries created on `target` and still there as far as the run knows. */
  leftovers(target: string): CreatedEntry[];
  /** Entries created on `target` that a delete answered as gone (by a scenario or the cleanup). */
  deletedIds(target: string): string[];
  /** A create on `target` got no answer or a 5xx (interrupted, connection lost, server failed): an entry may exist that the run never saw. */
  unanswered(target: string): boolean;
}

export function createLedger(journal: Journal): Ledger {
  const created = new Map<string, Map<string, string>>();
  const gone = new Map<string, string[]>();
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
      // A 5xx may come after the entry was written: such a create stays unanswered, so the cleanup
      // lists the account for this run's marked entries.
      if (status < 500) pending.set(target, (pending.get(target) ?? 1) - 1);
      if (status >= 200 && status < 300 && typeof entry?.id === "string") {
        const name = String(entry.name ?? "");
        of(target).set(entry.id, name);
        journal.record({ event: "created", target, scenario, step, id: entry.id, name });
      } else {
        journal.record({ event: "create-refused", target, scenario, step, status });
      }
    },
    deleted(target, id, by) {
      // An entry the cleanup found by listing was never in the ledger: it is recorded all the same.
      of(target).delete(id);
      const ids = gone.get(target) ?? [];
      if (ids.includes(id)) return;
      gone.set(target, [...ids, id]);
      journal.record({ event: "deleted", target, id, by });
    },
    verified(target, survivors, error) {
      journal.record({
        event: "cleanup-verified",
        target,
        survivors: survivors.map((survivor) => survivor.id),
        ...(error !== undefined && { error }),
      });
    },
    leftovers: (target) => [...of(target)].map(([id, name]) => ({ id, name })),
    deletedIds: (target) => gone.get(target) ?? [],
    unanswered: (target) => (pending.get(target) ?? 0) > 0,
  };
}
