/** The renderers on a sample report: each view's order, rows and wording. */

import type { RunReport } from "@impersonation-registry/engine";
import { sampleReport } from "@impersonation-registry/engine/testing";
import { XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { renderDigest, renderHtml, renderJunit, renderMarkdown, renderSummaryTable } from "../src/index.ts";

describe("a failed step (an unmet expectation)", () => {
  const base = sampleReport();
  const report = sampleReport({
    steps: base.steps.map((s, i) =>
      i === 0 ? { ...s, status: "failed" as const, reason: "deleted entry still readable" } : s,
    ),
  });

  it("is a JUnit failure of its step and is listed in summary.md and report.html", () => {
    const xml = renderJunit(report);
    expect(XMLValidator.validate(xml)).toBe(true);
    expect(xml).toMatch(
      /<testcase classname="contract.mock.lifecycle" name="list" [^>]*>\s*<failure message="deleted entry still readable" type="step-failed">/,
    );
    const line = "failed mock · lifecycle › list: deleted entry still readable";
    expect(renderMarkdown(report)).toContain(`- ${line}`);
    expect(renderHtml(report)).toContain(`<li>${line}</li>`);
  });
});

describe("summary.md", () => {
  const base = sampleReport();
  const info = base.findings.filter((f) => f.severity === "info");
  const breaking = base.findings.filter((f) => f.severity === "breaking");

  it("leads with new and resolved, then the failing findings, then the allowed ones collapsed, then the matrix", () => {
    const markdown = renderMarkdown(base);
    const order = [
      "### New since the last run (2)",
      "### Resolved since the last run (1)",
      "### Failing findings (1)",
      "<details><summary>2 allowed differences (1 additive, 1 info; 1 accepted by the baseline): undocumented-field ×1, compare-status ×1</summary>",
      "</details>",
      "### Target × scenario",
      "Trend (the last 4 runs of these targets, oldest first): ✅ ❌ ✅ ❌",
      "### Failed and errored steps",
      "### Notes",
      "Durations: ",
    ].map((heading) => markdown.indexOf(heading));
    expect(order.every((at) => at >= 0)).toBe(true);
    expect(order).toEqual([...order].sort((a, b) => a - b));
    expect(markdown).toContain(
      "| `schema-type` | sandbox | listEntries | `/result/*/name` | lifecycle › get after patch |",
    );
  });

  it("one row per rule × target × operation × pointer, with the number of steps and their names", () => {
    const [first] = breaking;
    if (!first) throw new Error("no breaking finding in the sample");
    const again = {
      ...first,
      scenario: "invalid input",
      step: "list again",
      occurrences: [{ scenario: "invalid input", step: "list again" }],
    };
    const markdown = renderMarkdown(sampleReport({ findings: [first, again] }));
    const rows = markdown.split("\n").filter((line) => line.startsWith("| ❌ | breaking | `schema-type`"));
    // Once in "new since the last run", once in "failing findings".
    expect(rows).toHaveLength(2);
    expect(rows[0]).toContain("| 2 steps: lifecycle › list; invalid input › list again |");
    expect(markdown).toContain("### Failing findings (2 in 1 rows)");
    // Past ten names a row says how many more: report.html lists them all.
    const occurrences = Array.from({ length: 12 }, (_, i) => ({ scenario: "lifecycle", step: `s${i}` }));
    expect(renderMarkdown(sampleReport({ findings: [{ ...first, occurrences }] }))).toContain(
      "| 12 steps: lifecycle › s0, s1, s2, s3, s4, s5, s6, s7, s8, s9 … +2 |",
    );
  });

  it("a run with nothing to compare with says why, and stops each table at 200 rows", () => {
    const many = Array.from({ length: 250 }, (_, i) =>
      info.map((f) => ({ ...f, pointer: `/result/f${i}` })),
    ).flat();
    const markdown = renderMarkdown(sampleReport({ findings: [...many, ...breaking], trend: [] }));
    expect(markdown).toContain(
      "**Since the last run:** nothing to compare with (no history (--no-history, or it could not be read)).",
    );
    const failing = markdown.indexOf("### Failing findings (1)");
    const allowed = markdown.indexOf(
      "<details><summary>250 allowed differences (info): compare-status ×250</summary>",
    );
    expect(failing).toBeGreaterThan(0);
    expect(allowed).toBeGreaterThan(failing);
    const rows = markdown
      .slice(allowed)
      .split("\n")
      .filter((line) => line.startsWith("| ℹ️ |"));
    expect(rows).toHaveLength(200);
    expect(markdown.slice(allowed)).toContain("… and 50 more rows in report.json.");
  });
});

describe("renderDigest", () => {
  const lines = (report: RunReport) => renderDigest(report).split("\n");
  it("compared with the last run: new and resolved first, failing ones not repeated, allowed in one line", () => {
    expect(lines(sampleReport())).toEqual([
      "new since the last run: 2",
      "  breaking schema-type · sandbox · listEntries /result/*/name · lifecycle › list",
      "  info compare-status · mock↔sandbox · createEntry /status · invalid input › missing required name",
      "resolved since the last run: 1",
      "  schema-type · sandbox · listEntries /result/*/name · lifecycle › get after patch",
      "failing findings (1): all new, listed above",
      "2 allowed differences (1 additive, 1 info; 1 accepted by the baseline): undocumented-field ×1, compare-status ×1 — see summary.md",
    ]);
  });

  it("the first run in a history: nothing to compare with, every failing finding listed", () => {
    const first = sampleReport();
    expect(lines({ ...first, trend: first.trend.slice(-1) })).toEqual([
      "since the last run: nothing to compare with (the first run of these targets in the history)",
      "failing findings (1):",
      "  breaking schema-type · sandbox · listEntries /result/*/name · lifecycle › list",
      "2 allowed differences (1 additive, 1 info; 1 accepted by the baseline): undocumented-field ×1, compare-status ×1 — see summary.md",
    ]);
  });

  it("nothing changed and nothing fails: two lines", () => {
    const quiet = sampleReport();
    const findings = quiet.findings.filter((f) => f.severity === "info").map((f) => ({ ...f, new: false }));
    expect(lines({ ...quiet, findings, resolved: [] })).toEqual([
      "since the last run: nothing new, nothing resolved",
      "1 allowed difference (info): compare-status ×1 — see summary.md",
    ]);
  });
});

describe("renderSummaryTable", () => {
  it("prints the target × scenario matrix and the counts", () => {
    expect(renderSummaryTable(sampleReport()).split("\n")).toEqual([
      "scenario       mock           sandbox    mock↔sandbox",
      "lifecycle      passed, 1 n/a  drift (1)  passed",
      "invalid input  passed         errored    passed",
      "",
      "findings: 1 breaking, 1 additive (1 accepted), 1 info (fail on breaking)",
      "errored: sandbox · invalid input · missing required name: errored: because",
      "note: live: writes disabled (no --allow-writes): only GET steps ran",
    ]);
  });
});
