/** runContract in-process: a scenario that throws is errored and fails the run; the others still run. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { parseCommand } from "../../src/cli/args.ts";
import { prepareRun, type RunCommand } from "../../src/cli/prepare.ts";
import { runContract } from "../../src/run.ts";
import { COLLECTION } from "../../src/scenarios/operations.ts";
import type { Scenario } from "../../src/scenarios/types.ts";

const reportsRoot = mkdtempSync(join(tmpdir(), "contract-run-"));
afterAll(() => rmSync(reportsRoot, { recursive: true, force: true }));

const throwing: Scenario = {
  name: "throws",
  summary: "its second step throws before sending anything",
  init: () => ({}),
  steps: [
    {
      name: "list",
      operation: "listEntries",
      send: (env) => env.api.GET(COLLECTION, { params: { path: { account_id: env.accountId } } }),
      expect: [],
    },
    {
      name: "boom",
      operation: "getEntry",
      send: () => Promise.reject(new Error("scenario bug")),
      expect: [],
    },
    {
      name: "after",
      operation: "listEntries",
      send: (env) => env.api.GET(COLLECTION, { params: { path: { account_id: env.accountId } } }),
      expect: [],
    },
  ],
};

describe("runContract", () => {
  it("reports a throwing step as errored, the rest of its scenario as not run, and still runs the others", async () => {
    const command = parseCommand([
      "--target",
      "sandbox",
      "--scenario",
      "auth",
      "--report-dir",
      reportsRoot,
    ]) as RunCommand;
    const options = await prepareRun(command, { signal: new AbortController().signal, env: {} });
    const done: string[] = [];
    const report = await runContract(
      { ...options, scenarios: [throwing, ...options.scenarios] },
      { targetStarted() {}, scenarioStarted() {}, scenarioDone: (outcome) => done.push(outcome.scenario) },
    );
    expect(done.sort()).toEqual(["auth", "throws"]);
    expect(report.steps.map((s) => [s.scenario, s.step, s.status, s.reason])).toEqual([
      ["throws", "list", "passed", undefined],
      ["throws", "boom", "errored", "scenario bug"],
      ["throws", "after", "not-applicable", 'not run: step "boom" errored'],
      ["auth", "no credentials", "passed", undefined],
      ["auth", "unknown token", "passed", undefined],
      ["cleanup", "cleanup-verified", "passed", undefined],
    ]);
    expect(report.findings.filter((f) => f.severity !== "info")).toEqual([]);
    expect(report.exitCode).toBe(1);
  });
});
