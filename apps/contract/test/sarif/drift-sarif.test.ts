/**
 * One drift, one headline, where people look. The CLI (a child process, as CI
 * runs it, GITHUB_ACTIONS=true) twice against a sandbox drifting `type-change`
 * — `is_email_regex` sent as a string — beside the mock, one history: each
 * run's report.sarif is valid SARIF 2.1.0 with every location on the node it
 * names, the drift is one error result on `is_email_regex:` in the spec with
 * its four operations related, the two runs give the same partialFingerprints,
 * the failing drift is one `::error` annotation on that line, the console leads
 * with the headline, and a proxy session in front of the same sandbox writes
 * such a report.sarif and annotation too.
 */
import { join } from "node:path";
import type { RunReport } from "@impersonation-registry/engine";
import type { Sandbox } from "@impersonation-registry/sandbox";
import type { SarifLog, SarifResult } from "@impersonation-registry/sarif";
import { workflowCommandsIn } from "@impersonation-registry/sarif/testing";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../src/rules.ts";
import {
  ADMIN_TOKEN,
  type CliResult,
  envFor,
  killChildren,
  latestReport,
  removeDir,
  runCli,
  seedWithUniqueToken,
  setDrift,
  startCli,
  tempDir,
  testSandbox,
  waitFor,
} from "../cli/helpers.ts";
import { rawRequest } from "../proxy/helpers.ts";
import { readSarif, SPEC_PATH, SPEC_TEXT } from "./read-sarif.ts";

const NODE = "/components/schemas/ImpersonationRegistryEntry/properties/is_email_regex";
const specLines = SPEC_TEXT.split("\n");

interface Run {
  result: CliResult;
  report: RunReport;
  sarif: SarifLog;
}

let dir: string;
let sandbox: Sandbox;
let token: string;
const runs: Run[] = [];

beforeAll(async () => {
  dir = tempDir("sarif");
  const seed = seedWithUniqueToken(dir);
  token = seed.token;
  sandbox = await testSandbox({ seed: seed.seed, adminToken: ADMIN_TOKEN });
  await setDrift(sandbox, "type-change");
  const reportDir = join(dir, "reports");
  for (let i = 0; i < 2; i++) {
    const result = await runCli(
      [
        "--target",
        "mock",
        "--target",
        "sandbox",
        "--sandbox-url",
        sandbox.baseUrl,
        "--report-dir",
        reportDir,
        // The fixed scenarios only: generation reads `is_email_regex` back as a string too, a second
        // finding (generated-model-mismatch) whose seed-dependent sequence this test is not about.
        "--examples",
        "0",
      ],
      { ...envFor(sandbox, token), GITHUB_ACTIONS: "true" },
    );
    const report = latestReport(reportDir, result);
    runs.push({ result, report, sarif: readSarif(join(reportDir, report.runId, "report.sarif")) });
  }
}, 120_000);
afterAll(async () => {
  await killChildren();
  await sandbox?.close();
  if (dir) removeDir(dir);
});

const results = (log: SarifLog): SarifResult[] => log.runs.flatMap((run) => run.results);

