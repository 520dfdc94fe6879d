/**
 * Listing and deleting on a target outside any scenario (cleanup, sweep):
 * through the same raw layer and recorder (so 429s are honoured and
 * credentials never leak into an error), but nothing is reported as a step.
 */
import { COLLECTION, ITEM } from "../scenarios/operations.ts";
import type { Target } from "../targets/index.ts";
import { createRecorder } from "./capture.ts";
import { rawClients } from "./clients.ts";
import { DEFAULT_RETRY_POLICY } from "./retry-policy.ts";

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
  const { api } = rawClients(target, recorder.fetch);
  const path = { account_id: target.accountId };
  const failure = (what: string, status: number) => {
    const last = recorder.take().at(-1);
    return new Error(
      `${what} on ${target.info.name} answered ${status}${last?.response ? `: ${last.response.text.slice(0, 200)}` : ""}`,
    );
  };
  return {
    /** Every entry of the account, page after page until a short page. */
    async listAll(): Promise<AccountEntry[]> {
      const all: AccountEntry[] = [];
      for (let page = 1; ; page++) {
        const { data, response } = await api.GET(COLLECTION, {
          params: { path, query: { page, per_page: PAGE } },
        });
        if (!response.ok || !Array.isArray(data?.result))
          throw failure("listing the entries", response.status);
        recorder.take();
        all.push(...(data.result as AccountEntry[]));
        if (data.result.length < PAGE) return all;
      }
    },
    /** True when the entry is gone afterwards (a 404 counts: someone else deleted it first). */
    async remove(id: string): Promise<boolean> {
      const { response } = await api.DELETE(ITEM, {
        params: { path: { ...path, impersonation_registry_id: id } },
      });
      recorder.take();
      return response.ok || response.status === 404;
    },
  };
}
