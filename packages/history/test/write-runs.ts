/**
 * Child process of store.test.ts: records `count` runs named `<prefix>-<n>` into
 * the history at `path`, as fast as it can, while another process does the same.
 */
import { HistoryStore } from "../src/index.ts";
import { finding, observation, recordedRun } from "./helpers.ts";

const [path, prefix, count] = process.argv.slice(2) as [string, string, string];
for (let n = 0; n < Number(count); n++) {
  // A fresh connection per run, like separate contract runs.
  const store = HistoryStore.open(path, { create: true }) as HistoryStore;
  try {
    store.record(
      recordedRun([finding("schema-type")], { runId: `${prefix}-${n}` }),
      Array.from({ length: 50 }, (_, i) => observation(`step ${i}`, { durationMs: i })),
      1000,
    );
  } finally {
    store.close();
  }
}
