/**
 * A run's use of its history: the line naming it, or one warning when it cannot
 * be used — then the run goes on exactly as without history and records nothing.
 * The documented statuses generation never got are named against every kept run of the series.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { DatabaseSync } from "node:sqlite";
import type { Exchange, StepResult } from "@impersonation-registry/engine";
import { afterEach, describe, expect, it } from "vitest";
import {
  HistoryStore,
  openRunHistory,
  type RecordedGeneration,
  type RunHistoryInput,
  TREND_RUNS,
} from "../src/index.ts";
import { finding, generated, recordedRun, tempHistory } from "./helpers.ts";

let remove: (() => void) | undefined;
afterEach(() => remove?.());

const sandbox = {
  name: "sandbox",
  // As recordedRun records its runs: the series key is the target's name.
  identity: { key: "sandbox", kind: "sandbox", server: "test" },
  baseUrl: "http://127.0.0.1:1",
  capabilities: { stateful: true, writable: true, exactStatuses: true, answersMalformedBodies: true },
};
const exchange: Exchange = {
  target: "sandbox",
  scenario: "auth",
  step: "no credentials",
  operation: "listEntries",
  request: { method: "GET", url: "http://127.0.0.1:1/x", headers: {} },
  response: {
    status: 400,
    headers: {},
    body: { success: false, errors: [{ code: 10000 }] },
    text: "",
    durationMs: 3,
  },
  attempts: 1,
};
const step: StepResult = { ...exchange, status: "passed", expectations: [], durationMs: 3, attempts: 1 };

function input(runId: string, target = sandbox): RunHistoryInput {
  return {
    runId,
    startedAt: "2026-11-27T03:17:00.000Z",
    targets: [target],
    scenarios: ["auth"],
    exchanges: [exchange],
    steps: [step],
  };
}

function finalReport(runId: string, history: ReturnType<typeof openRunHistory>) {
  const { findings, resolved } = history.annotate([finding("schema-type", { scenario: "auth" })]);
  return {
    runId,
    startedAt: "2026-11-27T03:17:00.000Z",
    finishedAt: "2026-11-27T03:17:01.000Z",
    specHash: "0".repeat(64),
    exitCode: 1,
    findings,
    resolved,
  };
}

describe("openRunHistory", () => {
  it("names the history and its earlier runs, then records the run with its observations", () => {
    const made = tempHistory("session");
    remove = made.remove;
    const lines: [string, boolean][] = [];
    for (const runId of ["run-1", "run-2"]) {
      const history = openRunHistory({ path: made.path, keep: 400 }, input(runId), (line, warning) =>
        lines.push([line, warning]),
      );
      history.record(finalReport(runId, history));
    }
    expect(lines).toEqual([
      [`history: ${made.path} (0 earlier runs of sandbox)`, false],
      [`history: ${made.path} (1 earlier runs of sandbox)`, false],
    ]);
    const store = HistoryStore.open(made.path, { create: false }) as HistoryStore;
    try {
      expect(store.runs().map((run) => [run.runId, run.exitCode, run.new])).toEqual([
        ["run-1", 1, 1],
        ["run-2", 1, 0],
      ]);
      expect(store.earlierRuns("sandbox", 10)[1]?.observations).toEqual([
        {
          target: "sandbox",
          operation: "listEntries",
          scenario: "auth",
          step: "no credentials",
          status: 400,
          errorCodes: [10000],
          durationMs: 3,
          shape: expect.objectContaining({ "/errors/*/code": { types: ["number"] } }),
        },
      ]);
    } finally {
      store.close();
    }
  });

  it("the trend: the last runs that share a target, oldest first, this run last with its own counts", () => {
    const made = tempHistory("session-trend");
    remove = made.remove;
    const store = HistoryStore.open(made.path, { create: true }) as HistoryStore;
    const recorded: string[] = [];
    try {
      for (let i = 0; i < TREND_RUNS + 3; i++) {
        // Every third run failed with one breaking and one info finding; a live-only run shares no target.
        const failed = i % 3 === 0;
        const run = recordedRun(
          failed
            ? [finding("schema-type"), finding("compare-key", { severity: "info", target: "mock" })]
            : [],
          { targets: i === TREND_RUNS ? ["live"] : ["mock", "sandbox"] },
        );
        store.record({ ...run, exitCode: failed ? 1 : 0, resolved: failed ? 0 : 2 }, [], 400);
        if (i !== TREND_RUNS) recorded.push(run.runId);
      }
    } finally {
      store.close();
    }
    const history = openRunHistory({ path: made.path, keep: 400 }, input("run-now"), () => {});
    const trend = history.trend(finalReport("run-now", history));
    expect(trend).toHaveLength(TREND_RUNS);
    expect(trend.map((run) => run.runId)).toEqual([...recorded.slice(-(TREND_RUNS - 1)), "run-now"]);
    const earlier = trend.slice(0, -1);
    for (const run of earlier) {
      const failed = run.exitCode === 1;
      expect(run).toMatchObject({
        counts: { breaking: failed ? 1 : 0, additive: 0, info: failed ? 1 : 0 },
        new: failed ? 2 : 0,
        resolved: failed ? 0 : 2,
      });
    }
    expect(new Set(earlier.map((run) => run.exitCode))).toEqual(new Set([0, 1]));
    // This run as its report says: one breaking finding, new (no earlier run had it at auth), nothing resolved.
    expect(trend.at(-1)).toEqual({
      runId: "run-now",
      startedAt: "2026-11-27T03:17:00.000Z",
      exitCode: 1,
      counts: { breaking: 1, additive: 0, info: 0 },
      new: 1,
      resolved: 0,
    });
    expect(history.trend(finalReport("run-now", history), 3).map((run) => run.runId)).toEqual([
      ...recorded.slice(-2),
      "run-now",
    ]);
  });

  it("an unreadable history: one warning, no observed findings, every finding new, no trend, nothing recorded", () => {
    const made = tempHistory("session-corrupt");
    remove = made.remove;
    writeFileSync(made.path, "garbage ".repeat(512));
    const lines: [string, boolean][] = [];
    const history = openRunHistory({ path: made.path, keep: 400 }, input("run-1"), (line, warning) =>
      lines.push([line, warning]),
    );
    expect(lines).toEqual([
      [
        `warning: history ${made.path} cannot be read: file is not a database; this run goes on without history`,
        true,
      ],
    ]);
    expect(history.judge([])).toEqual([]);
    const report = finalReport("run-1", history);
    expect(report.findings[0]).toMatchObject({ new: true, seenInRuns: 1 });
    expect(history.trend(report)).toEqual([]);
    const generation = [generated("sandbox", { "listEntries status 403 positive": 0 })];
    expect(history.withNeverSeen(generation)).toEqual(generation);
    history.record(report);
    expect(lines.length).toBe(1);
    expect(readFileSync(made.path, "utf8")).toBe("garbage ".repeat(512));
  });

  it("no history configured: silent, no trend, and nothing is written", () => {
    const lines: string[] = [];
    const history = openRunHistory(undefined, input("run-1"), (line) => lines.push(line));
    expect(history.trend(finalReport("run-1", history))).toEqual([]);
    const generation = [generated("sandbox", { "listEntries status 403 positive": 0 })];
    expect(history.withNeverSeen(generation)).toEqual(generation);
    history.record(finalReport("run-1", history));
    expect(lines).toEqual([]);
  });
});

