/**
 * Workflow commands from SARIF logs: GitHub's escaping of data and properties,
 * one command per result at its location and level, errors first, and at most
 * 50 commands followed by one line with the count left out.
 */
import { describe, expect, it } from "vitest";
import { escapeData, escapeProperty, workflowCommands } from "../src/annotations.ts";
import type { SarifLog, SarifResult } from "../src/log.ts";
import { buildSarif, type SarifFinding, type SarifOptions } from "../src/sarif.ts";
import { WORKFLOW_COMMAND } from "./commands.ts";
import { contractRun, RULES } from "./findings.ts";
import { SPEC_PATH, SPEC_TEXT } from "./spec-text.ts";

const OPTIONS: SarifOptions = {
  tool: { name: "contract", version: "0.1.0" },
  rules: RULES,
  spec: { path: SPEC_PATH, text: SPEC_TEXT },
};

describe("escaping (actions/toolkit's escapeData and escapeProperty)", () => {
  const cases: [string, string, string][] = [
    ["plain text", "schema-type at /result/name", "schema-type at /result/name"],
    ["a percent sign", "100% sure", "100%25 sure"],
    ["an already escaped-looking value", "%0A", "%250A"],
    ["line breaks", "one\r\ntwo\nthree", "one%0D%0Atwo%0Athree"],
    ["colons and commas", "a: 1, b: 2", "a: 1, b: 2"],
  ];
  for (const [name, value, data] of cases) {
    it(`${name}: data ${JSON.stringify(data)}`, () => {
      expect(escapeData(value)).toBe(data);
    });
    it(`${name}: a property also escapes : and ,`, () => {
      expect(escapeProperty(value)).toBe(data.replaceAll(":", "%3A").replaceAll(",", "%2C"));
    });
  }
});

describe("one command per result", () => {
  const run = contractRun("r");
  const log = buildSarif(run, OPTIONS);
  const lines = workflowCommands(log);
  const results = log.runs.flatMap((r) => r.results);

  it("at the result's file, line and column, with the rule and operation as title", () => {
    expect(lines).toHaveLength(results.length);
    for (const line of lines) {
      const [, , file, at, col, title, message] = WORKFLOW_COMMAND.exec(line) ?? [];
      const result = results.find(
        (r) =>
          `${r.ruleId} (${String(r.properties.operation)})` === title &&
          escapeData(r.message.text) === message &&
          String(r.locations[0].physicalLocation.region.startLine) === at,
      ) as SarifResult;
      expect(result).toBeDefined();
      expect(file).toBe(SPEC_PATH);
      expect(col).toBe(String(result.locations[0].physicalLocation.region.startColumn));
    }
  });

  it("errors, then warnings, then notices, each level with its command", () => {
    const commands = lines.map((line) => WORKFLOW_COMMAND.exec(line)?.[1]);
    const ranks = commands.map((command) => ["error", "warning", "notice"].indexOf(command ?? ""));
    expect(ranks).toEqual([...ranks].sort((a, b) => a - b));
    const count = (level: string) => results.filter((r) => r.level === level).length;
    expect(commands.filter((c) => c === "error")).toHaveLength(count("error"));
    expect(commands.filter((c) => c === "warning")).toHaveLength(count("warning"));
    expect(commands.filter((c) => c === "notice")).toHaveLength(count("note"));
    expect(count("warning") * count("note")).toBeGreaterThan(0);
  });

  it("a message with line breaks and percent signs stays one command", () => {
    const finding = {
      ...(run[0] as SarifFinding),
      message: "Expected: 100%\nObserved: 50%, then\r\n::error::x",
    };
    const [line] = workflowCommands(buildSarif([finding], OPTIONS));
    expect(line?.split("\n")).toHaveLength(1);
    expect(line).toMatch(/::Expected: 100%25%0AObserved: 50%25, then%0D%0A::error::x$/);
  });

  it("a grouped result's links to its operations read as plain names", () => {
    const listed = run.filter((f) => f.rule === "schema-type");
    const [line] = workflowCommands(buildSarif(listed, { ...OPTIONS, group: {} }));
    expect(line).toMatch(/ \(listEntries\)$/);
    expect(line).toMatch(/title=schema-type::/);
  });
});

describe("at most 50 commands, then the count left out", () => {
  const finding = contractRun("r").find((f) => f.rule === "schema-type") as SarifFinding;
  const many = (count: number): SarifLog =>
    buildSarif(
      Array.from({ length: count }, (_, i) => ({
        ...finding,
        fingerprint: `f${i}`,
        severity: i === 0 ? "info" : "breaking",
      })),
      OPTIONS,
    );
  const cases: [number, number, string | undefined][] = [
    [1, 1, undefined],
    [50, 50, undefined],
    [51, 51, "1 more finding not annotated (at most 50 are); every finding is in the SARIF report"],
    [130, 51, "80 more findings not annotated (at most 50 are); every finding is in the SARIF report"],
  ];
  for (const [results, printed, summary] of cases) {
    it(`${results} results → ${printed} lines`, () => {
      const lines = workflowCommands(many(results));
      expect(lines).toHaveLength(printed);
      expect(lines.filter((line) => WORKFLOW_COMMAND.test(line))).toHaveLength(Math.min(results, 50));
      expect(lines.find((line) => !line.startsWith("::"))).toBe(summary);
      // The one notice comes last, so it is the one left out first.
      expect(lines.some((line) => line.startsWith("::notice"))).toBe(results <= 50);
    });
  }
  it("another limit", () => {
    expect(workflowCommands(many(12), 10).at(-1)).toBe(
      "2 more findings not annotated (at most 10 are); every finding is in the SARIF report",
    );
  });
});
