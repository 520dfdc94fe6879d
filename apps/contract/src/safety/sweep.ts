/**
 * `sweep`: deletes the entries contract runs left on an account. It finds them
 * by listing the account (a journal does not survive a CI runner), and deletes
 * only entries carrying the `contract-test <run-id>` marker created longer
 * than `olderThanMs` ago — so a run still going on elsewhere keeps its entries.
 * A 200 to a DELETE proves nothing: afterwards the account is listed again and
 * every deleted entry re-read; a survivor gets one more DELETE, and what is
 * still there after that is reported as failed.
 */

import type { Target } from "../targets/index.ts";
import { type Account, type AccountEntry, accountOf } from "./account.ts";
import { markedRunId } from "./marker.ts";

export interface SweepResult {
  /** Gone, and proven gone. */
  deleted: AccountEntry[];
  /** Marked entries younger than the limit. */
  tooRecent: AccountEntry[];
  /** Marked entries still there after a DELETE, its verification and one retry. */
  failed: AccountEntry[];
  unmarked: number;
  /** Requests sent, retries included. */
  requests: number;
}

export async function sweep(
  target: Target,
  olderThanMs: number,
  now: Date = new Date(),
): Promise<SweepResult> {
  const account = accountOf(target);
  const result: SweepResult = { deleted: [], tooRecent: [], failed: [], unmarked: 0, requests: 0 };
  const doomed: AccountEntry[] = [];
  for (const entry of await account.listAll()) {
    if (markedRunId(entry) === undefined) {
      result.unmarked++;
      continue;
    }
    const created = Date.parse(String(entry.created_at));
    // An entry of unknown age is only swept when every marked entry is (`--older-than 0`).
    const oldEnough =
      olderThanMs === 0 || (Number.isFinite(created) && now.getTime() - created >= olderThanMs);
    if (oldEnough) doomed.push(entry);
    else result.tooRecent.push(entry);
  }
  for (const entry of doomed) await account.remove(entry.id);
  let left = await survivors(account, doomed);
  // One more DELETE for what survived the first (an eventually consistent backend may need it).
  for (const entry of left) await account.remove(entry.id);
  if (left.length > 0) left = await survivors(account, left);
  const failed = new Set(left.map((entry) => entry.id));
  result.deleted = doomed.filter((entry) => !failed.has(entry.id));
  result.failed = left;
  result.requests = account.requests;
  return result;
}

/** Of `entries`, those the account still lists or still answers a GET for. */
async function survivors(account: Account, entries: readonly AccountEntry[]): Promise<AccountEntry[]> {
  const listed = new Set((await account.listAll()).map((entry) => entry.id));
  const left: AccountEntry[] = [];
  for (const entry of entries)
    if (listed.has(entry.id) || (await account.stillThere(entry.id))) left.push(entry);
  return left;
}
