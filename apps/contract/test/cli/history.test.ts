/**
 * The history end to end: the CLI as a child process against one sandbox started
 * here (`--sandbox-url` + CLOUDFLARE_*: one server, so one series), its drift and
 * fault profiles switched between runs, one history across the runs of a chain.
 * Five clean default runs learn the sandbox without a single observed-* finding;
 * then drift and fault profiles, one run each (narrowed to list-parameters to
 * stay short), make each observed rule fire — and a vanished field persist across
 * runs with the same fingerprint, then resolve. The `history` command reads the
 * result. The sandboxes carry a token unique to this test, which must not reach
 * the database.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "@impersonation-registry/engine";
import type { DriftProfileId, Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLEANUP_SCENARIO } from "../../src/safety/cleanup.ts";
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
  tempDir,
  testSandbox,
} from "./helpers.ts";

let dir: string;
let seed: { seed: string; token: string };
const chain: { name: string; result: CliResult; report: RunReport }[] = [];
const stage = (name: string) => {
  const found = chain.find((run) => run.name === name);
  if (!found) throw new Error(`the chain stopped before ${name}: ${chain.map((run) => run.name).join(", ")}`);
  return found;
};
const observedRules = (report: RunReport) => report.findings.filter((f) => f.rule.startsWith("observed-"));

let sandbox: Sandbox;

/** One run of the chain: the sandbox switched to `drift` (none: clean), the chain's report dir and history. */
async function runOnce(name: string, drift: DriftProfileId | undefined, extra: string[] = []) {
  await setDrift(sandbox, drift ?? null);
  const result = await runCli(
    ["--target", "sandbox", "--sandbox-url", sandbox.baseUrl, "--report-dir", dir, ...extra],
    envFor(sandbox, seed.token),
  );
  chain.push({ name, result, report: latestReport(dir, result) });
}

const LIST = ["--scenario", "list-parameters"];

beforeAll(async () => {
  dir = tempDir("history");
  seed = seedWithUniqueToken(dir);
  sandbox = await testSandbox({ seed: seed.seed, adminToken: ADMIN_TOKEN });
  for (let i = 1; i <= 5; i++) await runOnce(`clean ${i}`, undefined);
  await runOnce("vanished 1", "rename-field", LIST);
  await runOnce("vanished 2", "rename-field", LIST);
  await runOnce("back", undefined, LIST);
  await runOnce("type", "type-change", LIST);
  await runOnce("enum", "unknown-enum", LIST);
  await runOnce("status", "undocumented-status", LIST);
  await runOnce("codes", "error-code-change", ["--scenario", "invalid-input"]);
  await runOnce("latency", "latency", LIST);
}, 180_000);
afterAll(async () => {
  await killChildren();
  await sandbox?.close();
  removeDir(dir);
});

const VANISHED = {
  rule: "observed-field-vanished",
  operation: "listEntries",
  pointer: "/result/*/modified_at",
};

