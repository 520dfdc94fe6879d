/**
 * The latency rule's precision, measured: twelve clean default runs of the
 * in-process sandbox (one series, as night after night) on this shared machine,
 * one history — and not one latency-regression, nor any other observed finding.
 * A rule that fires on noise gets the nightly switched off; keep this passing.
 */
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { killChildren, latestReport, removeDir, runCli, tempDir } from "./helpers.ts";

const RUNS = 12;
let dir: string;
const observedPerRun: string[][] = [];
const exitCodes: (number | null)[] = [];

beforeAll(async () => {
  dir = tempDir("latency-precision");
  for (let i = 0; i < RUNS; i++) {
    const result = await runCli(["--target", "sandbox", "--report-dir", join(dir, "reports")]);
    exitCodes.push(result.code);
    const report = latestReport(join(dir, "reports"), result);
    observedPerRun.push(
      report.findings
        .filter((f) => f.rule === "latency-regression" || f.rule.startsWith("observed-"))
        .map((f) => `${f.rule} ${f.operation} ${f.pointer}`),
    );
  }
}, 240_000);
afterAll(async () => {
  await killChildren();
  removeDir(dir);
});

describe(`${RUNS} clean sandbox runs in one history`, () => {
  it("all exit 0", () => expect(exitCodes).toEqual(Array(RUNS).fill(0)));
  it("raise no latency-regression and no observed-* finding in any run", () =>
    expect(observedPerRun).toEqual(Array(RUNS).fill([])));
});
