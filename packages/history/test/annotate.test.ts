/**
 * Findings get their identity across runs from a real store: the fingerprint
 * (rule, series, operation, pointer — the step only for step rules), whether
 * the previous run of that series had it, when it was first seen, in how many
 * runs; and what the previous run had that this one has not — resolved when
 * this run executed a step that showed it, not checked (and kept open) when not.
 */

import type { ContractFinding } from "@impersonation-registry/engine";
import { afterEach, describe, expect, it } from "vitest";
import {
  annotateFindings,
  findingFingerprint,
  HistoryStore,
  type HistoryView,
  type RecordedRun,
  type RunPlace,
  STEP_RULES,
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
    const last = runs.at(-1)?.seq ?? 0;
    return { runs, stats: store.fingerprintStats(), findings: store.findingsOf([last]) };
  } finally {
    store.close();
  }
}

/** This run: it executed `steps` (`target · scenario › step`) and nothing else. */
const place = (steps: string[] = ["sandbox · lifecycle › get", "mock · lifecycle › get"]): RunPlace => ({
  runId: "20261127T031700Z-cafe01",
  startedAt: "2026-11-27T03:17:00.000Z",
  series: new Map([
    ["mock", "mock"],
    ["sandbox", "sandbox"],
  ]),
  observations: steps.map((text) => {
    const [target = "", rest = ""] = text.split(" · ");
    const [scenario = "", step = ""] = rest.split(" › ");
    return { target, scenario, step, operation: "listEntries" };
  }),
  stepRules: STEP_RULES,
});

const id = (f: ContractFinding) => findingFingerprint(f, f.target, STEP_RULES);

describe("a finding's fingerprint", () => {
  it("is a short hex hash of its identity only: values, curl, indexes and the step that showed it do not change it", () => {
    const a = finding("schema-type", { pointer: "/result/3/name" });
    const b = {
      ...finding("schema-type", { pointer: "/result/*/name", scenario: "regex-entries", step: "list" }),
      observed: "x",
      curl: "curl other",
    };
    expect(id(a)).toMatch(/^[0-9a-f]{16}$/);
    expect(id(a)).toBe(id(b));
  });

  // [what changes, the other finding]
  const others: [string, ContractFinding][] = [
    ["rule", finding("schema-nullable")],
    ["target", finding("schema-type", { target: "live" })],
    ["pointer", finding("schema-type", { pointer: "/result/*/email" })],
    ["operation", { ...finding("schema-type"), operation: "getEntry" }],
  ];
  for (const [what, other] of others) {
    it(`differs with the ${what}`, () => expect(id(other)).not.toBe(id(finding("schema-type"))));
  }

  it("names the step for a rule that judges one step", () => {
    const status = (step: string) => finding("observed-status-changed", { pointer: "/status", step });
    expect(id(status("get"))).not.toBe(id(status("get after delete")));
  });

  it("differs with the series: the same target name on another server is another finding", () => {
    const f = finding("schema-type");
    expect(findingFingerprint(f, "live:aaaaaaaaaaaa", STEP_RULES)).not.toBe(
      findingFingerprint(f, "live:bbbbbbbbbbbb", STEP_RULES),
    );
  });
});

describe("annotateFindings", () => {
  it("without history: every finding is new, first seen now, in one run; nothing resolved", () => {
    const { findings, resolved, notChecked } = annotateFindings([finding("schema-type")], place(), undefined);
    expect(findings[0]).toMatchObject({
      new: true,
      firstSeen: { runId: "20261127T031700Z-cafe01", at: "2026-11-27T03:17:00.000Z" },
      seenInRuns: 1,
    });
    expect([resolved, notChecked]).toEqual([[], []]);
  });

  it("persisting, new and resolved findings against the previous run", () => {
    const persisting = finding("schema-type");
    const gone = finding("undocumented-field", { pointer: "/result/*/risk" });
    const pair = finding("compare-status", { target: "mock↔sandbox", pointer: "/status" });
    const first = recordedRun([persisting]);
    const view = viewAfter([first, recordedRun([persisting, gone, pair])]);
    const fresh = finding("schema-enum");
    const { findings, resolved, notChecked } = annotateFindings([persisting, fresh], place(), view);
    expect(findings.map((f) => [f.rule, f.new, f.seenInRuns, f.firstSeen.runId])).toEqual([
      ["schema-type", false, 3, first.runId],
      ["schema-enum", true, 1, "20261127T031700Z-cafe01"],
    ]);
    expect(resolved.map((r) => [r.rule, r.target])).toEqual([
      ["undocumented-field", "sandbox"],
      ["compare-status", "mock↔sandbox"],
    ]);
    expect(notChecked).toEqual([]);
    expect(resolved[0]).toEqual({
      fingerprint: id(gone),
      rule: gone.rule,
      target: gone.target,
      operation: gone.operation,
      pointer: gone.pointer,
      scenario: gone.scenario,
      step: gone.step,
    });
  });

  it("a narrowed run resolves only what it looked at; the rest stays open, unchecked, and is not new later", () => {
    const inLifecycle = finding("schema-type");
    const inList = finding("schema-enum", { scenario: "list-parameters", step: "per_page 1" });
    const view = viewAfter([recordedRun([inLifecycle, inList])]);
    const narrowed = annotateFindings([], place(["sandbox · list-parameters › per_page 1"]), view);
    expect(narrowed.resolved.map((r) => r.rule)).toEqual(["schema-enum"]);
    expect(narrowed.notChecked.map((r) => r.rule)).toEqual(["schema-type"]);
    expect(narrowed.carried.map((f) => [f.rule, f.checked])).toEqual([["schema-type", false]]);
    // The narrowed run keeps the unchecked finding: the next full run sees it as persisting.
    const after = viewAfter([
      recordedRun([inLifecycle, inList]),
      { ...recordedRun([], { scenarios: ["list-parameters"] }), carried: narrowed.carried },
    ]);
    const full = annotateFindings([inLifecycle], place(), after);
    expect(full.findings[0]?.new).toBe(false);
    expect(full.findings[0]?.seenInRuns).toBe(2);
  });

  it("a pair is resolved only when both sides ran the step, a whole-run finding when its operation was sent", () => {
    const pair = finding("compare-key", { target: "mock↔sandbox" });
    const slow = finding("latency-regression", { ...WHOLE_RUN, pointer: "/duration" });
    const view = viewAfter([recordedRun([pair, slow])]);
    const oneSide = annotateFindings([], place(["sandbox · lifecycle › get"]), view);
    expect(oneSide.resolved.map((r) => r.rule)).toEqual(["latency-regression"]);
    expect(oneSide.notChecked.map((r) => r.rule)).toEqual(["compare-key"]);
    const nothingSent = annotateFindings([], place([]), view);
    expect(nothingSent.resolved).toEqual([]);
    expect(nothingSent.notChecked.map((r) => r.rule).sort()).toEqual(["compare-key", "latency-regression"]);
  });
});
