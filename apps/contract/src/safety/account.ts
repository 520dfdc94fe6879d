/**
 * Listing, reading and deleting on a target outside any scenario (cleanup,
 * its verification, sweep): through the same raw layer and recorder (so 429s
 * are honoured and credentials never leak into an error), but nothing is
 * reported as a step. Every walk of the account ends: on a short page, or with
 * the client's PaginationError when the server repeats a page or pages past
 * its own total (a server that ignores `page` would otherwise loop forever).
 */
import { paginate } from "@impersonation-registry/client";
import { createRecorder } from "../executor/capture.ts";
import { rawClients } from "../executor/clients.ts";
import { DEFAULT_RETRY_POLICY } from "../executor/retry-policy.ts";
import { COLLECTION, ITEM } from "../scenarios/operations.ts";
import type { Target } from "../targets/index.ts";
import { markedRunId } from "./marker.ts";

export interface AccountEntry {
  id: string;
  name?: unknown;
  comments?: unknown;
  created_at?: unknown;
  [field: string]: unknown;
}

const PAGE = 1000;

export function accountOf(target: Target, timeoutMs = 30_000) {
  // A fresh signal: cleanup runs after the run's own signal was aborted by SIGINT.
  const recorder = createRecorder({
    secrets: target.secrets,
    signal: new AbortController().signal,
    policy: DEFAULT_RETRY_POLICY,
    timeoutMs,
  });
  /** Per request sent, retries included: its status, or null when no response came. */
  const statuses: (number | null)[] = [];
  const { api } = rawClients(target, recorder.fetch);
  const path = { account_id: target.accountId };
  /** Counts what was sent since the last call; returns the final attempt. */
  const sent = () => {
    const attempts = recorder.take();
    statuses.push(...attempts.map((attempt) => attempt.response?.status ?? null));
    return attempts.at(-1);
  };
  const failure = (what: string, status: number) => {
    const last = sent();
    return new Error(
      `${what} on ${target.info.name} answered ${status}${last?.response ? `: ${last.response.text.slice(0, 200)}` : ""}`,
    );
  };

  async function list(search: string | undefined): Promise<AccountEntry[]> {
    const all: AccountEntry[] = [];
    const pages = paginate(
      async (page) => {
        const query = search === undefined ? { page, per_page: PAGE } : { search, page, per_page: PAGE };
        const { data, response } = await api.GET(COLLECTION, { params: { path, query } });
        if (!response.ok || !Array.isArray(data?.result))
          throw failure("listing the entries", response.status);
        sent();
        return { items: data.result as AccountEntry[], resultInfo: data.result_info };
      },
      { perPage: PAGE, idOf: (entry) => entry.id, describe: `listing the entries of ${target.info.name}` },
    );
    for await (const entry of pages) all.push(entry);
    return all;
  }

  return {
    /** Every entry of the account. */
    listAll: () => list(undefined),
    /** The entries marked by run `runId`: searched by the run id, kept only when their marker says so. */
    listMarked: async (runId: string) => (await list(runId)).filter((entry) => markedRunId(entry) === runId),
    /** True when the entry is gone afterwards (a 404 counts: someone else deleted it first). */
    async remove(id: string): Promise<boolean> {
      const { response } = await api.DELETE(ITEM, {
        params: { path: { ...path, impersonation_registry_id: id } },
      });
      sent();
      return response.ok || response.status === 404;
    },
    /** True while a GET still answers the entry; 404 is gone; anything else cannot tell and throws. */
    async stillThere(id: string): Promise<boolean> {
      const { response } = await api.GET(ITEM, {
        params: { path: { ...path, impersonation_registry_id: id } },
      });
      if (response.ok) {
        sent();
        return true;
      }
      if (response.status === 404) {
        sent();
        return false;
      }
      throw failure(`reading entry ${id}`, response.status);
    },
    /** Requests sent so far, retries included: what the cleanup and its verification cost. */
    get requests() {
      return statuses.length;
    },
    /** Their statuses, in order (null: no response). */
    get statuses(): readonly (number | null)[] {
      return statuses;
    },
  };
}

export type Account = ReturnType<typeof accountOf>;