describe("the statuses the spec documents that no run of the series ever got", () => {
  /** A sandbox at another address than `sandbox`: named alike, another series, keyed apart from its name. */
  const at = (key: string) => ({ ...sandbox, identity: { key, kind: "sandbox", server: key } });
  const here = at("sandbox-7f3e");
  const statuses = (counts: Record<string, number>) =>
    Object.fromEntries(
      Object.entries(counts).map(([status, requests]) => [`listEntries status ${status} positive`, requests]),
    );
  // [what, earlier runs (their series and status counts), runs kept, this run's counts, never seen]
  const cases: [
    string,
    { key: string; counts: Record<string, number> }[],
    number,
    Record<string, number>,
    string[],
  ][] = [
    [
      "the first run of a series: what this run did not get",
      [],
      400,
      { "200": 5, "403": 0, "5XX": 0 },
      ["listEntries 403", "listEntries 5XX"],
    ],
    [
      "a status an earlier run of the series got is not named",
      [
        { key: "sandbox-7f3e", counts: { "200": 3, "403": 1, "5XX": 0 } },
        { key: "sandbox-7f3e", counts: { "200": 4, "403": 0, "5XX": 0 } },
      ],
      400,
      { "200": 5, "403": 0, "5XX": 0 },
      ["listEntries 5XX"],
    ],
    [
      "another series' runs do not count, even of a target named alike",
      [{ key: "sandbox-0b1c", counts: { "200": 3, "403": 2, "5XX": 1 } }],
      400,
      { "200": 5, "403": 0, "5XX": 0 },
      ["listEntries 403", "listEntries 5XX"],
    ],
    [
      "a status only a pruned run got is named again",
      [
        { key: "sandbox-7f3e", counts: { "200": 3, "403": 1 } },
        { key: "sandbox-7f3e", counts: { "200": 3, "403": 0 } },
        { key: "sandbox-7f3e", counts: { "200": 3, "403": 0 } },
      ],
      2,
      { "200": 5, "403": 0 },
      ["listEntries 403"],
    ],
    ["every documented status got: none named", [], 400, { "200": 5, "403": 1 }, []],
  ];
  for (const [what, earlier, keep, counts, never] of cases) {
    it(what, () => {
      const made = tempHistory("session-never-seen");
      remove = made.remove;
      const config = { path: made.path, keep };
      for (const [i, run] of earlier.entries()) {
        const history = openRunHistory(config, input(`run-${i}`, at(run.key)), () => {});
        const generation: RecordedGeneration[] = [generated("sandbox", statuses(run.counts))];
        history.record({ ...finalReport(`run-${i}`, history), generation });
      }
      const history = openRunHistory(config, input("run-now", here), () => {});
      const generation = generated("sandbox", {
        ...statuses(counts),
        // A parameter is no status: never named, whatever its count.
        "listEntries parameter query.page negative": 0,
      });
      const [annotated] = history.withNeverSeen([generation]);
      expect(annotated).toEqual({ ...generation, neverSeen: never });
    });
  }

  it("recording stores every cell under the target's series, exercised or not", () => {
    const made = tempHistory("session-coverage");
    remove = made.remove;
    const history = openRunHistory({ path: made.path, keep: 400 }, input("run-1", here), () => {});
    const generation = generated("sandbox", {
      "getEntry status 200 positive": 2,
      "getEntry status 404 positive": 0,
      "getEntry parameter path.account_id negative": 1,
    });
    history.record({ ...finalReport("run-1", history), generation: [generation] });
    const db = new DatabaseSync(made.path);
    try {
      const rows = db
        .prepare("SELECT series, operation, dimension, key, polarity, requests FROM coverage")
        .all();
      expect(rows).toEqual(
        expect.arrayContaining(
          generation.coverage.cells.map((cell) => ({ series: "sandbox-7f3e", ...cell })),
        ),
      );
      expect(rows).toHaveLength(generation.coverage.cells.length);
    } finally {
      db.close();
    }
  });
});
