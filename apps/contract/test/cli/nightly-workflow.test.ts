/**
 * The nightly workflow runs mock + live with writes, always sweeps and uploads, keeps its
 * history from night to night, sends report.sarif to code scanning, and its credentials come
 * from secrets.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { parseCommand } from "../../src/cli/args.ts";
import { sarifCategory } from "../../src/sarif-log.ts";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
const path = fileURLToPath(new URL("../../../../.github/workflows/nightly-contract.yml", import.meta.url));
const workflow = parse(readFileSync(path, "utf8")) as {
  on: Record<string, unknown>;
  permissions: Record<string, string>;
  jobs: Record<string, { env: Record<string, string>; steps: Step[] }>;
};
const [job] = Object.values(workflow.jobs);
const steps = job?.steps ?? [];
const stepRunning = (command: RegExp) => steps.findIndex((step) => command.test(step.run ?? ""));

describe("nightly-contract.yml", () => {
  it("runs on a schedule and on demand", () => {
    expect(Object.keys(workflow.on).sort()).toEqual(["schedule", "workflow_dispatch"]);
  });

  it("takes every credential from secrets, never from the file", () => {
    for (const name of ["CLOUDFLARE_API_TOKEN", "CLOUDFLARE_ACCOUNT_ID"]) {
      expect(job?.env[name]).toBe(`\${{ secrets.${name} }}`);
    }
  });

  it("installs with npm ci, runs mock + live with writes, then always sweeps and uploads latest", () => {
    const install = stepRunning(/^npm ci$/);
    const run = stepRunning(/^npm run contract -- --target mock --target live --allow-writes$/);
    const sweep = stepRunning(/^npm run contract -- sweep --target live$/);
    const upload = steps.findIndex((step) => step.uses?.startsWith("actions/upload-artifact"));
    expect([install, run, sweep, upload].every((index) => index >= 0)).toBe(true);
    expect(install < run && run < sweep && sweep < upload).toBe(true);
    // The run step itself has no `if` and no continue-on-error: its exit 1 fails the job.
    expect(steps[run]).not.toHaveProperty("if");
    expect(steps[run]).not.toHaveProperty("continue-on-error");
    expect(steps[sweep]?.if).toBe("always()");
    expect(steps[upload]?.if).toBe("always()");
    expect(String(steps[upload]?.with?.path).trim().split("\n")).toEqual([
      "reports/contract/latest",
      "reports/contract/history.db",
    ]);
  });

  it("restores the newest history before the run and always saves it under a key of its own after", () => {
    const run = stepRunning(/^npm run contract -- --target mock /);
    const restore = steps.findIndex((step) => step.uses?.startsWith("actions/cache/restore@"));
    const save = steps.findIndex((step) => step.uses?.startsWith("actions/cache/save@"));
    expect(restore).toBeGreaterThanOrEqual(0);
    expect(restore < run && run < save).toBe(true);
    const [restored, saved] = [steps[restore]?.with ?? {}, steps[save]?.with ?? {}];
    // The path the run reads and writes by default: <report-dir>/history.db.
    for (const step of [restored, saved]) expect(step.path).toBe("reports/contract/history.db");
    expect(saved.key).toBe(`contract-history-\${{ github.run_id }}`);
    expect(restored.key).toBe(saved.key);
    expect(restored["restore-keys"]).toBe("contract-history-");
    expect(steps[restore]).not.toHaveProperty("if");
    expect(steps[save]?.if).toBe("always()");
  });

  it("always uploads report.sarif to code scanning after the run, under the category of the run's targets", () => {
    const run = stepRunning(/^npm run contract -- --target mock /);
    const upload = steps.findIndex((step) => step.uses?.startsWith("github/codeql-action/upload-sarif@"));
    expect(upload).toBeGreaterThan(run);
    expect(steps[upload]?.if).toBe("always() && hashFiles('reports/contract/latest/report.sarif') != ''");
    expect(steps[upload]?.with).toEqual({ sarif_file: "reports/contract/latest/report.sarif" });
    expect(workflow.permissions["security-events"]).toBe("write");
    // No `category` input: upload-sarif keeps the one the file names, which the CLI derives from
    // the run step's targets — one category per set of targets.
    const args = (steps[run]?.run ?? "").replace(/^npm run contract -- /, "").split(" ");
    const command = parseCommand(args);
    if (command.kind !== "run") throw new Error(`the nightly step is not a run: ${steps[run]?.run}`);
    const targets = command.targets.map((name) => ({ name }));
    expect(sarifCategory({ targets })).toBe("contract/mock+live/");
  });
});
