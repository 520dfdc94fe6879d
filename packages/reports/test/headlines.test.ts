/**
 * One drift, one headline, in every view: the report's headlines (data the app
 * computed from the spec) lead, each with its rows beneath; rows no headline
 * names follow on their own; a headline's text is escaped like any server value.
 */
import type { Headline, RunReport } from "@impersonation-registry/engine";
import { sampleReport } from "@impersonation-registry/engine/testing";
import { describe, expect, it } from "vitest";
import { findingRows, headlineLine, underHeadlines } from "../src/digest.ts";
import { renderDigest, renderHtml, renderMarkdown } from "../src/index.ts";

const base = sampleReport();
const fingerprintOf = (rule: string) => base.findings.find((f) => f.rule === rule)?.fingerprint as string;

function headline(over: Partial<Headline> & Pick<Headline, "text" | "findings">): Headline {
  return {
    fingerprint: "0123456789abcdef",
    severity: "breaking",
    family: "type",
    node: "/components/schemas/ImpersonationRegistryEntry/properties/name",
    location: { path: "openapi/impersonation-registry.yaml", line: 330, column: 9 },
    operations: ["listEntries"],
    targets: ["sandbox"],
    steps: 1,
    ...over,
  };
}

const NAME = headline({
  text: "name: number where the spec says string",
  findings: [fingerprintOf("schema-type")],
});
const STATUS = headline({
  fingerprint: "fedcba9876543210",
  severity: "info",
  family: "status",
  text: "createEntry 4XX: 422 on mock, 400 on sandbox",
  node: "/paths/~1x/post/responses/4XX",
  location: { path: "openapi/impersonation-registry.yaml", line: 132, column: 9 },
  operations: ["createEntry"],
  targets: ["mock↔sandbox"],
  findings: [fingerprintOf("compare-status")],
});
/** The sample with headlines for two of its three rows: the accepted undocumented field has none. */
const report: RunReport = { ...base, headlines: [NAME, STATUS] };

describe("headlineLine and underHeadlines", () => {
  it("a headline's line: what was seen, then operations, targets and steps counted", () => {
    expect(headlineLine({ ...NAME, operations: ["a", "b", "c", "d"], targets: ["x", "y"], steps: 46 })).toBe(
      "name: number where the spec says string — 4 operations, 2 targets, 46 steps",
    );
    expect(headlineLine({ ...NAME, targets: [] })).toBe(
      "name: number where the spec says string — 1 operation, 1 step",
    );
  });

  it("rows under their headline in the headlines' order, rows no headline names last, empty headlines left out", () => {
    const rows = findingRows(report.findings);
    const grouped = underHeadlines(rows, [
      STATUS,
      headline({ text: "unused", findings: ["ffffffffffffffff"] }),
      NAME,
    ]);
    expect(
      grouped.map(({ headline: h, rows: members }) => [h?.text, members.map((row) => row.rule)]),
    ).toEqual([
      [STATUS.text, ["compare-status"]],
      [NAME.text, ["schema-type"]],
      [undefined, ["undocumented-field"]],
    ]);
  });
});

describe("the console", () => {
  it("each headline with its place in the spec, its rows indented beneath", () => {
    const lines = renderDigest({ ...report, trend: report.trend.slice(-1) }).split("\n");
    expect(lines).toEqual([
      "since the last run: nothing to compare with (the first run of these targets in the history)",
      "failing findings (1):",
      "  name: number where the spec says string — 1 operation, 1 target, 1 step · openapi/impersonation-registry.yaml:330:9",
      "    breaking schema-type · sandbox · listEntries /result/*/name · lifecycle › list",
      "2 allowed differences (1 additive, 1 info; 1 accepted by the baseline): undocumented-field ×1, compare-status ×1 — see summary.md",
    ]);
  });

  it("new since the last run: grouped the same way", () => {
    const lines = renderDigest(report).split("\n");
    const at = lines.indexOf("new since the last run: 2");
    expect(lines.slice(at + 1, at + 5)).toEqual([
      "  name: number where the spec says string — 1 operation, 1 target, 1 step · openapi/impersonation-registry.yaml:330:9",
      "    breaking schema-type · sandbox · listEntries /result/*/name · lifecycle › list",
      "  createEntry 4XX: 422 on mock, 400 on sandbox — 1 operation, 1 target, 1 step · openapi/impersonation-registry.yaml:132:9",
      "    info compare-status · mock↔sandbox · createEntry /status · invalid input › missing required name",
    ]);
  });
});

