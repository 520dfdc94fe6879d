/** `npm run contract` with no arguments: mock + an in-process sandbox, every scenario, all five reports. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { REPORT_SCHEMA_PATH, type RunReport } from "@impersonation-registry/engine";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { XMLValidator } from "fast-xml-parser";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { STATELESS } from "../../src/executor/execute.ts";
import { readSarif } from "../sarif/read-sarif.ts";
import {
  type CliResult,
  filesContaining,
  killChildren,
  latestReport,
  removeDir,
  runCli,
  tempDir,
  testSandbox,
} from "./helpers.ts";

afterEach(() => killChildren());

let dir: string;
let result: CliResult;
let report: RunReport;
/** The in-process sandbox's write token, which the run sends on every sandbox request. */
let token: string;

beforeAll(async () => {
  dir = tempDir("default");
  const sandbox = await testSandbox();
  token = sandbox.credentials.writeToken;
  await sandbox.close();
  result = await runCli(["--report-dir", dir]);
  report = latestReport(dir, result);
}, 60_000);
afterAll(() => removeDir(dir));

describe("a default run", () => {
  it("exits 0 with no finding above info", () => {
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(report.exitCode).toBe(0);
    expect(report.findings.filter((finding) => finding.severity !== "info")).toEqual([]);
  });

  it("runs every scenario on mock and sandbox, and reports a reason for every step not judged", () => {
    expect(report.targets.map((target) => target.name)).toEqual(["mock", "sandbox"]);
    const cells = new Set(report.steps.map((step) => `${step.target} ${step.scenario}`));
    // Seven scenarios on both targets, generation on both (the sandbox against the model, the mock
    // against the spec it validates by) and the sandbox's verified cleanup (Prism keeps nothing).
    expect(cells.size).toBe(17);
    expect(report.steps.filter((s) => s.scenario === "generated").map((s) => [s.target, s.status])).toEqual([
      ["mock", "passed"],
      ["sandbox", "passed"],
    ]);
    expect(report.generation?.map((one) => [one.target, one.failures])).toEqual([
      ["mock", []],
      ["sandbox", []],
    ]);
    expect(report.steps.filter((s) => s.scenario === "cleanup")).toEqual([
      expect.objectContaining({ target: "sandbox", step: "cleanup-verified", status: "passed" }),
    ]);
    for (const step of report.steps.filter((s) => s.status === "not-applicable"))
      expect(step.reason).toBeTruthy();
    // Prism keeps no state: its stateful expectations are not applicable, with the reason as data, yet judged nowhere else.
    const mockDelete = report.steps.find((s) => s.target === "mock" && s.step === "get after delete");
    expect(mockDelete).toMatchObject({ status: "not-applicable", reason: STATELESS, attempts: 1 });
    expect(report.steps.filter((s) => s.target === "sandbox" && s.status !== "passed")).toEqual([]);
  });

  it("prints a line per scenario × target, the summary table and the report paths", () => {
    const progress = result.stdout.split("\n").filter((line) => /^[✓✗!–] (mock|sandbox) /.test(line));
    expect(progress).toHaveLength(16);
    expect(result.stdout).toMatch(/^scenario\s+mock\s+sandbox\s+mock↔sandbox$/m);
    for (const file of ["report.json", "summary.md", "junit.xml", "report.html", "report.sarif"]) {
      expect(result.stdout).toContain(join(dir, report.runId, file));
    }
    // Not in GitHub Actions (the CLI's environment is only PATH): no workflow command.
    expect(result.stdout.split("\n").filter((line) => line.startsWith("::"))).toEqual([]);
  });

  it("leads the summary with what changed, then the allowed differences in one line, not one row each", () => {
    // A fresh report directory: its history holds no earlier run, so this run is the trend's only item.
    expect(report.trend).toEqual([
      {
        runId: report.runId,
        startedAt: report.startedAt,
        exitCode: 0,
        counts: { breaking: 0, additive: 0, info: report.findings.length },
        new: report.findings.length,
        resolved: 0,
      },
    ]);
    const lines = result.stdout.split("\n");
    const lead = lines.indexOf(
      "since the last run: nothing to compare with (the first run of these targets in the history)",
    );
    const allowed = lines.findIndex((line) =>
      / allowed differences \(info\): .* — see summary\.md$/.test(line),
    );
    const matrix = lines.findIndex((line) => /^scenario\s+mock/.test(line));
    expect(lead).toBeGreaterThan(0);
    expect(allowed).toBe(lead + 1);
    expect(matrix).toBeGreaterThan(allowed);
    const rules = new Set(report.findings.map((f) => f.rule));
    expect(lines[allowed]).toMatch(new RegExp(`^${report.findings.length} allowed differences`));
    for (const rule of rules) expect(lines[allowed]).toContain(`${rule} ×`);
    expect(lines.filter((line) => line.startsWith("  info "))).toEqual([]);
    const summary = readFileSync(join(dir, "latest", "summary.md"), "utf8");
    const details = summary.indexOf(
      `<details><summary>${report.findings.length} allowed differences (info): `,
    );
    expect(details).toBeGreaterThan(0);
    expect(summary.indexOf("</details>")).toBeLessThan(summary.indexOf("### Target × scenario"));
  });

  it("writes report.json that validates against its schema, a parseable junit.xml, and the journal", () => {
    const ajv = new Ajv({ allErrors: true, strict: false });
    addFormats.default(ajv);
    const validate = ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
    expect(validate(report), JSON.stringify(validate.errors)).toBe(true);
    expect(XMLValidator.validate(readFileSync(join(dir, "latest", "junit.xml"), "utf8"))).toBe(true);
    for (const file of ["summary.md", "report.html", "journal.jsonl"]) {
      expect(existsSync(join(dir, report.runId, file))).toBe(true);
    }
  });

  it("writes report.sarif: valid SARIF 2.1.0, a note per headline, each on the node it names", () => {
    const results = readSarif(join(dir, "latest", "report.sarif")).runs[0]?.results ?? [];
    expect(results.map((r) => r.partialFingerprints.primaryLocationLineHash)).toEqual(
      report.headlines.map((headline) => headline.fingerprint),
    );
    expect(results.every((r) => r.level === "note")).toBe(true);
  });

  it("never writes or prints the token", () => {
    expect(filesContaining(dir, token)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(token);
  });
});
