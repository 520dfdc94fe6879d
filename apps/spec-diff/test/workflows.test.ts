/**
 * The GitHub workflows parse, call only root scripts that exist, and ci.yml
 * runs the steps the spec-change workflow relies on, in order.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const workflowsDir = `${root}.github/workflows/`;
const scripts: Record<string, string> = JSON.parse(await readFile(`${root}package.json`, "utf8")).scripts;

interface Step {
  name?: string;
  uses?: string;
  run?: string;
  if?: string;
  env?: Record<string, string>;
  with?: Record<string, unknown>;
}
interface Workflow {
  on: Record<string, unknown>;
  jobs: Record<string, { steps: Step[]; strategy?: { matrix?: { node?: number[] } } }>;
}

const files = (await readdir(workflowsDir)).filter((file) => /\.ya?ml$/.test(file)).sort();
const workflows = await Promise.all(
  files.map(
    async (file) => [file, parse(await readFile(`${workflowsDir}${file}`, "utf8")) as Workflow] as const,
  ),
);

/** `npm run X`, `npm run-script X` and `npm test` name root scripts; `npm ci` does not. */
function npmScripts(run: string): string[] {
  const named = [...run.matchAll(/\bnpm\s+(?:run|run-script)\s+(?:(?:-s|--silent)\s+)?([\w:.-]+)/g)].map(
    (m) => m[1] as string,
  );
  const tests = [...run.matchAll(/\bnpm\s+(?:test|t)\b/g)].map(() => "test");
  return [...named, ...tests];
}

const steps = (workflow: Workflow) => Object.values(workflow.jobs).flatMap((job) => job.steps);

describe("npmScripts", () => {
  it.each([
    ["npm run lint", ["lint"]],
    ["npm run -s spec:diff -- --base x", ["spec:diff"]],
    ["npm ci\nnpm test", ["test"]],
    ["npm run generate -- --check && npm run no-such-script", ["generate", "no-such-script"]],
  ])("finds the scripts in %j", (run, expected) => {
    expect(npmScripts(run)).toEqual(expected);
  });
});

describe.each(workflows)("%s", (_file, workflow) => {
  it("parses into jobs with steps", () => {
    expect(Object.keys(workflow.jobs).length).toBeGreaterThan(0);
    for (const job of Object.values(workflow.jobs)) expect(job.steps.length).toBeGreaterThan(0);
  });

  it("calls only npm scripts that the root package.json defines", () => {
    const called = steps(workflow).flatMap((step) => npmScripts(step.run ?? ""));
    expect(called.filter((name) => !(name in scripts))).toEqual([]);
  });
});

describe("ci.yml", () => {
  const ci = workflows.find(([file]) => file === "ci.yml")?.[1] as Workflow;
  const all = steps(ci);
  const runs = all.map((step) => step.run ?? "").join("\n");

  it("runs on push and pull_request, on Node 20 and 24", () => {
    expect(Object.keys(ci.on).sort()).toEqual(["pull_request", "push"]);
    expect(Object.values(ci.jobs)[0]?.strategy?.matrix?.node).toEqual([20, 24]);
  });

  it("checks out the full history, caches npm and turbo", () => {
    expect(all.find((step) => step.uses?.startsWith("actions/checkout"))?.with).toEqual({ "fetch-depth": 0 });
    expect(all.find((step) => step.uses?.startsWith("actions/setup-node"))?.with?.cache).toBe("npm");
    expect(all.find((step) => step.uses?.startsWith("actions/cache"))?.with?.path).toContain(".turbo/cache");
  });

  it("runs install, lint, generate check, spec:diff, build, test and contract in that order", () => {
    const order = [
      "npm ci",
      "npm run lint",
      "npm run generate -- --check",
      "npm run spec:diff",
      "npm run build",
      "npm test",
      "npm run contract",
    ];
    const positions = order.map((command) => runs.indexOf(command));
    expect(positions.every((position) => position >= 0)).toBe(true);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
    expect(runs).toMatch(/spec:diff -- .*--format md .*--append-to "\$GITHUB_STEP_SUMMARY"/);
  });

  it("runs spec:diff once, against the pull request's base, where GitHub Actions lets it annotate", () => {
    const specDiff = all.filter((step) => /\bnpm run spec:diff\b/.test(step.run ?? ""));
    expect(specDiff).toHaveLength(1);
    const [step] = specDiff as [Step];
    // One leg of the matrix: every script runs on the bundled Node 24 in both, so twice would annotate twice.
    expect(step.if).toBe("matrix.node == 24");
    expect(Object.values(ci.jobs)[0]?.strategy?.matrix?.node).toContain(24);
    // The base branch of a pull request (through env: a branch name is untrusted input).
    expect(step.env?.BASE_REF).toBe(`\${{ github.base_ref }}`);
    expect(step.run).toContain('base=(--base "origin/$BASE_REF")');
    // Annotations need GITHUB_ACTIONS as the runner sets it ("true"), and a run that goes on.
    expect(step.env).not.toHaveProperty("GITHUB_ACTIONS");
    expect(step.run).toMatch(/--fail-on none/);
  });

  it("uploads the contract reports even when a step failed", () => {
    const upload = all.find((step) => step.uses?.startsWith("actions/upload-artifact"));
    expect(upload?.if).toBe("always()");
    expect(upload?.with?.path).toBe("reports/contract/latest");
  });
});
