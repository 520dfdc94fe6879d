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
import { type DriftProfileId, driftProfiles, type Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { RunReport } from "../../src/model.ts";
import { runContract } from "../../src/run.ts";
import { parseCommand } from "../../src/runner/args.ts";
import { prepareRun, type RunCommand } from "../../src/runner/prepare.ts";
import { envFor, limiter, removeDir, tempDir, testSandbox } from "../cli/helpers.ts";

type Caught =
  /** A finding of this rule (at this pointer, on the sandbox) fails the run. */
  | { rule: string; pointer: string }
  /** This step fails (`scenario › step`), with a reason matching `because`. */
  | { step: string; because: RegExp }
  /** The run passes at the default severity, for this reason; this rule still reports the drift. */
  | { passesBecause: string; rule?: string };

/** Profile → what must name it. The README's "Drift matrix" table says the same, in prose. */
export const MATRIX: Record<DriftProfileId, Caught[]> = {
  "rename-field": [
    { step: "lifecycle › create", because: /sets id, created_at, modified_at: modified_at missing/ },
  ],
  "extra-field": [
    {
      passesBecause:
        "an added field breaks no consumer: undocumented-field is additive, and fails a run with --fail-on additive",
      rule: "undocumented-field",
    },
  ],
  "type-change": [{ rule: "schema-type", pointer: "/result/*/is_email_regex" }],
  "drop-required": [{ rule: "schema-required", pointer: "/messages" }],
  "unknown-enum": [{ rule: "schema-enum", pointer: "/result/*/provenance" }],
  "undocumented-status": [{ rule: "undocumented-status", pointer: "/status" }],
  "wrong-content-type": [{ rule: "content-type", pointer: "/headers/content-type" }],
  "null-not-nullable": [{ rule: "schema-nullable", pointer: "/result/*/name" }],
  "search-ignored": [
    { step: "list-behaviour › search one name", because: /of the other entries are listed too/ },
  ],
  "filter-ignored": [
    {
      step: "list-behaviour › provenance SNOOPY-OFFICE_365",
      because: /every entry has provenance SNOOPY-OFFICE_365/,
    },
  ],
  "filter-empty": [
    {
      step: "list-behaviour › provenance A1S_INTERNAL",
      because: /lists the five entries created: 0 of them/,
    },
  ],
  "order-ignored": [{ step: "list-behaviour › order name asc, page 1", because: /not sorted/ }],
  "per-page-clamped": [{ step: "list-parameters › per_page 1000", because: /per_page 50/ }],
  "page-ignored": [{ step: "list-behaviour › walk page 2", because: /entries of earlier pages again/ }],
  "delete-noop": [
    { step: "lifecycle › get after delete", because: /status 200/ },
    { step: "cleanup › cleanup-verified", because: /are still there/ },
  ],
  "patch-noop": [{ step: "lifecycle › get after patch", because: /differs in name/ }],
  "patch-resets": [{ step: "lifecycle › patch name", because: /differs in comments/ }],
  "list-leaks-deleted": [{ step: "lifecycle › gone from list", because: /still in the search results/ }],
  "error-status-swap": [
    {
      step: "invalid-input › create: missing required email",
      because: /answers 400 \(invalid input\): status 422/,
    },
  ],
  "error-code-change": [
    {
      passesBecause:
        "the spec documents no error codes and Cloudflare publishes none for validation errors, so a new code breaks no documented promise; the history rule observed-error-code-changed (additive) reports it once a target has 3 earlier runs",
    },
  ],
  "missing-field": [{ step: "lifecycle › create", because: /returns what was sent: differs in email/ }],
  "result-info-wrong": [
    { step: "list-behaviour › walk page 1", because: /count 3 for 2 entries.*total_count undefined/ },
  ],
  "cf-ray-missing": [{ rule: "missing-header", pointer: "/headers/cf-ray" }],
};

let dir: string;
const runs = new Map<string, Promise<RunReport>>();
const limit = limiter(3);

/** The default scenario set and severity, on the sandbox only, started with `drift` (none: clean). */
async function runAgainst(drift: DriftProfileId | null): Promise<RunReport> {
  const sandbox: Sandbox = await testSandbox({ drift });
  try {
    const args = ["--target", "sandbox", "--sandbox-url", sandbox.baseUrl, "--report-dir", dir];
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
          const found = report.findings.filter((f) => f.rule === expected.rule && f.target === "sandbox");
          expect(
            found.map((f) => f.pointer),
            `${profile}: ${expected.rule}`,
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
