/**
 * The history store on real SQLite files: runs, findings, observations and
 * generation coverage round-trip; old runs are pruned with everything they own; two processes
 * recording at once both succeed; an unusable file is a HistoryError, never a crash.
 */
import { spawn } from "node:child_process";
import { once } from "node:events";
import { mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";
import { HistoryError, HistoryStore } from "../src/index.ts";
import { MIGRATIONS } from "../src/migrations.ts";
import { finding, generated, observation, recordedRun, tempHistory } from "./helpers.ts";

let cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups) cleanup();
  cleanups = [];
});
function history(prefix: string) {
  const made = tempHistory(prefix);
  cleanups.push(made.remove);
  return made;
}
function open(path: string): HistoryStore {
  const store = HistoryStore.open(path, { create: true }) as HistoryStore;
  cleanups.unshift(() => store.close());
  return store;
}
/** A recorded run whose generation on each series (key) had these coverage cells (see `generated`). */
function runWithCoverage(coverage: Record<string, Record<string, number>>) {
  const series = Object.keys(coverage);
  return {
    ...recordedRun([], { targets: series }),
    coverage: series.flatMap((key) =>
      generated(key, coverage[key] ?? {}).coverage.cells.map((cell) => ({ ...cell, series: key })),
    ),
  };
}
function count(path: string, table: string): number {
  const db = new DatabaseSync(path);
  try {
    return (db.prepare(`SELECT count(*) AS n FROM ${table}`).get() as { n: number }).n;
  } finally {
    db.close();
  }
}

