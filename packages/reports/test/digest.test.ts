/** What the views lead with: rows of findings, new and resolved since the last run, the allowed ones in one phrase. */

import type { ContractFinding, RunReport } from "@impersonation-registry/engine";
import { finding, withoutHistory } from "@impersonation-registry/engine/testing";
import { describe, expect, it } from "vitest";
import { allowedSummary, countOf, digestOf, findingRows, stepsLabel } from "../src/digest.ts";

const thisRun = { runId: "r1", at: "2026-11-27T09:40:00.000Z" };
const annotate = (findings: ContractFinding[]) => findings.map((f) => withoutHistory(f, thisRun));
const at = (...steps: string[]) =>
  steps.map((step) => ({ scenario: step.split(" › ")[0] ?? "", step: step.split(" › ")[1] ?? "" }));

describe("findingRows", () => {
  it("one row per rule × severity × target × operation × pointer: the steps of all, new when any is", () => {
    // The observed-contract rules report each step on its own: the same place twice.
    const [a, b, other] = annotate([
      finding("observed-type-changed", { scenario: "lifecycle", step: "appears in list" }),
      finding("observed-type-changed", { scenario: "list-parameters", step: "defaults" }),
      finding("observed-type-changed", { pointer: "/result/*/email" }),
    ]);
    const older = {
      ...(a as NonNullable<typeof a>),
      new: false,
      seenInRuns: 3,
      firstSeen: { runId: "r0", at: "2026-11-20T00:00:00.000Z" },
    };
    const rows = findingRows([older, b as NonNullable<typeof b>, other as NonNullable<typeof other>]);
    expect(
      rows.map((row) => [
        row.pointer,
        row.occurrences,
        row.new,
        row.seenInRuns,
        row.firstSeen.runId,
        row.merged,
      ]),
    ).toEqual([
      ["/result/*/name", at("lifecycle › appears in list", "list-parameters › defaults"), true, 3, "r0", 2],
      ["/result/*/email", at("lifecycle › get"), true, 1, "r1", 1],
    ]);
    expect(countOf(rows)).toBe("3 in 2 rows");
    expect(countOf(rows.slice(1))).toBe("1");
  });
});

describe("stepsLabel", () => {
  const cases: [string, string[], number | undefined, string][] = [
    ["one step", ["lifecycle › create"], undefined, "lifecycle › create"],
    [
      "grouped by scenario",
      ["lifecycle › create", "lifecycle › get", "auth › no credentials"],
      undefined,
      "3 steps: lifecycle › create, get; auth › no credentials",
    ],
    [
      "cut after the limit",
      ["lifecycle › create", "lifecycle › get", "lifecycle › patch", "auth › no credentials"],
      2,
      "4 steps: lifecycle › create, get … +2",
    ],
  ];
  for (const [name, steps, limit, want] of cases) {
    it(name, () => expect(stepsLabel({ occurrences: at(...steps) }, limit)).toBe(want));
  }
});

describe("allowedSummary", () => {
  const rows = (...findings: ContractFinding[]) => findingRows(annotate(findings));
  const info = (rule: string, pointer: string) => finding(rule, { severity: "info", pointer });
  const cases: [string, ReturnType<typeof rows>, number | undefined, string][] = [
    [
      "one severity: named once, rules in order of first appearance",
      rows(info("deprecated-past-eol", "/a"), info("compare-key", "/a"), info("deprecated-past-eol", "/b")),
      undefined,
      "3 allowed differences (info): deprecated-past-eol ×2, compare-key ×1",
    ],
    [
      "several severities, accepted ones, and a cut",
      rows(
        {
          ...finding("undocumented-field"),
          severity: "additive",
          accepted: { reason: "r", expires: "2999-01-01" },
        },
        info("compare-key", "/a"),
        info("compare-status", "/status"),
      ),
      2,
      "3 allowed differences (1 additive, 2 info; 1 accepted by the baseline): undocumented-field ×1, compare-key ×1, …",
    ],
    ["one", rows(info("compare-key", "/a")), undefined, "1 allowed difference (info): compare-key ×1"],
  ];
  for (const [name, allowed, maxRules, want] of cases) {
    it(name, () => expect(allowedSummary(allowed, maxRules)).toBe(want));
  }
});

describe("digestOf", () => {
  const findings = annotate([
    finding("compare-key", { severity: "info", target: "mock↔sandbox" }),
    finding("schema-type"),
    { ...finding("undocumented-field"), severity: "additive" },
  ]).map((f) => (f.rule === "compare-key" ? { ...f, new: false } : f));
  const resolved = [
    {
      fingerprint: "0123456789abcdef",
      rule: "schema-enum",
      target: "sandbox",
      operation: "listEntries",
      pointer: "/x",
      scenario: "lifecycle",
      step: "get",
    },
    {
      fingerprint: "fedcba9876543210",
      rule: "schema-enum",
      target: "sandbox",
      operation: "listEntries",
      pointer: "/x",
      scenario: "auth",
      step: "no credentials",
    },
  ];
  const point = {
    runId: "r",
    startedAt: thisRun.at,
    exitCode: 1,
    counts: { breaking: 1, additive: 1, info: 1 },
    new: 2,
    resolved: 2,
  };
  const report = (trend: RunReport["trend"], failOn: RunReport["failOn"] = "breaking") =>
    digestOf({ findings, resolved, trend, failOn });

  it("splits failing from allowed, worst first, by --fail-on", () => {
    expect(report([]).failing.map((row) => row.rule)).toEqual(["schema-type"]);
    expect(report([]).allowed.map((row) => row.rule)).toEqual(["undocumented-field", "compare-key"]);
    expect(report([], "additive").failing.map((row) => row.rule)).toEqual([
      "schema-type",
      "undocumented-field",
    ]);
  });

  it("compares with the last run only when the trend has one", () => {
    expect(report([]).since).toEqual({
      compared: false,
      why: "no history (--no-history, or it could not be read)",
    });
    expect(report([point]).since).toEqual({
      compared: false,
      why: "the first run of these targets in the history",
    });
    const since = report([point, point]).since;
    if (!since.compared) throw new Error("not compared");
    expect(since.added.map((row) => row.rule)).toEqual(["schema-type", "undocumented-field"]);
    expect(since.resolved).toEqual([
      { ...resolved[0], occurrences: at("lifecycle › get", "auth › no credentials") },
    ]);
  });
});