describe("a drifting run's report.sarif (type-change, twice)", () => {
  it("each run fails on the drift and writes valid SARIF with every location on its node", () => {
    // readSarif checked the schema and the lines; here what the runs were.
    expect(runs.map((run) => run.result.code)).toEqual([1, 1]);
    for (const { sarif, report } of runs) {
      expect(sarif.runs).toHaveLength(1);
      expect(sarif.runs[0]?.automationDetails).toEqual({ id: "contract/mock+sandbox/" });
      expect(results(sarif).map((r) => r.partialFingerprints.primaryLocationLineHash)).toEqual(
        report.headlines.map((headline) => headline.fingerprint),
      );
    }
  });

  it("the tool's rules are the rules table, each with its help text", () => {
    const rules = runs[0]?.sarif.runs[0]?.tool.driver.rules ?? [];
    expect(rules.map((rule) => [rule.id, rule.help.text])).toEqual(RULES.map((rule) => [rule.id, rule.help]));
  });

  it("the drift is one error result on `is_email_regex:` in the spec, its four operations related", () => {
    const [first] = runs;
    const report = first?.report as RunReport;
    const drift = results(first?.sarif as SarifLog).filter((r) => r.properties.yamlPath === NODE);
    expect(drift).toHaveLength(1);
    const [result] = drift as [SarifResult];
    expect(result).toMatchObject({ ruleId: "schema-type", level: "error" });
    const { startLine, startColumn } = result.locations[0].physicalLocation.region;
    expect(specLines[startLine - 1]?.slice(startColumn - 1)).toBe("is_email_regex:");
    expect(result.relatedLocations?.map((related) => related.message?.text).sort()).toEqual([
      "createEntry",
      "getEntry",
      "listEntries",
      "updateEntry",
    ]);
    // The headline: the node, what was seen, and its counts — read from the findings it groups.
    const rows = report.findings.filter((f) => f.pointer.endsWith("/is_email_regex") && /type/.test(f.rule));
    const steps = new Set(rows.flatMap((f) => f.occurrences.map((at) => `${at.scenario} › ${at.step}`)));
    const targets = new Set(rows.map((f) => f.target));
    expect(targets).toEqual(new Set(["sandbox", "mock↔sandbox"]));
    expect(result.message.text).toMatch(
      new RegExp(
        `^is_email_regex: string where the spec says boolean — 4 operations, 2 targets, ${steps.size} steps \\(`,
      ),
    );
    // Beneath it, the rows: each finding's own fingerprint, target identity, run id, history and curl line.
    const beneath = result.properties.findings as Record<string, unknown>[];
    expect(beneath.map((row) => row.fingerprint).sort()).toEqual(rows.map((f) => f.fingerprint).sort());
    const sandboxIdentity = report.targets.find((t) => t.name === "sandbox")?.identity;
    expect(beneath.find((row) => row.target === "sandbox")).toMatchObject({
      targetIdentity: [
        { kind: "sandbox", server: sandboxIdentity?.server, account: sandboxIdentity?.account },
      ],
      runId: report.runId,
      firstSeen: { runId: report.runId },
      seenInRuns: 1,
      curl: expect.stringMatching(/^curl .*\$CLOUDFLARE_API_TOKEN/),
    });
  });

  it("two runs of the same drift give the same partialFingerprints", () => {
    const [a, b] = runs.map(
      (run) =>
        new Map(
          results(run.sarif).map((r) => [`${r.ruleId} ${r.properties.yamlPath}`, r.partialFingerprints]),
        ),
    );
    expect(a?.size).toBeGreaterThan(0);
    expect(b).toEqual(a);
    // The second run is the drift's second in the history: the rows say so, their fingerprints unchanged.
    const second = runs[1]?.report.findings.find((f) => f.rule === "schema-type");
    expect(second).toMatchObject({ new: false, seenInRuns: 2 });
  });

  it("GITHUB_ACTIONS=true: the failing drift is one ::error on is_email_regex's line, nothing for the allowed ones", () => {
    for (const { result } of runs) {
      const lines = workflowCommandsIn(result.stdout);
      expect(lines.map(({ level, file, title }) => [level, file, title])).toEqual([
        ["error", SPEC_PATH, "schema-type"],
      ]);
      expect(specLines[(lines[0]?.line ?? 0) - 1]?.trim()).toBe("is_email_regex:");
      expect(lines[0]?.message).toMatch(/^is_email_regex: string where the spec says boolean — 4 operations/);
    }
  });

  it("the console leads with the headline, the drift's rows beneath it", () => {
    const stdout = runs[0]?.result.stdout ?? "";
    const lines = stdout.split("\n");
    const headline = lines.findIndex((line) =>
      line.startsWith("  is_email_regex: string where the spec says boolean — 4 operations, 2 targets, "),
    );
    expect(headline).toBeGreaterThan(0);
    expect(lines[headline]).toMatch(/ · openapi\/impersonation-registry\.yaml:\d+:\d+$/);
    const beneath = lines.slice(headline + 1, headline + 9);
    expect(beneath.every((line) => /^ {4}breaking (schema|compare)-type · /.test(line))).toBe(true);
  });
});

describe("a proxy session's report.sarif", () => {
  it("in front of the drifting sandbox: valid, on its nodes, the drift annotated on is_email_regex's line", async () => {
    const reportDir = join(dir, "proxy");
    const proxy = startCli(
      [
        ...["proxy", "--upstream", sandbox.baseUrl, "--port", "0", "--flush-every", "0"],
        ...["--report-dir", reportDir, "--no-history"],
      ],
      { GITHUB_ACTIONS: "true" },
    );
    const base = await waitFor(() => /^proxy (http:\/\/\S+) → /m.exec(proxy.output())?.[1], "the ready line");
    const collection = `${base}/accounts/${sandbox.accountId}/email-security/settings/impersonation_registry`;
    await rawRequest(collection, { headers: { authorization: `Bearer ${token}` } });
    proxy.child.kill("SIGINT");
    const result = await proxy.done;
    const report = latestReport(reportDir, result);
    expect(result.code, result.stderr).toBe(1);
    const sarif = readSarif(join(reportDir, report.runId, "report.sarif"));
    expect(sarif.runs[0]?.automationDetails).toEqual({ id: "contract/proxy/" });
    const drift = results(sarif).find((r) => r.properties.yamlPath === NODE);
    expect(drift?.message.text).toMatch(
      /^is_email_regex: string where the spec says boolean — 1 operation, 1 target/,
    );
    const lines = workflowCommandsIn(result.stdout);
    expect(lines.map(({ title }) => title)).toContain("schema-type");
    for (const line of lines) expect(line.file).toBe(SPEC_PATH);
    const onDrift = lines.find((line) => line.title === "schema-type");
    expect(specLines[(onDrift?.line ?? 0) - 1]?.trim()).toBe("is_email_regex:");
  }, 60_000);
});
