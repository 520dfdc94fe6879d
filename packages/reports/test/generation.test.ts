/**
 * Generation in every view, on what a real run wrote (fixtures/generated-run.json: the seed, the
 * generation and its findings of `npm run contract -- --target sandbox --sandbox-url … --seed 1
 * --examples 150` against a sandbox with the `search-wildcards` fault): the coverage matrix, the
 * statuses never seen (the history's answer, or this run's), each failure class with its shrunk
 * sequence and curl lines — in summary.md, the console, report.html (a grid) and junit.xml (the
 * suite's properties; the failure class is its finding's testcase), escaped.
 */
import { readFileSync } from "node:fs";
import type { ContractFinding, GenerationReport, RunReport } from "@impersonation-registry/engine";
import { sampleReport } from "@impersonation-registry/engine/testing";
import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import {
  coverageMatrix,
  generationLines,
  neverSeenStatuses,
  renderHtml,
  renderJunit,
  renderMarkdown,
} from "../src/index.ts";

const RUN = JSON.parse(readFileSync(new URL("./fixtures/generated-run.json", import.meta.url), "utf8")) as {
  seed: number;
  generation: GenerationReport[];
  findings: ContractFinding[];
};
const CAPTURED = RUN.generation[0] as GenerationReport;
const FAILURE = CAPTURED.failures[0] as GenerationReport["failures"][number];
if (!FAILURE) throw new Error("the fixture holds a generation with a failure class");

type Cell = GenerationReport["coverage"]["cells"][number];

/** Markup back to text: the five entities the views write. */
function decode(html: string): string {
  return html
    .replaceAll("&lt;", "<")
    .replaceAll("&gt;", ">")
    .replaceAll("&quot;", '"')
    .replaceAll("&#39;", "'")
    .replaceAll("&amp;", "&");
}

/** The sample report with generation on the sandbox (`one`, by default the captured one). */
function withGeneration(one: GenerationReport = CAPTURED): RunReport {
  return sampleReport({ seed: one.seed, generation: [one] });
}

/** Generation on `target` with these cells (`operation dimension key polarity` → requests). */
function generation(cells: Record<string, number>, extra: Partial<GenerationReport> = {}): GenerationReport {
  const parsed = Object.entries(cells).map(([name, requests]): Cell => {
    const [operation = "", dimension = "", key = "", polarity = ""] = name.split(" ");
    return { operation, dimension, key, polarity, requests };
  });
  const exercised = parsed.filter((cell) => cell.requests > 0).length;
  return {
    ...CAPTURED,
    failures: [],
    coverage: {
      exercised,
      total: parsed.length,
      percent: Math.round((exercised / parsed.length) * 1000) / 10,
      cells: parsed,
    },
    ...extra,
  };
}

/** A failure whose every value tries to become markup. */
const HOSTILE = {
  seed: 7,
  class: { rule: "lists <b>no</b> entry", operation: "listEntries", pointer: "/result" },
  message: `entry "x" & <script>alert(1)</script> does not match`,
  sequence: ['create {"name":"<script>alert(2)</script>"}', 'list {"search":"`a``b`"}'],
  curl: [
    "curl -sS -X POST 'http://127.0.0.1:1/x' --data-raw '{\"name\":\"<script>alert(3)</script>\"}'",
    "curl -sS -X GET 'http://127.0.0.1:1/x?search=%3Cscript%3E&a=b'",
  ],
};

describe("the statuses the spec documents that generation never got", () => {
  const cells = {
    "getEntry status 200 positive": 4,
    "getEntry status 403 positive": 0,
    "getEntry status 4XX positive": 0,
    "getEntry parameter path.account_id negative": 0,
  };
  // [what, the generation, never seen]
  const cases: [string, GenerationReport, string[]][] = [
    [
      "no history: this run's status cells without a request",
      generation(cells),
      ["getEntry 403", "getEntry 4XX"],
    ],
    [
      "the history's answer when the run had one",
      generation(cells, { neverSeen: ["getEntry 4XX"] }),
      ["getEntry 4XX"],
    ],
    ["the history saw every one", generation(cells, { neverSeen: [] }), []],
    [
      "the captured run: 25 of its 30 documented statuses",
      CAPTURED,
      [
        ...["400", "403", "429", "4XX", "5XX"].map((status) => `listEntries ${status}`),
        ...["403", "429", "4XX", "5XX"].map((status) => `getEntry ${status}`),
        ...["400", "403", "429", "4XX", "5XX"].map((status) => `createEntry ${status}`),
        ...["200", "403", "429", "4XX", "5XX"].map((status) => `updateEntry ${status}`),
        ...["200", "400", "403", "429", "4XX", "5XX"].map((status) => `deleteEntry ${status}`),
      ],
    ],
  ];
  for (const [what, one, never] of cases) {
    it(what, () => {
      expect(neverSeenStatuses(one)).toEqual(never);
    });
  }
});