describe("summary.md", () => {
  it("a headline in bold with its place, its table beneath; the unnamed row's table after the named ones", () => {
    const markdown = renderMarkdown(report);
    const failing = markdown.slice(markdown.indexOf("### Failing findings (1)"));
    expect(failing).toMatch(
      /^### Failing findings \(1\)\n\n\*\*name: number where the spec says string — 1 operation, 1 target, 1 step\*\* · `openapi\/impersonation-registry\.yaml:330:9`\n\n\| {2}\| severity \|/,
    );
    const allowed = markdown.slice(markdown.indexOf("<details>"), markdown.indexOf("</details>"));
    const status = allowed.indexOf("**createEntry 4XX: 422 on mock, 400 on sandbox");
    expect(status).toBeGreaterThan(0);
    expect(allowed.indexOf("`undocumented-field`")).toBeGreaterThan(status);
  });

  it("a headline's markup characters are text", () => {
    const hostile = { ...report, headlines: [{ ...NAME, text: "name: <b>*x*</b> | [y](z)" }] };
    expect(renderMarkdown(hostile)).toContain("**name: \\<b\\>\\*x\\*\\</b\\> \\| \\[y\\](z) — 1 operation");
  });

  it("at most 200 rows across the headlines, then how many more report.json holds", () => {
    const info = base.findings.filter((f) => f.rule === "compare-status");
    const many = Array.from({ length: 150 }, (_, i) =>
      info.map((f) => ({ ...f, pointer: `/result/f${i}` })),
    ).flat();
    const big = sampleReport({
      findings: [...many, ...many.map((f) => ({ ...f, operation: "getEntry" as const }))],
    });
    const [first, second] = [0, 1].map((half) =>
      headline({
        text: `half ${half}`,
        severity: "info",
        findings: big.findings.slice(half * 150, half * 150 + 150).map((f) => f.fingerprint),
      }),
    );
    const markdown = renderMarkdown({ ...big, headlines: [first as Headline, second as Headline] });
    const allowed = markdown.slice(markdown.indexOf("<details>"));
    expect(allowed.split("\n").filter((line) => line.startsWith("| ℹ️ |"))).toHaveLength(200);
    expect(allowed).toContain("**half 0 — ");
    expect(allowed).toContain("**half 1 — ");
    expect(allowed).toContain("… and 100 more rows in report.json.");
  });
});

describe("report.html", () => {
  const html = renderHtml(report);

  it("a section per headline inside its group, its findings within, the place in the spec beside", () => {
    const failing = html.slice(html.indexOf('data-group="failing"'), html.indexOf('data-group="allowed"'));
    expect(failing).toContain(`<section class="headline" data-headline="${NAME.fingerprint}">`);
    const section = failing.slice(
      failing.indexOf('<section class="headline"'),
      failing.indexOf("</section>"),
    );
    expect(section).toContain("name: number where the spec says string — 1 operation, 1 target, 1 step");
    expect(section).toContain("<code>openapi/impersonation-registry.yaml:330:9</code>");
    expect(section).toContain('data-rule="schema-type"');
    // The unnamed row is outside every section.
    const allowed = html.slice(html.indexOf('data-group="allowed"'));
    const undocumented = allowed.indexOf('data-rule="undocumented-field"');
    expect(allowed.lastIndexOf("</section>", undocumented)).toBeGreaterThan(
      allowed.lastIndexOf("<section", undocumented),
    );
  });

  it("the new rows under their headlines too, one list item per row", () => {
    const added = html.slice(html.indexOf('<div id="new-findings">'), html.indexOf("<h3>Resolved"));
    expect(added.match(/<li>/g)).toHaveLength(2);
    expect(added.indexOf(NAME.text)).toBeLessThan(added.indexOf("schema-type"));
    expect(added.indexOf(STATUS.text)).toBeLessThan(added.indexOf("compare-status"));
  });

  it("escapes a headline's text", () => {
    const hostile = renderHtml({ ...report, headlines: [{ ...NAME, text: "name: <script>x</script>" }] });
    expect(hostile).not.toContain("<script>x</script>");
    expect(hostile).toContain("name: &lt;script&gt;x&lt;/script&gt;");
  });
});
