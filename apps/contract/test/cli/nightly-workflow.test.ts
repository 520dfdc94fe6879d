/** The nightly workflow runs mock + live with writes, always sweeps and uploads, and its credentials come from secrets. */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

interface Step {
  uses?: string;
  run?: string;
  if?: string;
  with?: Record<string, unknown>;
}
const path = fileURLToPath(new URL("../../../../.github/workflows/nightly-contract.yml", import.meta.url));
const workflow = parse(readFileSync(path, "utf8")) as {
  on: Record<string, unknown>;
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
    expect(steps[upload]?.with?.path).toBe("reports/contract/latest");
  });
});