describe("HistoryStore", () => {
  it("does not create a file it is only asked to read", () => {
    const { path } = history("absent");
    expect(HistoryStore.open(path, { create: false })).toBeUndefined();
  });

  it("round-trips runs, their findings and observations, shapes stored once", () => {
    const { path } = history("roundtrip");
    const store = open(path);
    const shape = {
      "": { types: ["object" as const] },
      "/result/provenance": { types: ["string" as const], values: ["A1S_INTERNAL"] },
    };
    const run = recordedRun([
      finding("schema-type"),
      finding("compare-key", { target: "mock↔sandbox", severity: "info" }),
    ]);
    store.record(
      run,
      [observation("a", { shape }), observation("b", { shape, status: 400, errorCodes: [10001] })],
      400,
    );
    store.record(recordedRun([]), [observation("a", { shape })], 400);

    const [first, second] = store.runs();
    expect(first).toMatchObject({
      runId: run.runId,
      targets: ["mock", "sandbox"],
      counts: { breaking: 1, info: 1 },
      new: 2,
    });
    expect(second?.counts).toEqual({ breaking: 0, additive: 0, info: 0, accepted: 0 });
    expect(store.findingsOf([first?.seq as number]).map((f) => [f.rule, f.target, f.runId])).toEqual([
      ["schema-type", "sandbox", run.runId],
      ["compare-key", "mock↔sandbox", run.runId],
    ]);
    expect([...store.latestRunByTarget().keys()]).toEqual(["mock", "mock↔sandbox", "sandbox"]);
    const earlier = store.earlierRuns("sandbox", 60);
    expect(earlier.map((r) => r.observations.length)).toEqual([2, 1]);
    expect(earlier[0]?.observations[1]).toMatchObject({ step: "b", status: 400, errorCodes: [10001], shape });
    expect(earlier[0]?.drifts.map((d) => d.rule)).toEqual(["schema-type"]);
    const shapes = new DatabaseSync(path).prepare("SELECT count(*) AS n FROM shapes").get() as { n: number };
    expect(shapes.n).toBe(1);
  });

  it("keeps the newest `keep` runs and prunes the rest with their findings, observations and shapes", () => {
    const { path } = history("prune");
    const store = open(path);
    for (let i = 0; i < 5; i++) {
      const shape = { [`/only-in-run-${i}`]: { types: ["string" as const] } };
      store.record(recordedRun([finding("schema-type")]), [observation("a", { shape })], 3);
    }
    expect(store.runs().length).toBe(3);
    expect(["findings", "observations", "shapes", "run_targets"].map((table) => count(path, table))).toEqual([
      3, 3, 3, 9,
    ]);
  });

  it("the statuses generation got on a series: any kept run's, requests > 0, status cells only, that series only", () => {
    const { path } = history("coverage");
    const store = open(path);
    store.record(
      runWithCoverage({
        sandbox: {
          "listEntries status 200 positive": 12,
          "listEntries status 403 positive": 0,
          "listEntries parameter query.page negative": 3,
        },
        live: { "listEntries status 403 positive": 1 },
      }),
      [],
      400,
    );
    store.record(
      runWithCoverage({
        sandbox: {
          "listEntries status 200 positive": 0,
          "createEntry status 4XX positive": 2,
          "listEntries status 403 positive": 0,
        },
      }),
      [],
      400,
    );
    expect(store.exercisedStatuses("sandbox")).toEqual([
      { operation: "listEntries", key: "200" },
      { operation: "createEntry", key: "4XX" },
    ]);
    expect(store.exercisedStatuses("live")).toEqual([{ operation: "listEntries", key: "403" }]);
    expect(store.exercisedStatuses("mock")).toEqual([]);
    // Every cell is kept, exercised or not.
    expect(count(path, "coverage")).toBe(7);
  });

  it("prunes a run's coverage with it: a status only a pruned run got is no longer exercised", () => {
    const { path } = history("coverage-prune");
    const store = open(path);
    store.record(runWithCoverage({ sandbox: { "getEntry status 429 positive": 1 } }), [], 2);
    expect(store.exercisedStatuses("sandbox")).toEqual([{ operation: "getEntry", key: "429" }]);
    for (let i = 0; i < 2; i++)
      store.record(runWithCoverage({ sandbox: { "getEntry status 429 positive": 0 } }), [], 2);
    expect(store.runs().length).toBe(2);
    expect(store.exercisedStatuses("sandbox")).toEqual([]);
    expect(count(path, "coverage")).toBe(2);
  });

  it("lists the last runs of a target only", () => {
    const { path } = history("filter");
    const store = open(path);
    store.record(recordedRun([], { targets: ["mock", "live"] }), [], 400);
    store.record(recordedRun([], { targets: ["sandbox"] }), [], 400);
    store.record(recordedRun([], { targets: ["mock", "sandbox"] }), [], 400);
    expect(store.runs({ targets: ["live"] }).map((r) => r.targets)).toEqual([["mock", "live"]]);
    expect(store.runs({ targets: ["sandbox"], limit: 1 }).map((r) => r.targets)).toEqual([
      ["mock", "sandbox"],
    ]);
    expect(store.runCount()).toBe(3);
  });

  it("lets two processes record at the same time: both succeed, every run is kept", async () => {
    const { path } = history("concurrent");
    const script = fileURLToPath(new URL("./write-runs.ts", import.meta.url));
    const children = ["a", "b"].map((prefix) => {
      const child = spawn(process.execPath, [script, path, prefix, "25"], {
        stdio: ["ignore", "ignore", "pipe"],
      });
      let stderr = "";
      child.stderr.on("data", (chunk: Buffer) => {
        stderr += chunk;
      });
      return once(child, "close").then(([code]) => ({ code, stderr }));
    });
    expect(await Promise.all(children)).toEqual([
      { code: 0, stderr: "" },
      { code: 0, stderr: "" },
    ]);
    const ids = open(path)
      .runs()
      .map((run) => run.runId);
    expect(ids.length).toBe(50);
    expect(ids.filter((id) => id.startsWith("a-")).length).toBe(25);
  });
});

describe("a history file from before target identities", () => {
  it("migrates in place: its runs become legacy series named by their targets, its findings keep their step", () => {
    const { path } = history("migrate");
    const old = new DatabaseSync(path);
    old.exec(MIGRATIONS[0] as string);
    old.exec(`INSERT INTO runs (id, started_at, finished_at, spec_hash, targets, scenarios, exit_code,
                breaking, additive, info, accepted, new, resolved)
              VALUES ('r1', '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z', '', '["mock","sandbox"]',
                '["lifecycle"]', 1, 1, 0, 0, 0, 1, 0)`);
    old.exec(`INSERT INTO run_targets VALUES ('mock', 1), ('sandbox', 1), ('mock↔sandbox', 1)`);
    old.exec(`INSERT INTO findings VALUES (1, 'f1', 'schema-type', 'breaking', 'sandbox', 'listEntries',
                '/result/*/name', 'lifecycle', 'get', 0)`);
    old.exec("PRAGMA user_version = 1");
    old.close();
    const store = open(path);
    expect(store.series().map((one) => [one.key, one.kind, one.legacy, one.runs])).toEqual([
      ["mock", "mock", true, 1],
      ["sandbox", "sandbox", true, 1],
    ]);
    expect(store.runs().map((run) => [run.targets, run.series])).toEqual([
      [
        ["mock", "sandbox"],
        ["mock", "sandbox"],
      ],
    ]);
    expect(store.findingsOf([1])).toEqual([
      expect.objectContaining({
        fingerprint: "f1",
        checked: true,
        occurrences: [{ scenario: "lifecycle", step: "get" }],
      }),
    ]);
  });
});