describe("the coverage matrix", () => {
  it("operations as rows in the cells' order, dimension × polarity as columns; every cell once, where it belongs", () => {
    const { columns, rows } = coverageMatrix(CAPTURED);
    expect(columns.map((column) => column.title)).toEqual([
      "statuses",
      "parameters positive",
      "parameters negative",
      "enum values",
    ]);
    expect(rows.map((row) => row.operation)).toEqual([
      "listEntries",
      "getEntry",
      "createEntry",
      "updateEntry",
      "deleteEntry",
    ]);
    for (const row of rows)
      for (const [i, group] of row.cells.entries())
        for (const cell of group)
          expect([cell.operation, cell.dimension, cell.polarity]).toEqual([
            row.operation,
            columns[i]?.dimension,
            columns[i]?.polarity,
          ]);
    const placed = rows.flatMap((row) => row.cells.flat());
    expect(placed).toHaveLength(CAPTURED.coverage.cells.length);
    expect(new Set(placed)).toEqual(new Set(CAPTURED.coverage.cells));
  });

  it("a dimension it does not know is a column of its own, named as it comes", () => {
    const { columns } = coverageMatrix(
      generation({ "getEntry status 200 positive": 1, "getEntry header if-match negative": 0 }),
    );
    expect(columns.map((column) => column.title)).toEqual(["statuses", "header"]);
  });
});

describe("summary.md", () => {
  it("a coverage table per target: exercised/total per operation and column", () => {
    const markdown = renderMarkdown(withGeneration());
    const table = [
      "| operation | statuses | parameters positive | parameters negative | enum values |",
      "| --- | --- | --- | --- | --- |",
      "| listEntries | 1/6 | 7/7 | 0/6 | 5/9 |",
      "| getEntry | 2/6 | 2/2 | 1/2 | — |",
      "| createEntry | 1/6 | 9/9 | 0/9 | 1/4 |",
      "| updateEntry | 1/6 | 0/10 | 1/11 | 0/4 |",
      "| deleteEntry | 0/6 | 0/2 | 0/2 | — |",
    ].join("\n");
    expect(markdown).toContain(`Coverage on sandbox (cells exercised/total):\n\n${table}\n`);
    // The table's cells add up to the coverage the run reported.
    const counts = table
      .split("\n")
      .slice(2)
      .flatMap((row) =>
        [...row.matchAll(/(\d+)\/(\d+)/g)].map((match) => [Number(match[1]), Number(match[2])]),
      );
    expect(counts.reduce((sum, [exercised = 0]) => sum + exercised, 0)).toBe(CAPTURED.coverage.exercised);
    expect(counts.reduce((sum, [, total = 0]) => sum + total, 0)).toBe(CAPTURED.coverage.total);
  });

  // [what, the generation, the never-seen line]
  const cases: [string, GenerationReport, string][] = [
    [
      "without history: what this run did not get, said so",
      generation({ "getEntry status 200 positive": 1, "getEntry status 429 positive": 0 }),
      "sandbox: documented statuses never seen: `getEntry 429` (in this run (no history))",
    ],
    [
      "with history: what no kept run got",
      generation({ "getEntry status 200 positive": 1, "getEntry status 429 positive": 0 }, { neverSeen: [] }),
      "",
    ],
    [
      "with history, still never seen",
      generation({ "getEntry status 429 positive": 0 }, { neverSeen: ["getEntry 429"] }),
      "sandbox: documented statuses never seen: `getEntry 429` (in this run or any run the history keeps)",
    ],
  ];
  for (const [what, one, line] of cases) {
    it(`the statuses never seen, ${what}`, () => {
      const never = renderMarkdown(withGeneration(one))
        .split("\n")
        .filter((row) => row.includes("documented statuses never seen"));
      expect(never).toEqual(line === "" ? [] : [line]);
    });
  }

  it("each failure class: its message escaped, its sequence in order as code that holds any backticks, its curl lines", () => {
    const markdown = renderMarkdown(
      withGeneration(generation({ "getEntry status 200 positive": 1 }, { failures: [HOSTILE] })),
    );
    expect(markdown).toContain(
      '**sandbox · lists \\<b\\>no\\</b\\> entry · listEntries /result** (seed 7): entry "x" & \\<script\\>alert(1)\\</script\\> does not match',
    );
    expect(markdown).toContain(
      ['1. `create {"name":"<script>alert(2)</script>"}`', '2. ``` list {"search":"`a``b`"} ```'].join("\n"),
    );
    expect(markdown).toContain(["```sh", ...HOSTILE.curl, "```"].join("\n"));
  });
});

