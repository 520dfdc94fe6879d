/**
 * Output a machine reads: every command whose stdout is data, run from the
 * repository root through `npm run -s …` exactly as a user types it — so the
 * root script's turbo build runs first — prints that data alone on stdout: JSON
 * that parses, a patch `git apply --check` accepts in a git repository holding
 * a copy of the spec, a listing equal to the one the code renders. turbo's
 * lines, progress and accounts go to stderr. The runs that give `history` and
 * `suggest` something to read are real CLI runs against a sandbox started here.
 */
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { HELP } from "../../src/cli/help.ts";
import { renderList } from "../../src/cli/list.ts";
import { loadSpec } from "../../src/cli/spec.ts";
import { buildScenarios } from "../../src/scenarios/index.ts";
import { git, specRepo } from "../suggest/helpers.ts";
import {
  ADMIN_TOKEN,
  type CliResult,
  envFor,
  killChildren,
  removeDir,
  runCli,
  setDrift,
  startNpm,
  tempDir,
  testSandbox,
} from "./helpers.ts";

const TIMEOUT = 60_000;

let dir: string;
let sandbox: Sandbox;
const reportDir = (name: string) => join(dir, name);

beforeAll(async () => {
  dir = tempDir("machine");
  sandbox = await testSandbox({ adminToken: ADMIN_TOKEN });
  const run = (name: string) =>
    runCli(
      [
        "--target",
        "sandbox",
        "--sandbox-url",
        sandbox.baseUrl,
        "--scenario",
        "lifecycle",
        "--report-dir",
        reportDir(name),
      ],
      envFor(sandbox),
    );
  // A clean run, then one whose entries carry an undocumented field, into two report directories.
  const clean = await run("clean");
  expect(clean.code, clean.stderr).toBe(0);
  await setDrift(sandbox, "extra-field");
  const drifted = await run("drifted");
  expect(drifted.code, drifted.stderr).toBe(0);
}, 120_000);
afterEach(() => killChildren());
afterAll(async () => {
  await sandbox?.close();
  removeDir(dir);
});

/** The JSON a command printed on stdout; a failure shows what else was there. */
function parsed(result: CliResult): unknown {
  expect(result.code, result.stderr).toBe(0);
  try {
    return JSON.parse(result.stdout);
  } catch (error) {
    throw new Error(`stdout is not JSON (${(error as Error).message}): ${result.stdout.slice(0, 500)}`);
  }
}

describe("--format json prints JSON alone on stdout", () => {
  const CASES: [name: string, args: () => string[], check: (data: Record<string, unknown>) => void][] = [
    [
      "contract history, no history yet",
      () => ["contract", "--", "history", "--format", "json", "--report-dir", reportDir("none")],
      (data) => expect(data).toMatchObject({ totalRuns: 0, runs: [], open: [] }),
    ],
    [
      "contract history, after a run",
      () => ["contract", "--", "history", "--format", "json", "--report-dir", reportDir("drifted")],
      (data) => expect(data).toMatchObject({ totalRuns: 1, runs: [{ targets: ["sandbox"] }] }),
    ],
    [
      "spec:diff",
      () => ["spec:diff", "--", "--format", "json", "--base", "HEAD"],
      (data) => expect(Object.keys(data)).toEqual(expect.arrayContaining(["findings", "bump"])),
    ],
  ];
  for (const [name, args, check] of CASES) {
    it(
      name,
      async () => {
        const result = await startNpm(args()).done;
        check(parsed(result) as Record<string, unknown>);
      },
      TIMEOUT,
    );
  }
});

/** `npm run -s contract -- suggest` on the latest report of one of the runs above. */
const suggestOn = (run: string) =>
  startNpm(["contract", "--", "suggest", "--report", join(reportDir(run), "latest")]).done;

describe("contract suggest prints the patch alone on stdout", () => {
  it(
    "a patch that git apply --check accepts on a copy of the spec; the account on stderr",
    async () => {
      const result = await suggestOn("drifted");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toMatch(/^--- a\/openapi\/impersonation-registry\.yaml\n/);
      expect(result.stderr).toMatch(/^suggest: run \S+: .* \(patch above\)/m);
      const repo = specRepo();
      try {
        await git(repo.dir, ["init", "-q"]);
        await git(repo.dir, ["apply", "--check"], result.stdout);
      } finally {
        repo.remove();
      }
    },
    TIMEOUT,
  );

  it(
    "nothing to suggest: stdout empty, the account on stderr",
    async () => {
      const result = await suggestOn("clean");
      expect(result.code, result.stderr).toBe(0);
      expect(result.stdout).toBe("");
      expect(result.stderr).toMatch(/nothing to suggest/);
    },
    TIMEOUT,
  );
});

describe("text that is the answer is all there is on stdout", () => {
  const CASES: [name: string, args: string[], expected: () => Promise<string>][] = [
    [
      "contract list",
      ["contract", "--", "list"],
      async () => renderList(buildScenarios((await loadSpec(undefined)).spec)),
    ],
    ["contract --help", ["contract", "--", "--help"], async () => HELP],
  ];
  for (const [name, args, expected] of CASES) {
    it(
      name,
      async () => {
        const result = await startNpm(args).done;
        expect(result.code, result.stderr).toBe(0);
        expect(result.stdout).toBe(await expected());
      },
      TIMEOUT,
    );
  }

  it(
    "npm run sandbox: stdout opens with the base URL and the CLOUDFLARE_* lines to copy",
    async () => {
      const { child } = startNpm(["sandbox", "--", "--port", "0", "--db", ":memory:"]);
      const lines: string[] = [];
      for await (const line of createInterface({ input: child.stdout as NonNullable<typeof child.stdout> })) {
        lines.push(line);
        if (line === "Press Ctrl-C to stop.") break;
      }
      expect(lines[0]).toMatch(
        /^Impersonation Registry sandbox listening on http:\/\/127\.0\.0\.1:\d+\/client\/v4$/,
      );
      for (const line of lines.slice(1, -1)) expect(line).toMatch(/^(CLOUDFLARE_[A-Z_]+=\S+|#.*)$/);
    },
    TIMEOUT,
  );
});