describe("a history file of version 3, from before generation coverage", () => {
  it("migrates in place: its runs, findings and failing seeds stay; coverage is recorded from then on", () => {
    const { path } = history("migrate-3");
    const old = new DatabaseSync(path);
    for (const step of MIGRATIONS.slice(0, 3)) old.exec(step);
    old.exec(`INSERT INTO series VALUES ('sandbox-1a2b', 'sandbox', 'in-process', NULL, 0)`);
    old.exec(`INSERT INTO runs (id, started_at, finished_at, spec_hash, targets, series, scenarios, exit_code,
                breaking, additive, info, accepted, new, resolved)
              VALUES ('r1', '2026-11-01T00:00:00Z', '2026-11-01T00:00:01Z', '', '["sandbox"]',
                '["sandbox-1a2b"]', '["lifecycle"]', 1, 1, 0, 0, 0, 1, 0)`);
    old.exec(`INSERT INTO run_targets VALUES ('sandbox-1a2b', 1)`);
    old.exec(`INSERT INTO findings VALUES (1, 'f1', 'schema-type', 'breaking', 'sandbox-1a2b', 'listEntries',
                '/result/*/name', 'lifecycle', 'get', 0, '[{"scenario":"lifecycle","step":"get"}]', 1)`);
    old.exec(`INSERT INTO failing_seeds VALUES ('sandbox-1a2b', 7, 1)`);
    old.exec("PRAGMA user_version = 3");
    old.close();

    const store = open(path);
    expect(store.runs().map((run) => [run.runId, run.series])).toEqual([["r1", ["sandbox-1a2b"]]]);
    expect(store.findingsOf([1]).map((f) => f.fingerprint)).toEqual(["f1"]);
    expect(store.failingSeeds("sandbox-1a2b")).toEqual([7]);
    expect(store.exercisedStatuses("sandbox-1a2b")).toEqual([]);
    const db = new DatabaseSync(path);
    expect(db.prepare("PRAGMA user_version").get()).toEqual({ user_version: MIGRATIONS.length });
    db.close();

    store.record(runWithCoverage({ "sandbox-1a2b": { "deleteEntry status 200 positive": 4 } }), [], 400);
    expect(store.exercisedStatuses("sandbox-1a2b")).toEqual([{ operation: "deleteEntry", key: "200" }]);
  });
});

describe("an unusable history is a HistoryError", () => {
  // [what, prepare the path, expected code, expected words]
  const cases: [string, (path: string) => (() => void) | undefined, string, RegExp][] = [
    [
      "a file that is not a database",
      (path) => {
        writeFileSync(path, "this is not SQLite\n".repeat(100));
        return undefined;
      },
      "history-unreadable",
      /not a database/,
    ],
    [
      "a database of a newer schema version",
      (path) => {
        const db = new DatabaseSync(path);
        db.exec("PRAGMA user_version = 99");
        db.close();
        return undefined;
      },
      "history-newer",
      /schema version 99 is newer than this contract app knows \(4\)/,
    ],
    [
      "a path that cannot be opened as a file",
      (path) => {
        mkdirSync(path);
        return undefined;
      },
      "history-unreadable",
      /unable to open/,
    ],
    [
      "a file another process keeps exclusively locked",
      (path) => {
        const db = new DatabaseSync(path);
        db.exec(
          "PRAGMA locking_mode = EXCLUSIVE; CREATE TABLE t (x); BEGIN EXCLUSIVE; INSERT INTO t VALUES (1);",
        );
        return () => db.close();
      },
      "history-unreadable",
      /locked/,
    ],
  ];
  for (const [what, prepare, code, words] of cases) {
    it(what, () => {
      const { path } = history("unusable");
      const release = prepare(path);
      const contents = () =>
        statSync(path).isDirectory() ? "a directory" : readFileSync(path).toString("base64");
      const before = contents();
      try {
        const opening = () => HistoryStore.open(path, { create: true, busyTimeoutMs: 100 });
        expect(opening).toThrow(HistoryError);
        expect(opening).toThrow(expect.objectContaining({ code, message: expect.stringMatching(words) }));
        expect(opening).toThrow(expect.objectContaining({ message: expect.stringContaining(path) }));
        expect(contents()).toBe(before);
      } finally {
        release?.();
      }
    });
  }
});
