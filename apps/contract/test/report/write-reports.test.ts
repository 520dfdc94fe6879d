/** The report files of a run: schema-valid JSON, parseable JUnit, a self-contained escaped page, SARIF, no secret anywhere. */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Exchange, REPORT_SCHEMA_PATH, type RunReport } from "@impersonation-registry/engine";
import { engineBeforeEol, fixture, sampleReport } from "@impersonation-registry/engine/testing";
import { renderHtml } from "@impersonation-registry/reports";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { beforeAll, describe, expect, it } from "vitest";
import { headlinesOf, locateFindings } from "../../src/headlines.ts";
import { readSpecLines } from "../../src/spec-lines.ts";
import { type WrittenReports, writeReports } from "../../src/write-reports.ts";

const SECRET = "test-secret-7f3a9c1e5b";
const HOSTILE = "<script>alert('x')</script>";
const lines = readSpecLines();

/** A report whose findings come from an exchange carrying real-looking credentials and markup, kept in its exchanges. */
function hostileReport(): RunReport {
  const exchange = fixture<Exchange>("schema-enum.trigger");
  exchange.id = "x5";
  exchange.step = `create ${HOSTILE}`;
  exchange.request.headers.authorization = `Bearer ${SECRET}`;
  exchange.request.headers["x-auth-key"] = SECRET;
  exchange.response.headers["x-echo"] = HOSTILE;
  (exchange.response.body as { result: { provenance: string } }).result.provenance = `${HOSTILE} ${SECRET}`;
  const base = sampleReport();
  const { request, response } = exchange;
  const kept = {
    ...exchange,
    id: "x5",
    attempt: 1,
    response: { status: response.status, headers: response.headers, body: response.body, durationMs: 3 },
    request,
  };
  const report = sampleReport({
    findings: [...base.findings, ...engineBeforeEol.check(exchange)],
    exchanges: [...base.exchanges, kept],
  });
  return { ...report, headlines: headlinesOf(locateFindings(report), lines) };
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
      lines,
      env: { GITHUB_STEP_SUMMARY: stepSummary, CLOUDFLARE_API_TOKEN: SECRET },
    });
    files = Object.fromEntries(
      Object.entries(written.files).map(([kind, path]) => [kind, readFileSync(path, "utf8")]),
    );
  });

  it("writes the five files in the run directory and mirrors them in latest/", () => {
    expect(written.runDir).toBe(join(root, "reports", "contract", "20261127T094000Z-abc123"));
    const names = ["junit.xml", "report.html", "report.json", "report.sarif", "summary.md"];
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

  it("report.json carries the headlines, each naming findings of the report, and the schema requires them", () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
    const report: RunReport = JSON.parse(files.json ?? "");
    expect(report.headlines.length).toBeGreaterThan(0);
    const fingerprints = new Set(report.findings.map((f) => f.fingerprint));
    for (const headline of report.headlines)
      for (const fingerprint of headline.findings) expect(fingerprints.has(fingerprint)).toBe(true);
    const { headlines: _, ...withoutHeadlines } = report;
    expect(validate(withoutHeadlines)).toBe(false);
    const [first] = report.headlines;
    const { location: __, ...withoutLocation } = first as NonNullable<typeof first>;
    expect(validate({ ...report, headlines: [withoutLocation] })).toBe(false);
    expect(validate({ ...report, headlines: [{ ...first, fingerprint: "not hex" }] })).toBe(false);
  });

  it("report.json carries the trend, this run last, and the schema requires it", () => {
    const ajv = new Ajv({ allErrors: true });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
    const report = JSON.parse(files.json ?? "");
    expect(report.trend).toHaveLength(4);
    expect(report.trend.at(-1)).toMatchObject({ runId: report.runId, startedAt: report.startedAt });
    const { trend: _, ...withoutTrend } = report;
    expect(validate(withoutTrend)).toBe(false);
    const { counts: __, ...withoutCounts } = report.trend[0];
    expect(validate({ ...report, trend: [withoutCounts] })).toBe(false);
    expect(validate({ ...report, trend: Array.from({ length: 31 }, () => report.trend[0]) })).toBe(false);
    expect(validate({ ...report, trend: [] })).toBe(true);
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

  it("report.html loads nothing: no external resource, one inline script that carries no data", () => {
    const html = files.html ?? "";
    expect(html).toMatch(/^<!doctype html>/);
    expect(html).not.toMatch(/<link|<img|<iframe|<object|<embed|<base|\ssrc=|url\(|@import|http-equiv/i);
    const links = [...html.matchAll(/\shref=("[^"]*"|'[^']*'|[^\s>]+)/gi)].map((m) => m[1]);
    expect(links.length).toBeGreaterThan(0);
    expect(links.filter((link) => !/^"#[\w-]+"$/.test(link ?? ""))).toEqual([]);
    expect(html.match(/<script/gi)).toHaveLength(1);
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)?.[1] ?? "";
    expect(script).toContain("addEventListener");
    for (const value of ["20261127T094000Z-abc123", "alert", "sandbox", "listEntries", "$CLOUDFLARE"])
      expect(script, value).not.toContain(value);
  });

  it("report.html escapes every text a server sent: step names, headers, bodies, URLs", () => {
    const html = files.html ?? "";
    // The only markup is ours: the hostile text appears only as text.
    expect(html).not.toMatch(/<script>alert|<\/script> /);
    const escaped = "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;";
    expect(html).toContain(`create ${escaped}`);
    expect(html).toContain(`x-echo: ${escaped}`);
    expect(html).toContain(`&quot;${escaped} $CLOUDFLARE_API_TOKEN&quot;`);
    expect(html).toContain("Bearer $CLOUDFLARE_API_TOKEN");
    // The headline says the value the server sent: as text too.
    expect(html).toContain(`Provenance: ${escaped} $CLOUDFLARE_API_TOKEN where the spec says`);
  });

  it("summary.md: a headline saying what a server sent is text, not markup", () => {
    expect(files.markdown).toContain(
      "**Provenance: \\<script\\>alert('x')\\</script\\> $CLOUDFLARE_API_TOKEN where the spec says",
    );
  });

  it("report.html: a row per finding with its exchange, the node at its pointer marked", () => {
    const html = files.html ?? "";
    const report: RunReport = JSON.parse(files.json ?? "");
    const enumFinding = report.findings.find((f) => f.rule === "schema-enum");
    expect(enumFinding).toMatchObject({ pointer: "/result/provenance", exchange: "x5" });
    const block = html.slice(html.indexOf('data-rule="schema-enum"'));
    const own = block.slice(0, block.indexOf("</details>"));
    expect(own).toContain('data-exchange="x5"');
    expect([...own.matchAll(/<mark data-pointer="([^"]*)">/g)].map((m) => m[1])).toEqual([
      "/result/provenance",
    ]);
    // A comparison shows both sides, the status marked on each.
    const compare = html.slice(html.indexOf('data-rule="compare-status"'));
    const sides = compare.slice(0, compare.indexOf("</details>"));
    expect([...sides.matchAll(/data-exchange="(x\d+)"/g)].map((m) => m[1])).toEqual(["x3", "x4"]);
    expect([...sides.matchAll(/<mark data-pointer="\/status">(\d+)<\/mark>/g)].map((m) => m[1])).toEqual([
      "422",
      "400",
    ]);
  });

  it("report.html says when a pointer is absent from a response, or its body was cut", () => {
    const base = sampleReport();
    const missing = base.findings.map((f) =>
      f.rule === "schema-type" ? { ...f, pointer: "/result/*/gone" } : f,
    );
    expect(renderHtml({ ...base, findings: missing })).toContain(
      '<p class="absent">Nothing at <code>/result/*/gone</code> in this response.</p>',
    );
    const cut = base.exchanges.map((exchange) =>
      exchange.id === "x1"
        ? {
            ...exchange,
            response: { ...exchange.response, body: undefined, text: '{"result": [', truncated: true },
          }
        : exchange,
    );
    const html = renderHtml({ ...base, exchanges: cut });
    expect(html).toContain("(body cut: its first 64 KB)");
    expect(html).toContain(
      '<p class="absent">The body was cut: what is at <code>/result/*/name</code> cannot be shown.</p>',
    );
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
      lines,
      env: {},
    });
    for (const path of Object.values(other.files))
      expect(readFileSync(path, "utf8"), path).not.toContain(SECRET);
  });

  it("leaves $GITHUB_STEP_SUMMARY alone when it is not set", () => {
    const other = mkdtempSync(join(tmpdir(), "contract-reports-"));
    writeReports(sampleReport(), { reportsRoot: other, lines, env: {} });
    expect(existsSync(join(other, "latest", "summary.md"))).toBe(true);
  });

  it("refuses a run id that would escape the reports directory", () => {
    expect(() =>
      writeReports(sampleReport({ runId: "../x" }), { reportsRoot: root, lines, env: {} }),
    ).toThrow(/run id/);
  });
});