describe("the console", () => {
  it("names the never-seen statuses the history gives, the first eight", () => {
    const names = Array.from({ length: 10 }, (_, i) => `getEntry ${400 + i}`);
    const lines = generationLines(
      withGeneration(generation({ "getEntry status 200 positive": 1 }, { neverSeen: names })),
    );
    expect(lines).toContain(
      `    documented statuses never seen: ${names.slice(0, 8).join(", ")} (+2 more in summary.md)`,
    );
  });
});

describe("report.html", () => {
  const html = renderHtml(withGeneration());
  const section = html.slice(html.indexOf('<section id="generation">'));

  it("the seed and its replay command, and per target requests of budget, sequences, failure classes", () => {
    expect(section).toContain(
      "<p>Seed <code>1</code> — replay with <code>npm run contract -- --seed 1</code>.</p>",
    );
    expect(section).toContain(
      '<tr><th>sandbox</th><td>150 of 150</td><td>56</td><td class="failed">1</td><td>29% (31 of 107)</td><td>none</td></tr>',
    );
  });

  it("a grid: a row per operation, every cell with its request count, exercised or not by class and by text", () => {
    const rows = [...section.matchAll(/<tr data-operation="([^"]+)">(.*?)<\/tr>/g)];
    expect(rows.map((row) => row[1])).toEqual(coverageMatrix(CAPTURED).rows.map((row) => row.operation));
    const items = rows.flatMap(([, operation, row]) =>
      [
        ...(row ?? "").matchAll(
          /<li class="(exercised|unexercised)" data-dimension="([^"]+)" data-key="([^"]+)" data-polarity="([^"]+)" data-requests="(\d+)" title="[^"]*"><code>([^<]+)<\/code> (✓|✗) (\d+)<\/li>/g,
        ),
      ].map(([, state, dimension, key = "", polarity, requests, shownKey, mark, shown]) => ({
        state,
        cell: { operation, dimension, key: decode(key), polarity, requests: Number(requests) },
        shown: { key: decode(shownKey ?? ""), mark, requests: Number(shown) },
      })),
    );
    // Every cell of the report once, in its operation's row.
    expect(items.map((item) => item.cell)).toHaveLength(CAPTURED.coverage.total);
    expect(items.map((item) => item.cell)).toEqual(expect.arrayContaining(CAPTURED.coverage.cells));
    for (const { state, cell, shown } of items) {
      const exercised = cell.requests > 0;
      expect(state).toBe(exercised ? "exercised" : "unexercised");
      expect(shown).toEqual({ key: cell.key, mark: exercised ? "✓" : "✗", requests: cell.requests });
    }
    expect(items.filter((item) => item.state === "exercised")).toHaveLength(CAPTURED.coverage.exercised);
    // An operation without enum values says so in its cell.
    expect(rows.find((row) => row[1] === "getEntry")?.[2]).toContain('<td class="none">—</td>');
  });

  it("the statuses never seen, by name, with how far back it looked", () => {
    expect(section).toContain(
      `<p class="never-seen">Documented statuses never seen in this run (no history) (25): <code>listEntries 400</code>, `,
    );
    const seen = renderHtml(withGeneration({ ...CAPTURED, neverSeen: [] }));
    expect(seen).toContain(
      '<p class="never-seen">Every documented status was seen in this run or any run the history keeps.</p>',
    );
  });

  it("each failure: class, message, seed, the shrunk sequence in order, every curl line", () => {
    const failure = section.slice(section.indexOf('<div class="generated-failure"'));
    expect(failure).toContain(
      `<h4><code>${FAILURE.class.rule}</code> · <code>listEntries</code> <code>/result</code> · seed 1</h4>`,
    );
    expect(decode(/<\/h4>\n<p>(.*?)<\/p>/.exec(failure)?.[1] ?? "")).toBe(FAILURE.message);
    const sequence = /<ol class="sequence">(.*?)<\/ol>/.exec(failure)?.[1] ?? "";
    expect(
      [...sequence.matchAll(/<li><code>(.*?)<\/code><\/li>/g)].map((item) => decode(item[1] ?? "")),
    ).toEqual(FAILURE.sequence);
    const curl = /<pre class="curl">([\s\S]*?)<\/pre>/.exec(failure)?.[1] ?? "";
    expect(decode(curl)).toBe(FAILURE.curl.join("\n"));
  });

  it("escapes every value: a failure, a target and a cell that try to become markup stay text", () => {
    const hostile = renderHtml(
      withGeneration(
        generation(
          { "listEntries enum query.order=<script>alert(4)</script> positive": 0 },
          { target: "<script>alert(5)</script>", failures: [HOSTILE] },
        ),
      ),
    );
    for (const n of [1, 2, 3, 4, 5]) {
      expect(hostile).not.toContain(`<script>alert(${n})`);
      expect(hostile).toContain(`&lt;script&gt;alert(${n})`);
    }
    expect(hostile).not.toContain("<b>no</b>");
  });

  it("nothing generated: no section", () => {
    expect(renderHtml(sampleReport())).not.toContain('id="generation"');
  });
});

