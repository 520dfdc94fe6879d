/**
 * `sweep`: deletes the entries contract runs left on an account. It finds them
 * by listing the account (a journal does not survive a CI runner), and deletes
 * only entries carrying the `contract-test <run-id>` marker created longer
 * than `olderThanMs` ago — so a run still going on elsewhere keeps its entries.
 */
import { type AccountEntry, accountOf } from "./runner/account.ts";
import { markedRunId } from "./scenarios/marker.ts";
import type { Target } from "./targets/index.ts";

export interface SweepResult {
  deleted: AccountEntry[];
  /** Marked entries younger than the limit. */
  tooRecent: AccountEntry[];
  /** Marked entries whose delete failed. */
  failed: AccountEntry[];
  unmarked: number;
}

export async function sweep(
  target: Target,
  olderThanMs: number,
  now: Date = new Date(),
): Promise<SweepResult> {
  const account = accountOf(target);
  const result: SweepResult = { deleted: [], tooRecent: [], failed: [], unmarked: 0 };
  for (const entry of await account.listAll()) {
    if (markedRunId(entry) === undefined) {
      result.unmarked++;
      continue;
    }
    const created = Date.parse(String(entry.created_at));
    // An entry of unknown age is only swept when every marked entry is (`--older-than 0`).
    const oldEnough =
      olderThanMs === 0 || (Number.isFinite(created) && now.getTime() - created >= olderThanMs);
    if (!oldEnough) result.tooRecent.push(entry);
    else if (await account.remove(entry.id)) result.deleted.push(entry);
    else result.failed.push(entry);
  }
  return result;
}
