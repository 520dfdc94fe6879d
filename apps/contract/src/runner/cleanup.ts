/**
 * Deletes what the run created and did not delete itself: scenario failures,
 * interruptions. Runs in `finally` and on SIGINT/SIGTERM. When a create got no
 * answer, the entry may exist unseen: the account is then listed and entries
 * carrying this run's marker are deleted too.
 */
import type { Marker } from "../scenarios/marker.ts";
import { markedRunId } from "../scenarios/marker.ts";
import type { Target } from "../targets/index.ts";
import { accountOf } from "./account.ts";
import { describeError } from "./errors.ts";
import type { Ledger } from "./ledger.ts";

export async function cleanUp(
  targets: readonly Target[],
  ledger: Ledger,
  runId: string,
  marker: Marker,
): Promise<string[]> {
  const notes: string[] = [];
  for (const target of targets) {
    // A stateless target keeps nothing; a read-only one created nothing.
    if (!target.info.capabilities.stateful || !target.info.capabilities.writable) continue;
    const name = target.info.name;
    try {
      const account = accountOf(target);
      const ids = new Set(ledger.leftovers(name).map((entry) => entry.id));
      if (ledger.unanswered(name)) {
        for (const entry of await account.listAll()) if (markedRunId(entry) === runId) ids.add(entry.id);
      }
      let removed = 0;
      for (const id of ids) {
        if (await account.remove(id)) {
          ledger.deleted(name, id, "cleanup");
          removed++;
        }
      }
      if (ids.size > 0)
        notes.push(`${name}: cleanup deleted ${removed} of ${ids.size} entries marked "${marker.text}"`);
    } catch (error) {
      notes.push(
        `${name}: cleanup failed (${describeError(error)}); run \`sweep\` to remove entries marked "${marker.text}"`,
      );
    }
  }
  return notes;
}