describe("junit.xml", () => {
  // Every element a list, attributes as they are: the shape does not depend on how many there are.
  const parser = new XMLParser({
    ignoreAttributes: false,
    attributeNamePrefix: "",
    parseTagValue: false,
    htmlEntities: true,
    isArray: (_name, _path, _leaf, attribute) => !attribute,
  });
  type Node = Record<string, Node[] | string | undefined> & { "#text"?: string };
  const sandboxSuite = (xml: string) =>
    ((parser.parse(xml) as { testsuites: Node[] }).testsuites[0]?.testsuite as Node[] | undefined)?.find(
      (suite) => suite.name === "sandbox",
    );
  const properties = (suite: Node | undefined) =>
    Object.fromEntries(
      ((suite?.properties as Node[] | undefined)?.[0]?.property as Node[] | undefined)?.map((p) => [
        p.name,
        p.value,
      ]) ?? [],
    );
  const failuresOf = (suite: Node | undefined) =>
    ((suite?.testcase as Node[] | undefined) ?? []).flatMap(
      (test) => (test.failure as Node[] | undefined) ?? [],
    );

  // [what, the report]
  const cases: [string, RunReport][] = [
    ["the captured run, its failure class a finding", sampleReport(RUN)],
    ["a run without failure", withGeneration(generation({ "getEntry status 200 positive": 1 }))],
    [
      "a status key that tries to become markup",
      withGeneration(generation({ "getEntry status <x&\"'> positive": 0 })),
    ],
  ];
  for (const [what, report] of cases) {
    it(`${what}: valid XML, the seed and coverage as the target suite's properties`, () => {
      const xml = renderJunit(report);
      expect(XMLValidator.validate(xml)).toBe(true);
      const [one] = report.generation ?? [];
      if (!one) throw new Error("the case generates");
      expect(properties(sandboxSuite(xml))).toEqual({
        "generation.seed": String(one.seed),
        "generation.requests": String(one.requests),
        "generation.budget": String(one.budget),
        "generation.coverage.percent": String(one.coverage.percent),
        "generation.coverage.exercised": String(one.coverage.exercised),
        "generation.coverage.total": String(one.coverage.total),
        "generation.statuses-never-seen": neverSeenStatuses(one).join(", "),
      });
    });
  }

  it("each failure class fails once — its finding's testcase — with the shrunk sequence and every curl line", () => {
    const failures = failuresOf(sandboxSuite(renderJunit(sampleReport(RUN))));
    const shown = failures.filter((failure) => (failure["#text"] ?? "").includes(FAILURE.message));
    expect(shown).toHaveLength(1);
    const text = shown[0]?.["#text"] ?? "";
    for (const command of FAILURE.sequence) expect(text).toContain(command);
    for (const line of FAILURE.curl) expect(text).toContain(line);
  });

  it("nothing generated: no properties", () => {
    expect(sandboxSuite(renderJunit(sampleReport()))?.properties).toBeUndefined();
  });
});
