/**
 * Walks the bench server's 100,000 entries in a fresh process (so RSS is this listing's alone):
 * `node --expose-gc bench/list-all.ts <client|raw fetch> <baseUrl>` prints `ms growthMB lateGrowthMB retainedMB`:
 * the RSS peak over the start and over the RSS at 10,000 entries, and the heap still used after a
 * full GC at the end (near zero when nothing accumulates).
 * The raw fetch loop is the baseline: the same pages, fetched and parsed, nothing else.
 * A short warm-up walk first loads fetch's internals (undici, its WASM parser, JIT code), a
 * one-time cost of any first request, so the growth measured is the walk's own.
 */
import { ACCOUNT_ID, TOKEN } from "./contestants.ts";

const PER_PAGE = 1000;
const [kind, baseUrl] = process.argv.slice(2) as [string, string];

async function* rawPages(): AsyncGenerator<unknown> {
  const collection = `${baseUrl}/accounts/${ACCOUNT_ID}/email-security/settings/impersonation_registry`;
  for (let page = 1; ; page++) {
    const response = await fetch(`${collection}?page=${page}&per_page=${PER_PAGE}`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    const { result } = (await response.json()) as { result: unknown[] };
    yield* result;
    if (result.length < PER_PAGE) return;
  }
}

async function entries(): Promise<AsyncIterable<unknown>> {
  if (kind === "raw fetch") return rawPages();
  const { createClient } = await import("@impersonation-registry/client");
  const client = createClient({ apiToken: TOKEN, accountId: ACCOUNT_ID, baseUrl, readEnv: false });
  return client.listAll({ per_page: PER_PAGE });
}

let warmUp = 0;
for await (const _ of await entries()) if (++warmUp === 2 * PER_PAGE) break;

const iterable = await entries();
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});
gc();
const heapBefore = process.memoryUsage().heapUsed;
const rssBefore = process.memoryUsage.rss();
let peak = rssBefore;
let rssAt10k = 0;
let count = 0;
const started = performance.now();
for await (const _ of iterable) {
  if (++count % PER_PAGE !== 0) continue;
  peak = Math.max(peak, process.memoryUsage.rss());
  if (count === 10_000) rssAt10k = peak;
}
const elapsed = performance.now() - started;
gc();
const retained = process.memoryUsage().heapUsed - heapBefore;
if (count !== 100_000) throw new Error(`listed ${count} entries, expected 100000`);
const mb = (bytes: number) => (bytes / 2 ** 20).toFixed(1);
console.log(`${elapsed.toFixed(1)} ${mb(peak - rssBefore)} ${mb(peak - rssAt10k)} ${mb(retained)}`);
