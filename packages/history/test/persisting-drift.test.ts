/**
 * A drift is reported for as long as it lasts, not for as long as a window of
 * earlier runs still remembers the time before it: 3 runs with a field, then
 * 70 nightly runs without it — more than the 60 earlier runs the rules look
 * back — each reports observed-field-vanished under one fingerprint, never new
 * again; accepting it ends it. Real store, real rules, the session a run uses.
 */
import type { Exchange, StepResult, TargetInfo } from "@impersonation-registry/engine";
import { afterEach, describe, expect, it } from "vitest";
import { EARLIER_RUNS, HistoryStore, OBSERVED_RULES, openRunHistory } from "../src/index.ts";
import { tempHistory } from "./helpers.ts";

let remove: (() => void) | undefined;
afterEach(() => remove?.());

const sandbox: TargetInfo = {
  name: "sandbox",
  identity: { key: "sandbox:0123456789ab", kind: "sandbox", server: "https://staging.example/client/v4" },
  baseUrl: "https://staging.example/client/v4",
  capabilities: { stateful: true, writable: true, exactStatuses: true, answersMalformedBodies: true },
};

/** A night's one exchange: the list, its entry with or without `modified_at`. */
function night(withField: boolean): { exchanges: Exchange[]; steps: StepResult[] } {
  const entry = { id: "a", name: "n", ...(withField && { modified_at: "2026-11-01T00:00:00Z" }) };
  const exchange: Exchange = {
    target: "sandbox",
    scenario: "lifecycle",
    step: "list",
    operation: "listEntries",
    request: { method: "GET", url: "https://staging.example/client/v4/x", headers: {} },
    response: {
      status: 200,
      headers: {},
      body: { success: true, errors: [], messages: [], result: [entry] },
      text: "",
      durationMs: 5,
    },
    attempts: 1,
  };
  const step: StepResult = {
    ...exchange,
    status: "passed",
    expectations: [],
    durationMs: 5,
    attempts: 1,
  };
  return { exchanges: [exchange], steps: [step] };
}

describe("a persisting drift", () => {
  it(`is reported in each of 70 runs (${EARLIER_RUNS} earlier runs looked back), then accepting it ends it`, () => {
    const made = tempHistory("persisting");
    remove = made.remove;
    const config = { path: made.path, keep: 400 };
    let n = 0;
    const runOnce = (withField: boolean) => {
      n++;
      const runId = `20261101T031700Z-${String(n).padStart(6, "0")}`;
      const startedAt = new Date(Date.UTC(2026, 10, 1) + n * 86_400_000).toISOString();
      const history = openRunHistory(
        config,
        { runId, startedAt, targets: [sandbox], scenarios: ["lifecycle"], ...night(withField) },
        () => {},
      );
      const { findings } = history.annotate(history.judge(OBSERVED_RULES));
      history.record({
        runId,
        startedAt,
        finishedAt: startedAt,
        specHash: "0".repeat(64),
        exitCode: findings.length > 0 ? 1 : 0,
        findings,
        resolved: [],
      });
      return findings.filter((f) => f.rule === "observed-field-vanished");
    };

    for (let i = 0; i < 3; i++) expect(runOnce(true)).toEqual([]);
    const reported = Array.from({ length: 70 }, () => runOnce(false));
    const fingerprints = new Set(reported.flat().map((f) => f.fingerprint));
    expect(reported.map((findings) => findings.length)).toEqual(Array(70).fill(1));
    expect(fingerprints.size).toBe(1);
    expect(reported.map((findings) => findings[0]?.new)).toEqual([true, ...Array(69).fill(false)]);
    expect(reported.at(-1)?.[0]?.seenInRuns).toBe(70);

    const store = HistoryStore.open(made.path, { create: false }) as HistoryStore;
    try {
      const [fingerprint] = fingerprints;
      const latest = store.latestFinding(fingerprint as string);
      if (!latest) throw new Error("the history lost the drift");
      store.accept(latest, "modified_at is gone for good, ticket 42", new Date().toISOString());
    } finally {
      store.close();
    }
    expect(runOnce(false)).toEqual([]);
  });
});
