/**
 * Every sandbox drift profile makes a run fail and name the rule and pointer
 * the table below expects; every fault profile lets the run complete, with the
 * retried attempts and the statuses they saw in the report. Each run points at
 * a sandbox this test starts with the profile (`--sandbox-url` + CLOUDFLARE_*),
 * narrowed to one scenario to stay fast.
 */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { createEngine } from "@impersonation-registry/engine";
import { type DriftProfileId, driftProfiles } from "@impersonation-registry/sandbox";
import { spec } from "@impersonation-registry/types/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { CLEANUP_SCENARIO } from "../../src/safety/cleanup.ts";
import {
  envFor,
  killChildren,
  latestReport,
  limiter,
  removeDir,
  runCli,
  tempDir,
  testSandbox,
} from "./helpers.ts";

let dir: string;
beforeAll(() => {
  dir = tempDir("drift");
});
afterAll(async () => {
  await killChildren();
  removeDir(dir);
});

/**
 * The runs are independent (a sandbox and a report directory each), so three
 * go at once; each test awaits its own. Most of a run's time is Node starting
 * and waiting on a fault, which overlap well even on two cores.
 */
const limit = limiter(3);
const pending = new Map<string, ReturnType<typeof runAgainst>>();
function started(profile: string, extra: string[]) {
  const run = limit(() => runAgainst(profile as DriftProfileId, extra));
  // Awaited by its test; this only keeps an early failure from being reported as unhandled.
  run.catch(() => {});
  pending.set(profile, run);
}

/**
 * Profile → the finding it must produce. A renamed optional field and an extra
 * field are additive (nothing the schema requires breaks), so the runs use
 * --fail-on additive: every profile must fail the run at that threshold.
 */
const EXPECTED: Record<string, { rule: string; pointer: string }> = {
  "rename-field": { rule: "undocumented-field", pointer: "/result/*/modifiedAt" },
  "extra-field": { rule: "undocumented-field", pointer: "/result/*/risk_level" },
  "type-change": { rule: "schema-type", pointer: "/result/*/is_email_regex" },
  "drop-required": { rule: "schema-required", pointer: "/messages" },
  "unknown-enum": { rule: "schema-enum", pointer: "/result/*/provenance" },
  "undocumented-status": { rule: "undocumented-status", pointer: "/status" },
  "wrong-content-type": { rule: "content-type", pointer: "/headers/content-type" },
  "null-not-nullable": { rule: "schema-nullable", pointer: "/result/*/name" },
};

/** What each fault must show in the report: the status retried attempts saw (null: no response). */
const FAULT_STATUS: Record<string, number | null | undefined> = {
  latency: undefined,
  "flaky-5xx": 500,
  "connection-reset": null,
  "internal-error": 500,
  "rate-limit-storm": 429,
};

async function runAgainst(profile: DriftProfileId, extra: string[], name: string = profile) {
  const sandbox = await testSandbox({ drift: profile });
  const reportDir = `${dir}/${name}`;
  try {
    const result = await runCli(
      ["--target", "sandbox", "--sandbox-url", sandbox.baseUrl, "--report-dir", reportDir, ...extra],
      envFor(sandbox),
    );
    return { result, report: latestReport(reportDir, result) };
  } finally {
    await sandbox.close();
  }
}

beforeAll(() => {
  for (const profile of Object.keys(EXPECTED)) {
    started(profile, ["--scenario", "directory-synced", "--fail-on", "additive"]);
  }
  for (const profile of Object.keys(FAULT_STATUS)) started(profile, ["--scenario", "directory-synced"]);
  writeFileSync(join(dir, "baseline.json"), JSON.stringify({ entries: ACCEPTED }));
  pending.set(
    "accepted",
    limit(() =>
      runAgainst(
        "extra-field",
        ["--scenario", "directory-synced", "--fail-on", "additive", "--baseline", join(dir, "baseline.json")],
        "accepted",
      ),
    ),
  );
});

describe("drift profiles", () => {
  // Every drift profile, schema and behaviour alike, is in the drift matrix (test/runner/drift-matrix.test.ts);
  // this table proves, through the CLI, the ones a schema rule names.
  it("the table lists schema drift profiles of the sandbox, and every fault profile", () => {
    const drifts = driftProfiles.filter((p) => p.kind === "drift").map((p) => p.id);
    for (const profile of Object.keys(EXPECTED)) expect(drifts).toContain(profile);
    const faults = driftProfiles.filter((p) => p.kind === "fault").map((p) => p.id);
    expect(Object.keys(FAULT_STATUS).sort()).toEqual([...faults].sort());
  });

  for (const [profile, { rule, pointer }] of Object.entries(EXPECTED)) {
    it(`${profile}: exit 1, naming ${rule} at ${pointer}`, async () => {
      const { result, report } = await (pending.get(profile) as ReturnType<typeof runAgainst>);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      expect(report.findings.filter((f) => f.rule === rule).map((f) => f.pointer)).toContain(pointer);
      expect(result.stdout).toMatch(
        new RegExp(`${rule} · sandbox · listEntries ${pointer.replaceAll("*", "\\*")}`),
      );
    });
  }
});

/** The extra field, accepted until far in the future (the list and the get show it): the same run then passes. */
const ACCEPTED = [
  { operation: "listEntries", pointer: "/result/*/risk_level" },
  { operation: "getEntry", pointer: "/result/risk_level" },
].map((where) => ({
  rule: "undocumented-field",
  ...where,
  reason: "risk_level is announced for the next spec version",
  expires: "2999-12-31",
}));

describe("baseline", () => {
  it("a finding the baseline accepts no longer fails the run", async () => {
    const { result, report } = await (pending.get("accepted") as ReturnType<typeof runAgainst>);
    expect(result.stdout).toMatch(/findings: 0 breaking, 2 additive \(2 accepted\)/);
    expect(result.code).toBe(0);
    for (const entry of ACCEPTED) {
      const finding = report.findings.find((f) => f.rule === entry.rule && f.pointer === entry.pointer);
      expect(finding?.accepted).toEqual({ reason: entry.reason, expires: entry.expires });
    }
  });
});

describe("fault profiles", () => {
  const engine = createEngine(spec);
  const documented = (operation: string, status: number) =>
    engine.index.response(operation, status) !== undefined;

  for (const [profile, status] of Object.entries(FAULT_STATUS)) {
    it(`${profile}: the run completes and records what the retries saw`, async () => {
      const { result, report } = await (pending.get(profile) as ReturnType<typeof runAgainst>);
      expect(result.stderr).toBe("");
      expect(result.code).toBe(0);
      expect(report.steps.every((step) => step.status !== "errored")).toBe(true);
      if (status !== undefined) {
        // The cleanup's verification is several requests, not one retried: its statuses are its own.
        const retried = report.steps.filter(
          (step) => step.attempts > 1 && step.scenario !== CLEANUP_SCENARIO,
        );
        expect(retried.length).toBeGreaterThan(0);
        for (const step of retried) expect(step.statuses?.slice(0, -1)).toContain(status);
      }
      // Every status seen is documented, or reported as an undocumented-status finding.
      for (const step of report.steps) {
        for (const seen of step.statuses ?? []) {
          if (seen === null || documented(step.operation, seen)) continue;
          expect(report.findings).toContainEqual(
            expect.objectContaining({ rule: "undocumented-status", step: step.step }),
          );
        }
      }
    });
  }
});