describe("a history across runs", () => {
  it("five clean default runs: exit 0, each names the history and its earlier runs, no observed-* finding", () => {
    for (const [i, name] of ["clean 1", "clean 2", "clean 3", "clean 4", "clean 5"].entries()) {
      const { result, report } = stage(name);
      expect(result.code, name).toBe(0);
      expect(result.stderr, name).toBe("");
      expect(result.stdout).toContain(`history: ${join(dir, "history.db")} (${i} earlier runs of sandbox)\n`);
      expect(observedRules(report), name).toEqual([]);
    }
  });

  it("a field the sandbox always sent and the spec lets it drop: exit 1 for observed-field-vanished, new", () => {
    const { result, report } = stage("vanished 1");
    expect(result.code).toBe(1);
    const failing = report.findings.filter((f) => f.severity === "breaking" && !f.accepted);
    expect(failing.map((f) => f.rule)).toEqual(["observed-field-vanished"]);
    expect(failing[0]).toMatchObject({ ...VANISHED, target: "sandbox", new: true, seenInRuns: 1 });
    expect(failing[0]?.firstSeen).toEqual({ runId: report.runId, at: report.startedAt });
    expect(result.stdout).toContain(
      "breaking observed-field-vanished · sandbox · listEntries /result/*/modified_at",
    );
  });

  it("the next drifted run: the same fingerprint, no longer new, seen in 2 runs", () => {
    const first = stage("vanished 1").report.findings.find((f) => f.rule === VANISHED.rule);
    const { result, report } = stage("vanished 2");
    expect(result.code).toBe(1);
    const again = report.findings.find((f) => f.rule === VANISHED.rule);
    expect(again).toMatchObject({ fingerprint: first?.fingerprint, new: false, seenInRuns: 2 });
    expect(again?.firstSeen).toEqual(first?.firstSeen);
  });

  it("a clean run: exit 0, the vanished field is resolved", () => {
    const { result, report } = stage("back");
    expect(result.code).toBe(0);
    const fingerprint = stage("vanished 2").report.findings.find(
      (f) => f.rule === VANISHED.rule,
    )?.fingerprint;
    expect(report.resolved).toContainEqual(
      expect.objectContaining({ ...VANISHED, fingerprint, target: "sandbox" }),
    );
    expect(observedRules(report)).toEqual([]);
  });

  // [stage, rule, severity, pointer]: each drift or fault after the clean runs, judged against them.
  const RULES: [string, string, string, string][] = [
    ["type", "observed-type-changed", "breaking", "/result/*/is_email_regex"],
    ["enum", "observed-enum-value-new", "info", "/result/*/provenance"],
    ["status", "observed-status-changed", "breaking", "/status"],
    ["latency", "latency-regression", "additive", "/duration"],
  ];
  for (const [name, rule, severity, pointer] of RULES) {
    it(`${name}: ${rule} (${severity}) at listEntries ${pointer}, new`, () => {
      const { report } = stage(name);
      expect(report.findings).toContainEqual(
        expect.objectContaining({
          rule,
          severity,
          operation: "listEntries",
          pointer,
          target: "sandbox",
          new: true,
        }),
      );
    });
  }

  it("new error codes for the same refusals: observed-error-code-changed (additive), which a default run does not fail on", () => {
    const { result, report } = stage("codes");
    expect(result.code).toBe(0);
    const changed = report.findings.filter((f) => f.rule === "observed-error-code-changed");
    expect(changed.length).toBeGreaterThan(0);
    for (const finding of changed) {
      expect(finding).toMatchObject({ severity: "additive", target: "sandbox", new: true, observed: [1004] });
      expect(finding.expected).toContainEqual([10400]);
    }
  });

  it("the status drift is reported for each step that answered it, with the statuses the step knew", () => {
    const { report } = stage("status");
    const changed = report.findings.filter((f) => f.rule === "observed-status-changed");
    // The cleanup's verification is several requests of its own, not a step the history observes.
    const answered = report.steps.filter(
      (s) => s.statuses?.at(-1) === 202 && s.scenario !== CLEANUP_SCENARIO,
    );
    expect(changed.map((f) => f.step).sort()).toEqual(answered.map((s) => s.step).sort());
    expect(changed[0]).toMatchObject({ expected: [200], observed: 202 });
  });

  it("never stores the token, a request, a curl line or a value carrying a run id", () => {
    const bytes = readFileSync(join(dir, "history.db"));
    // Closed by the last run: the write-ahead log is folded into the file, which is all there is.
    expect(existsSync(join(dir, "history.db-wal"))).toBe(false);
    // The grep finds what is there: run ids name the runs.
    expect(bytes.includes(stage("clean 1").report.runId)).toBe(true);
    for (const absent of [seed.token, "curl ", "authorization", "contract-test"])
      expect(bytes.includes(absent), absent).toBe(false);
  });
});

describe("npm run contract -- history", () => {
  it("one line per run, then the open findings with their age", async () => {
    const result = await runCli(["history", "--report-dir", dir]);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe("");
    const lines = result.stdout.split("\n");
    expect(lines[0]).toBe(`history ${join(dir, "history.db")}: ${chain.length} runs`);
    for (const { report } of chain) {
      const counts = (s: string) => report.findings.filter((f) => f.severity === s).length;
      const row = lines.find((line) => /^\d{4}-/.test(line) && line.includes(report.runId));
      expect(row?.split(/\s{2,}/).slice(2, 8)).toEqual([
        "sandbox",
        String(report.exitCode),
        report.seed === undefined ? "—" : String(report.seed),
        String(counts("breaking")),
        String(counts("additive")),
        String(counts("info")),
      ]);
    }
    // Open: what the latest run saw, and what it kept unchecked (the codes run's refusals it did not send).
    const { findings, notChecked } = stage("latency").report;
    expect(notChecked.length).toBeGreaterThan(0);
    expect(result.stdout).toContain(
      `open findings (the latest run of each target): ${findings.length + notChecked.length}`,
    );
    expect(result.stdout).toMatch(
      /series \(one per target identity\): 1\n.*\n\s+sandbox\s+http:\/\/127\.0\.0\.1:\d+\/client\/v4\s+…\w{4}\s+13\s/,
    );
    expect(result.stdout).toMatch(/additive\s+latency-regression\s+sandbox\s+listEntries \/duration/);
  });

  it("--format json, --last and --target", async () => {
    const result = await runCli(["history", "--report-dir", dir, "--format", "json", "--last", "2"]);
    expect(result.code).toBe(0);
    const listing = JSON.parse(result.stdout);
    expect(listing.totalRuns).toBe(chain.length);
    expect(listing.runs.map((run: { runId: string }) => run.runId)).toEqual(
      chain.slice(-2).map(({ report }) => report.runId),
    );
    expect(listing.runs[1]).toMatchObject({ exitCode: 0, new: 1, counts: { additive: 1 } });
    const live = JSON.parse(
      (await runCli(["history", "--report-dir", dir, "--format", "json", "--target", "live"])).stdout,
    );
    expect([live.runs, live.open]).toEqual([[], []]);
  });
});
