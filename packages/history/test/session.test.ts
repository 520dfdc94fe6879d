/**
 * A run's use of its history: the line naming it, or one warning when it cannot
 * be used — then the run goes on exactly as without history and records nothing.
 */
import { readFileSync, writeFileSync } from "node:fs";
import type { Exchange, StepResult } from "@impersonation-registry/engine";
import { afterEach, describe, expect, it } from "vitest";
import { HistoryStore, openRunHistory, type RunHistoryInput, TREND_RUNS } from "../src/index.ts";
import { finding, recordedRun, tempHistory } from "./helpers.ts";

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

function input(runId: string): RunHistoryInput {
  return {
    runId,
    startedAt: "2026-11-27T03:17:00.000Z",
    targets: [sandbox],
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
    history.record(report);
    expect(lines.length).toBe(1);
    expect(readFileSync(made.path, "utf8")).toBe("garbage ".repeat(512));
  });

  it("no history configured: silent, no trend, and nothing is written", () => {
    const lines: string[] = [];
    const history = openRunHistory(undefined, input("run-1"), (line) => lines.push(line));
    expect(history.trend(finalReport("run-1", history))).toEqual([]);
    history.record(finalReport("run-1", history));
    expect(lines).toEqual([]);
  });
});
