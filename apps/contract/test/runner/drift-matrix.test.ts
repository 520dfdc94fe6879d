/**
 * The drift matrix: every drift profile of the sandbox, through the FULL
 * default scenario set at the DEFAULT `--fail-on breaking`, each on a fresh
 * sandbox, must fail the run and be named by what the table says — a finding's
 * rule at a pointer, or a failed step. Where a profile cannot fail a default
 * run, the table says why (and apps/contract/README.md agrees). A clean
 * sandbox through the same code path exits 0. The runs go through the CLI's own
 * path (parseCommand → prepareRun → runContract), in this process: a run per
 * profile as a child process would spend most of its time starting Node.
 */

import type { RunReport } from "@impersonation-registry/engine";
import { type DriftProfileId, driftProfiles, type Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { parseCommand } from "../../src/cli/args.ts";
import { prepareRun, type RunCommand } from "../../src/cli/prepare.ts";
import { runContract } from "../../src/run.ts";
import { envFor, limiter, removeDir, tempDir, testSandbox } from "../cli/helpers.ts";
import { MATRIX } from "./drift-matrix.ts";

let dir: string;
const runs = new Map<string, Promise<RunReport>>();
const limit = limiter(3);

/** The default scenario set and severity, on the sandbox only, started with `drift` (none: clean). */
async function runAgainst(drift: DriftProfileId | null): Promise<RunReport> {
  const sandbox: Sandbox = await testSandbox({ drift });
  try {
    // A fixed seed: the generated sequences are the same every time (seed 1 finds every generation-only
    // profile at the default budget, test/generation/faults.test.ts), so the matrix never flickers.
    const args = [
      "--target",
      "sandbox",
      "--sandbox-url",
      sandbox.baseUrl,
      "--report-dir",
      dir,
      "--seed",
      "1",
    ];
    const command = parseCommand(args) as RunCommand;
    const options = await prepareRun(command, { signal: new AbortController().signal, env: envFor(sandbox) });
    return await runContract(options, { targetStarted() {}, scenarioStarted() {}, scenarioDone() {} });
  } finally {
    await sandbox.close();
  }
}

beforeAll(() => {
  dir = tempDir("matrix");
  for (const profile of [null, ...Object.keys(MATRIX)] as (DriftProfileId | null)[]) {
    const run = limit(() => runAgainst(profile));
    run.catch(() => {});
    runs.set(String(profile), run);
  }
});
afterAll(() => removeDir(dir));

const failedSteps = (report: RunReport) =>
  report.steps.filter((s) => s.status === "failed" || s.status === "errored");

describe("the drift matrix", () => {
  it("has a row for every drift profile of the sandbox", () => {
    const drifts = driftProfiles.filter((p) => p.kind === "drift").map((p) => p.id);
    expect(Object.keys(MATRIX).sort()).toEqual([...drifts].sort());
  });

  it("a clean sandbox passes the default run: exit 0, nothing failed, nothing above info", async () => {
    const report = await (runs.get("null") as Promise<RunReport>);
    expect(failedSteps(report)).toEqual([]);
    expect(report.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(report.exitCode).toBe(0);
  });

  for (const [profile, caught] of Object.entries(MATRIX)) {
    const passes = caught.find((c) => "passesBecause" in c);
    it(`${profile}: ${passes ? "passes at the default severity, for a stated reason" : "fails a default run, named as the table says"}`, async () => {
      const report = await (runs.get(profile) as Promise<RunReport>);
      for (const expected of caught) {
        if ("rule" in expected && "pointer" in expected) {
          const found = report.findings.filter(
            (f) =>
              f.rule === expected.rule &&
              f.target === "sandbox" &&
              (expected.step === undefined || f.step === expected.step),
          );
          expect(
            found.map((f) => f.pointer),
            `${profile}: ${expected.rule} ${expected.step ?? ""}`,
          ).toContain(expected.pointer);
        } else if ("step" in expected) {
          const step = report.steps.find((s) => `${s.scenario} › ${s.step}` === expected.step);
          expect(step?.status, `${profile}: ${expected.step}`).toBe("failed");
          expect(step?.reason).toMatch(expected.because);
        } else if (expected.rule) {
          expect(report.findings.map((f) => f.rule)).toContain(expected.rule);
        }
      }
      expect(report.exitCode).toBe(passes ? 0 : 1);
    });
  }
});
