/**
 * Generation against a sandbox in this process: generated examples (commands) and requests per
 * second at the default budget, the median of a few runs, against a baseline measured in the same
 * run on the same sandbox — a bare fixed loop (create, get, list, delete of one fixed entry) through
 * the same client and recorder, sending as many requests. The ratio is what generating, judging and
 * shrinking cost on top of the requests themselves. Measured, never asserted.
 *
 *   node bench/generation.ts          (BENCH_RUNS=9 for more runs)
 */

import { median } from "@impersonation-registry/history";
import { spec } from "@impersonation-registry/types/spec";
import { createRecorder } from "../src/executor/capture.ts";
import { rawClients } from "../src/executor/clients.ts";
import { DEFAULT_RETRY_POLICY } from "../src/executor/retry-policy.ts";
import { DEFAULT_BUDGET, runGenerated } from "../src/generation/index.ts";
import { markerFor } from "../src/safety/marker.ts";
import { COLLECTION, ITEM } from "../src/scenarios/operations.ts";
import type { Target } from "../src/targets/index.ts";
import { sandboxTarget } from "../test/generation/helpers.ts";

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const marker = markerFor("20261203T091015Z-be0c11");

/** The same requests a scenario step sends, in a fixed loop: create, get, list, delete, `requests` in all. */
async function fixedLoop(target: Target, requests: number): Promise<number> {
  const recorder = createRecorder({
    secrets: target.secrets,
    signal: new AbortController().signal,
    policy: DEFAULT_RETRY_POLICY,
    timeoutMs: 30_000,
  });
  const { api } = rawClients(target, recorder.fetch);
  const path = { account_id: target.accountId };
  const started = performance.now();
  for (let sent = 0; sent < requests; sent += 4) {
    const { data } = await api.POST(COLLECTION, {
      params: { path },
      body: { name: marker.name("bench"), email: "bench@example.com", is_email_regex: false },
    });
    const item = { params: { path: { ...path, impersonation_registry_id: String(data?.result?.id) } } };
    await api.GET(ITEM, item);
    await api.GET(COLLECTION, { params: { path, query: { search: marker.text, per_page: 1000 } } });
    await api.DELETE(ITEM, item);
    recorder.take();
  }
  return performance.now() - started;
}

const target = await sandboxTarget();
const generated = { ms: [] as number[], requests: [] as number[], commands: [] as number[] };
const baseline: number[] = [];
try {
  for (let run = 0; run <= RUNS; run++) {
    const started = performance.now();
    const result = await runGenerated({ spec, target, marker, seed: run, budget: DEFAULT_BUDGET });
    const ms = performance.now() - started;
    const loopMs = await fixedLoop(target, result.requests);
    if (run === 0) continue; // warm-up: modules compiled, validators built
    generated.ms.push(ms);
    generated.requests.push((result.requests / ms) * 1_000);
    generated.commands.push((result.commands / ms) * 1_000);
    baseline.push((result.requests / loopMs) * 1_000);
  }
} finally {
  await target.close();
}

const perSecond = median(generated.requests);
const fixed = median(baseline);
console.log(`generation against an in-process sandbox, budget ${DEFAULT_BUDGET}, median of ${RUNS} runs`);
console.log(`  generated examples (commands): ${median(generated.commands).toFixed(0)}/s`);
console.log(`  requests: ${perSecond.toFixed(0)}/s, ${median(generated.ms).toFixed(0)} ms per run`);
console.log(`  baseline, a fixed loop through the same client: ${fixed.toFixed(0)} requests/s`);
console.log(`  ratio: ${(perSecond / fixed).toFixed(2)}× the baseline's throughput`);
