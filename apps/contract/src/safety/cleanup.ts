/**
 * Deletes what the run created and did not delete itself (scenario failures,
 * interruptions), then PROVES the account clean: it lists the account for this
 * run's marker (one bounded walk, searching by the run id) and re-reads every
 * entry the run deleted (one GET each), because a server may answer a DELETE
 * with success and keep the entry. Runs in `finally`, so a normal end, an error
 * and SIGINT/SIGTERM all get here. When a create got no answer (or a 5xx), the
 * entry may exist unseen: the same walk finds it and it is deleted first.
 */
import type { CleanupResult, StepResult } from "@impersonation-registry/engine";
import { describeError } from "../errors.ts";
import type { Target } from "../targets/index.ts";
import { type Account, accountOf } from "./account.ts";
import type { Ledger } from "./ledger.ts";
import type { Marker } from "./marker.ts";

export const CLEANUP_SCENARIO = "cleanup";
export const CLEANUP_STEP = "cleanup-verified";

export interface CleanupOutcome {
  results: CleanupResult[];
  /** One `cleanup › cleanup-verified` step per target cleaned. */
  steps: StepResult[];
}

export async function cleanUp(
  targets: readonly Target[],
  ledger: Ledger,
  runId: string,
  marker: Marker,
): Promise<CleanupOutcome> {
  const outcome: CleanupOutcome = { results: [], steps: [] };
  for (const target of targets) {
    // A stateless target keeps nothing; a read-only one created nothing.
    if (!target.info.capabilities.stateful || !target.info.capabilities.writable) continue;
    const started = performance.now();
    const account = accountOf(target);
    const result = await cleanTarget(target, account, ledger, runId);
    ledger.verified(target.info.name, result.survivors, result.error);
    outcome.results.push(result);
    outcome.steps.push(verdict(result, marker, account.statuses, performance.now() - started));
  }
  return outcome;
}

async function cleanTarget(
  target: Target,
  account: Account,
  ledger: Ledger,
  runId: string,
): Promise<CleanupResult> {
  const name = target.info.name;
  const result: CleanupResult = {
    target: name,
    deleted: 0,
    survivors: [],
    requests: 0,
    remedy: target.sweepHint,
  };
  try {
    const leftovers = new Map(ledger.leftovers(name).map((entry) => [entry.id, entry.name]));
    if (ledger.unanswered(name)) {
      for (const entry of await account.listMarked(runId)) leftovers.set(entry.id, String(entry.name ?? ""));
    }
    for (const id of leftovers.keys()) {
      if (await account.remove(id)) {
        ledger.deleted(name, id, "cleanup");
        result.deleted++;
      }
    }
    // The proof: nothing marked by this run is listed, and nothing it deleted can still be read.
    const survivors = new Map<string, string>();
    for (const entry of await account.listMarked(runId)) survivors.set(entry.id, String(entry.name ?? ""));
    for (const id of ledger.deletedIds(name)) {
      if (!survivors.has(id) && (await account.stillThere(id))) survivors.set(id, leftovers.get(id) ?? "");
    }
    result.survivors = [...survivors].map(([id, entryName]) => ({ id, name: entryName }));
  } catch (error) {
    result.error = describeError(error);
  }
  result.requests = account.requests;
  return result;
}

function verdict(
  result: CleanupResult,
  marker: Marker,
  statuses: readonly (number | null)[],
  durationMs: number,
): StepResult {
  const base = {
    target: result.target,
    scenario: CLEANUP_SCENARIO,
    step: CLEANUP_STEP,
    operation: "listEntries" as const,
    durationMs,
    attempts: statuses.length,
    statuses: [...statuses],
  };
  const expectation = `no entry marked "${marker.text}" is left`;
  if (result.error === undefined && result.survivors.length === 0) {
    return { ...base, status: "passed", expectations: [{ name: expectation, verdict: "met" }] };
  }
  const reason =
    result.error === undefined
      ? `${result.survivors.length} entries marked "${marker.text}" are still there (${result.survivors.map((s) => s.id).join(", ")}); ${result.remedy}`
      : `the account could not be checked (${result.error}); ${result.remedy}`;
  return {
    ...base,
    status: "failed",
    reason,
    expectations: [{ name: expectation, verdict: "unmet", detail: reason }],
  };
}
