/** The four report files of a run: schema-valid JSON, parseable JUnit, a self-contained escaped page, no secret anywhere. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import {
  REPORT_SCHEMA_PATH,
  renderHtml,
  renderJunit,
  renderMarkdown,
  renderSummaryTable,
  type WrittenReports,
  writeReports,
} from "../../src/engine.ts";
import type { Exchange, RunReport } from "../../src/model.ts";
import { engineBeforeEol, fixture, sampleReport } from "./helpers.ts";

const SECRET = "test-secret-7f3a9c1e5b";
const HOSTILE = "<script>alert('x')</script>";

/** A report whose findings come from an exchange carrying real-looking credentials and markup. */
function hostileReport(): RunReport {
  const exchange = fixture<Exchange>("schema-enum.trigger");
  exchange.step = `create ${HOSTILE}`;
  exchange.request.headers.authorization = `Bearer ${SECRET}`;
  exchange.request.headers["x-auth-key"] = SECRET;
  (exchange.response.body as { result: { provenance: string } }).result.provenance = `${HOSTILE} ${SECRET}`;
  return sampleReport({ findings: [...sampleReport().findings, ...engineBeforeEol.check(exchange)] });
}

describe("writeReports", () => {
  let written: WrittenReports;
  let root: string;
  let stepSummary: string;
  let files: Record<string, string>;

  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), "contract-reports-"));
    stepSummary = join(root, "step-summary.md");
    writeFileSync(stepSummary, "previous step\n");
    written = writeReports(hostileReport(), {
      reportsRoot: join(root, "reports", "contract"),
      env: { GITHUB_STEP_SUMMARY: stepSummary, CLOUDFLARE_API_TOKEN: SECRET },
    });
    files = Object.fromEntries(
      Object.entries(written.files).map(([kind, path]) => [kind, readFileSync(path, "utf8")]),
    );
  });

  it("writes the four files in the run directory and mirrors them in latest/", () => {
    expect(written.runDir).toBe(join(root, "reports", "contract", "20261127T094000Z-abc123"));
    const names = ["junit.xml", "report.html", "report.json", "summary.md"];
    expect(readdirSync(written.runDir).sort()).toEqual(names);
    for (const name of names) {
      expect(readFileSync(join(written.latestDir, name), "utf8")).toBe(
        readFileSync(join(written.runDir, name), "utf8"),
      );
    }
  });

  it("report.json validates against the shipped schema", () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
    const valid = validate(JSON.parse(files.json ?? ""));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  it("the schema rejects a report that breaks it", () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
    const broken = { ...JSON.parse(files.json ?? ""), schemaVersion: 3, findings: [{ rule: "schema-type" }] };
    expect(validate(broken)).toBe(false);
  });

  it("report.json carries each finding's history and the resolved list, and the schema requires them", () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
    const report = JSON.parse(files.json ?? "");
    expect(report.findings[0]).toMatchObject({
      fingerprint: expect.stringMatching(/^[0-9a-f]{16}$/),
      new: true,
      firstSeen: { runId: report.runId, at: report.startedAt },
      seenInRuns: 1,
    });
    expect(report.resolved).toHaveLength(1);
    for (const field of ["fingerprint", "new", "firstSeen", "seenInRuns"]) {
      const { [field]: _, ...without } = report.findings[0];
      expect(validate({ ...report, findings: [without] }), field).toBe(false);
    }
    const { resolved: _, ...withoutResolved } = report;
    expect(validate(withoutResolved)).toBe(false);
    expect(validate({ ...report, resolved: [{ rule: "schema-type" }] })).toBe(false);
  });

  it("junit.xml parses: a testcase per step, failures per failing finding, errors per errored step, n/a skipped", () => {
    const xml = files.junit ?? "";
    expect(XMLValidator.validate(xml)).toBe(true);
    const parsed = new XMLParser({
      ignoreAttributes: false,
      isArray: (name) => ["testsuite", "testcase", "failure", "error"].includes(name),
    }).parse(xml);
    const suites = parsed.testsuites.testsuite as {
      "@_name": string;
      testcase: {
        "@_classname": string;
        "@_name": string;
        failure?: unknown[];
        error?: unknown[];
        skipped?: { "@_message": string };
      }[];
    }[];
    const summary = suites.map((suite) => [
      suite["@_name"],
      suite.testcase.map(
        (test) =>
          `${test["@_classname"]} › ${test["@_name"]}: ${test.failure?.length ?? 0} failures, ${test.error?.length ?? 0} errors${test.skipped ? `, skipped (${test.skipped["@_message"]})` : ""}`,
      ),
    ]);
    expect(summary).toEqual([
      [
        "mock",
        [
          "contract.mock.lifecycle › list: 0 failures, 0 errors",
          "contract.mock.lifecycle › get after delete: 0 failures, 0 errors, skipped (not-applicable: because)",
          "contract.mock.invalid input › missing required name: 0 failures, 0 errors",
        ],
      ],
      [
        "sandbox",
        [
          "contract.sandbox.lifecycle › list: 1 failures, 0 errors",
          "contract.sandbox.lifecycle › get after delete: 0 failures, 0 errors",
          "contract.sandbox.invalid input › missing required name: 0 failures, 1 errors",
          // The parser leaves the apostrophe's character reference as it is.
          "contract.sandbox.lifecycle › create <script>alert(&#39;x&#39;)</script>: 1 failures, 0 errors",
        ],
      ],
      [
        "mock↔sandbox",
        [
          "contract.mock↔sandbox.lifecycle › list: 0 failures, 0 errors",
          "contract.mock↔sandbox.lifecycle › get after delete: 0 failures, 0 errors",
          "contract.mock↔sandbox.invalid input › missing required name: 0 failures, 0 errors",
        ],
      ],
    ]);
  });

  it("report.html is self-contained and escapes what servers sent", () => {
    const html = files.html ?? "";
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|\shref=|url\(|@import/i);
    expect(html).toContain("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    expect(html).toContain("Bearer $CLOUDFLARE_API_TOKEN");
    expect(html).toContain("<h3><code>listEntries</code>");
  });

  it("no secret from an exchange reaches any written file, nor the step summary", () => {
    for (const dir of [written.runDir, written.latestDir]) {
      for (const name of readdirSync(dir))
        expect(readFileSync(join(dir, name), "utf8"), name).not.toContain(SECRET);
    }
    expect(readFileSync(stepSummary, "utf8")).not.toContain(SECRET);
  });

  it("appends summary.md to $GITHUB_STEP_SUMMARY", () => {
    expect(readFileSync(stepSummary, "utf8")).toBe(`previous step\n${files.markdown}`);
    expect(files.markdown).toContain("## Contract run `20261127T094000Z-abc123`: failed");
    expect(files.markdown).toContain("| lifecycle | passed, 1 n/a | drift (2) | passed |");
  });

  it("curl lines alone keep request credentials out, with no secret variable to redact", () => {
    const exchange = fixture<Exchange>("schema-enum.trigger");
    exchange.request.headers.authorization = `Bearer ${SECRET}`;
    exchange.request.headers["x-auth-key"] = SECRET;
    const report = sampleReport({ findings: engineBeforeEol.check(exchange) });
    const other = writeReports(report, {
      reportsRoot: mkdtempSync(join(tmpdir(), "contract-reports-")),
      env: {},
    });
    for (const path of Object.values(other.files))
      expect(readFileSync(path, "utf8"), path).not.toContain(SECRET);
  });

  it("leaves $GITHUB_STEP_SUMMARY alone when it is not set", () => {
    const other = mkdtempSync(join(tmpdir(), "contract-reports-"));
    writeReports(sampleReport(), { reportsRoot: other, env: {} });
    expect(existsSync(join(other, "latest", "summary.md"))).toBe(true);
  });

  it("refuses a run id that would escape the reports directory", () => {
    expect(() => writeReports(sampleReport({ runId: "../x" }), { reportsRoot: root, env: {} })).toThrow(
      /run id/,
    );
  });
});

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
  it("lists failing findings first and stops the table at 200 rows", () => {
    const base = sampleReport();
    const info = base.findings.filter((f) => f.severity === "info");
    const breaking = base.findings.filter((f) => f.severity === "breaking");
    const many = Array.from({ length: 250 }, (_, i) => info.map((f) => ({ ...f, step: `step ${i}` }))).flat();
    const markdown = renderMarkdown(sampleReport({ findings: [...many, ...breaking] }));
    const rows = markdown.split("\n").filter((line) => /^\| (❌|ℹ️|✅)/.test(line));
    expect(rows).toHaveLength(200);
    expect(rows[0]).toMatch(/^\| ❌ \| breaking \| `schema-type`/);
    expect(markdown).toContain(`… and ${many.length + breaking.length - 200} more findings in report.json.`);
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
