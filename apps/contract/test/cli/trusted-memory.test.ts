/**
 * The history's memory, used the way a nightly drift detector is used: the CLI
 * as a child process against sandboxes started here (each its own server on a
 * port the OS picks, its drift switched between runs), one history per story.
 * Each story failed on the history as it was before target identities: it
 * compared two servers under one name, called changes toward the spec breaking,
 * let a narrowed run call old findings new, and forgot an accepted nothing.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "@impersonation-registry/engine";
import type { DriftProfileId, Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
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

/** Each story is several CLI runs in a row: generous on a loaded 2-core machine, still bounded. */
const STORY_MS = 180_000;

let dir: string;
let seed: { seed: string; token: string };
const sandboxes: Sandbox[] = [];

async function newSandbox(): Promise<Sandbox> {
  const sandbox = await testSandbox({ seed: seed.seed, adminToken: ADMIN_TOKEN });
  sandboxes.push(sandbox);
  return sandbox;
}

/** One run against `sandbox` switched to `drift`, with the story's history; its exit code and report. */
async function run(
  story: string,
  sandbox: Sandbox,
  drift: DriftProfileId | null,
  scenarios: string[] = ["list-parameters"],
): Promise<{ code: number | null; stdout: string; report: RunReport }> {
  await setDrift(sandbox, drift);
  const reportDir = join(dir, story);
  const result = await runCli(
    [
      ...["--target", "sandbox", "--sandbox-url", sandbox.baseUrl, "--report-dir", reportDir],
      ...scenarios.flatMap((scenario) => ["--scenario", scenario]),
    ],
    envFor(sandbox, seed.token),
  );
  return { code: result.code, stdout: result.stdout, report: latestReport(reportDir, result) };
}

const observed = (report: RunReport) => report.findings.filter((f) => f.rule.startsWith("observed-"));
const breakingObserved = (report: RunReport) => observed(report).filter((f) => f.severity === "breaking");

beforeAll(() => {
  dir = tempDir("trusted-memory");
  seed = seedWithUniqueToken(dir);
});
afterAll(async () => {
  await killChildren();
  for (const sandbox of sandboxes) await sandbox.close();
  removeDir(dir);
});

describe("two servers, one name", () => {
  it("a second server's first run is judged against nothing but its own past; history lists both series", {
    timeout: STORY_MS,
  }, async () => {
    const production = await newSandbox();
    const staging = await newSandbox();
    // Production always sent an undocumented field; staging never did.
    for (let i = 0; i < 3; i++) await run("two-servers", production, "extra-field");
    const first = await run("two-servers", staging, null);
    expect(first.code).toBe(0);
    expect(observed(first.report)).toEqual([]);
    expect(first.stdout).toContain("(0 earlier runs of sandbox)");

    const listing = await runCli(
      ["history", "--report-dir", join(dir, "two-servers"), "--format", "json"],
      {},
    );
    const { series } = JSON.parse(listing.stdout) as {
      series: { kind: string; server: string; account: string; runs: number }[];
    };
    expect(series.map((s) => [s.kind, s.server, s.runs]).sort()).toEqual(
      [
        ["sandbox", production.baseUrl, 3],
        ["sandbox", staging.baseUrl, 1],
      ].sort(),
    );
    for (const one of series) expect(one.account).toBe(`…${production.accountId.slice(-4)}`);
    expect(listing.stdout).not.toContain(production.accountId);
  });
});

describe("changes toward the spec are info, never breaking", () => {
  // [story, the drift of the earlier runs, the rule that sees the change back, the pointer]
  const cases: [string, DriftProfileId, string, string][] = [
    [
      "an undocumented field stops appearing",
      "extra-field",
      "observed-field-vanished",
      "/result/*/risk_level",
    ],
    [
      "a string becomes the documented boolean",
      "type-change",
      "observed-type-changed",
      "/result/*/is_email_regex",
    ],
    [
      "an undocumented 202 becomes the documented 200",
      "undocumented-status",
      "observed-status-changed",
      "/status",
    ],
  ];
  for (const [story, drift, rule, pointer] of cases) {
    it(story, { timeout: STORY_MS }, async () => {
      const sandbox = await newSandbox();
      const name = `toward-${drift}`;
      for (let i = 0; i < 3; i++) await run(name, sandbox, drift);
      const back = await run(name, sandbox, null);
      expect(back.code, back.stdout).toBe(0);
      expect(breakingObserved(back.report)).toEqual([]);
      const converged = back.report.findings.filter((f) => f.rule === rule);
      expect(converged.length).toBeGreaterThan(0);
      for (const finding of converged) {
        expect(finding).toMatchObject({ severity: "info" });
        expect(finding.message).toContain("Converged to the spec");
      }
      if (pointer !== "/status") expect(converged.map((f) => f.pointer)).toContain(pointer);
    });
  }

  it("the same change away from the spec is still breaking", { timeout: STORY_MS }, async () => {
    const sandbox = await newSandbox();
    for (let i = 0; i < 3; i++) await run("away", sandbox, null);
    const drifted = await run("away", sandbox, "type-change");
    expect(breakingObserved(drifted.report).map((f) => f.rule)).toContain("observed-type-changed");
  });
});

