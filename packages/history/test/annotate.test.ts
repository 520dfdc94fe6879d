/**
 * Findings get their identity across runs from a real store: the fingerprint,
 * whether the previous run of that target (that ran that scenario) had it,
 * when it was first seen, in how many runs; and what the previous run had that
 * this one has not (resolved).
 */

import { type ContractFinding, fingerprint } from "@impersonation-registry/engine";
import { afterEach, describe, expect, it } from "vitest";
import {
  annotateFindings,
  HistoryStore,
  type HistoryView,
  type RecordedRun,
  WHOLE_RUN,
} from "../src/index.ts";
import { finding, recordedRun, tempHistory } from "./helpers.ts";

let remove: (() => void) | undefined;
afterEach(() => remove?.());

/** Records `earlier` runs in a fresh store and returns what a run would read from it. */
function viewAfter(earlier: RecordedRun[]): HistoryView {
  const made = tempHistory("annotate");
  remove = made.remove;
  const store = HistoryStore.open(made.path, { create: true }) as HistoryStore;
  try {
    for (const run of earlier) store.record(run, [], 400);
    const runs = store.runs();
    return { runs, stats: store.fingerprintStats(), findings: store.findingsOf(runs.map((run) => run.seq)) };
  } finally {
    store.close();
  }
}

const place = (scenarios = ["lifecycle", "list-parameters"], targets = ["mock", "sandbox"]) => ({
  runId: "20261127T031700Z-cafe01",
  startedAt: "2026-11-27T03:17:00.000Z",
  targets,
  scenarios,
});

describe("fingerprint", () => {
  it("is a short hex hash of the finding's place only: values, curl and indexes do not change it", () => {
    const a = finding("schema-type", { pointer: "/result/3/name" });
    const b = { ...finding("schema-type", { pointer: "/result/*/name" }), observed: "x", curl: "curl other" };
    expect(fingerprint(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(fingerprint(a)).toBe(fingerprint(b));
  });

  // [what changes, the other finding]
  const others: [string, ContractFinding][] = [
    ["rule", finding("schema-nullable")],
    ["target", finding("schema-type", { target: "live" })],
    ["pointer", finding("schema-type", { pointer: "/result/*/email" })],
    ["scenario", finding("schema-type", { scenario: "regex-entries" })],
    ["step", finding("schema-type", { step: "get after patch" })],
    ["operation", { ...finding("schema-type"), operation: "getEntry" }],
  ];
  for (const [what, other] of others) {
    it(`differs with the ${what}`, () =>
      expect(fingerprint(other)).not.toBe(fingerprint(finding("schema-type"))));
  }
});

describe("annotateFindings", () => {
  it("without history: every finding is new, first seen now, in one run; nothing resolved", () => {
    const { findings, resolved } = annotateFindings([finding("schema-type")], place(), undefined);
    expect(findings[0]).toMatchObject({
      new: true,
      firstSeen: { runId: "20261127T031700Z-cafe01", at: "2026-11-27T03:17:00.000Z" },
      seenInRuns: 1,
    });
    expect(resolved).toEqual([]);
  });

  it("persisting, new and resolved findings against the previous run", () => {
    const persisting = finding("schema-type");
    const gone = finding("undocumented-field", { pointer: "/result/*/risk" });
    const pair = finding("compare-status", { target: "mock↔sandbox", pointer: "/status" });
    const first = recordedRun([persisting]);
    const view = viewAfter([first, recordedRun([persisting, gone, pair])]);
    const fresh = finding("schema-enum");
    const { findings, resolved } = annotateFindings([persisting, fresh], place(), view);
    expect(findings.map((f) => [f.rule, f.new, f.seenInRuns, f.firstSeen.runId])).toEqual([
      ["schema-type", false, 3, first.runId],
      ["schema-enum", true, 1, "20261127T031700Z-cafe01"],
    ]);
    expect(resolved.map((r) => [r.rule, r.target])).toEqual([
      ["undocumented-field", "sandbox"],
      ["compare-status", "mock↔sandbox"],
    ]);
    expect(resolved[0]).toEqual({
      fingerprint: fingerprint(gone),
      rule: gone.rule,
      target: gone.target,
      operation: gone.operation,
      pointer: gone.pointer,
      scenario: gone.scenario,
      step: gone.step,
    });
  });

  it("judges by the previous run that ran the scenario on the target: a narrowed run resolves only what it ran", () => {
    const inLifecycle = finding("schema-type");
    const inList = finding("schema-type", { scenario: "list-parameters", step: "per_page 1" });
    const full = recordedRun([inLifecycle, inList]);
    const narrowed = recordedRun([], { scenarios: ["list-parameters"] });
    const view = viewAfter([full, narrowed]);
    const { findings, resolved } = annotateFindings([inLifecycle], place(), view);
    // The narrowed run did not run lifecycle: the full run before it is lifecycle's previous run.
    expect(findings[0]?.new).toBe(false);
    // list-parameters' previous run is the narrowed one, which had nothing to resolve.
    expect(resolved).toEqual([]);
    const onlyLifecycle = annotateFindings([], place(["lifecycle"]), view);
    expect(onlyLifecycle.resolved.map((r) => r.scenario)).toEqual(["lifecycle"]);
  });

  it("a pair is judged by runs that ran both of its targets, a whole-run finding by any run of its target", () => {
    const pair = finding("compare-key", { target: "mock↔sandbox" });
    const slow = finding("latency-regression", { ...WHOLE_RUN, pointer: "/duration" });
    const view = viewAfter([recordedRun([pair, slow]), recordedRun([], { targets: ["sandbox"] })]);
    const { findings, resolved } = annotateFindings([pair], place(["lifecycle"]), view);
    expect(findings[0]?.new).toBe(false);
    expect(resolved.map((r) => r.rule)).toEqual([]);
    expect(annotateFindings([slow], place(["lifecycle"]), view).findings[0]?.new).toBe(true);
  });
});