describe("a narrowed run rewrites nothing", () => {
  it("old findings stay old in a run narrowed to one scenario, and the next full run resolves nothing", {
    timeout: STORY_MS,
  }, async () => {
    const sandbox = await newSandbox();
    const full = ["lifecycle", "list-parameters", "regex-entries"];
    await run("narrowed", sandbox, "extra-field", full);
    const before = await run("narrowed", sandbox, "extra-field", full);
    expect(before.report.findings.length).toBeGreaterThan(0);
    const narrowed = await run("narrowed", sandbox, "extra-field", ["regex-entries"]);
    expect(narrowed.report.findings.length).toBeGreaterThan(0);
    expect(narrowed.report.findings.filter((f) => f.new)).toEqual([]);
    expect(narrowed.report.resolved).toEqual([]);
    // Whatever of before's it did not see again is not checked: still open, not resolved.
    const seenOrOpen = new Set([
      ...narrowed.report.findings.map((f) => f.fingerprint),
      ...narrowed.report.notChecked.map((f) => f.fingerprint),
    ]);
    for (const finding of before.report.findings) expect(seenOrOpen.has(finding.fingerprint)).toBe(true);
    const after = await run("narrowed", sandbox, "extra-field", full);
    expect(after.report.findings.filter((f) => f.new)).toEqual([]);
    expect(after.report.resolved).toEqual([]);
    expect(after.report.notChecked).toEqual([]);
  });
});

describe("a persisting drift stays reported until accepted", () => {
  it("accept <fingerprint> --reason: the observed drift becomes the reference; a spec rule's finding a baseline entry", {
    timeout: STORY_MS,
  }, async () => {
    const sandbox = await newSandbox();
    for (let i = 0; i < 3; i++) await run("accept", sandbox, null);
    const drifted = await run("accept", sandbox, "rename-field");
    const vanished = breakingObserved(drifted.report).filter((f) => f.rule === "observed-field-vanished");
    expect(vanished.length).toBeGreaterThan(0);
    const again = await run("accept", sandbox, "rename-field");
    expect(again.report.findings.filter((f) => f.rule === "observed-field-vanished")).toEqual(
      vanished.map((f) => expect.objectContaining({ fingerprint: f.fingerprint, new: false })),
    );

    const baseline = join(dir, "accept-baseline.json");
    const accepted = await runCli([
      "accept",
      ...vanished.map((f) => f.fingerprint),
      "--reason",
      "modified_at is renamed upstream, ticket 42",
      "--report-dir",
      join(dir, "accept"),
      "--baseline",
      baseline,
    ]);
    expect(accepted.code, accepted.stderr).toBe(0);
    expect(accepted.stdout).toContain("is the reference from now on");
    const after = await run("accept", sandbox, "rename-field");
    expect(after.report.findings.filter((f) => f.rule === "observed-field-vanished")).toEqual([]);

    // A spec rule's finding (modifiedAt, undocumented): a baseline entry with the reason and an expiry.
    const schema = after.report.findings.find((f) => f.rule === "undocumented-field");
    if (!schema) throw new Error("rename-field gave no undocumented-field finding to accept");
    const entry = await runCli([
      ...["accept", schema.fingerprint, "--reason", "known", "--expires", "7d"],
      ...["--report-dir", join(dir, "accept"), "--baseline", baseline],
    ]);
    expect(entry.code, entry.stderr).toBe(0);
    expect(JSON.parse(readFileSync(baseline, "utf8")).entries).toEqual([
      expect.objectContaining({
        rule: schema.rule,
        operation: schema.operation,
        pointer: schema.pointer,
        target: "sandbox",
        reason: "known",
      }),
    ]);
  });

  it("accept refuses what it cannot do, in one line, exit 2", { timeout: STORY_MS }, async () => {
    const cases: [string[], RegExp][] = [
      [["accept", "--reason", "x"], /accept needs at least one fingerprint/],
      [["accept", "0123456789abcdef"], /accept needs --reason/],
      [["accept", "not-a-fingerprint", "--reason", "x"], /is not a fingerprint/],
      [
        ["accept", "0123456789abcdef", "--reason", "x", "--report-dir", join(dir, "accept")],
        /the history has no finding 0123456789abcdef/,
      ],
      [["accept", "0123456789abcdef", "--reason", "x", "--report-dir", join(dir, "none")], /no history at/],
    ];
    for (const [argv, message] of cases) {
      const result = await runCli(argv);
      expect(result.code, argv.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
