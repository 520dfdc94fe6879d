/**
 * Generation in a run, through the CLI as a child process: a default run
 * generates on the sandbox and prints its seed; `--seed` replays the same
 * requests; a fault only generation finds fails the run with a finding that
 * names its failure class, with its shrunk sequence and curl lines, followed by
 * the history until it is resolved; the failing seed is remembered and replayed first by
 * the next runs until it passes; `--examples 0` turns it off; `--coverage-min`
 * gates; bad values are one line, exit 2.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "@impersonation-registry/engine";
import type { Sandbox } from "@impersonation-registry/sandbox";
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

const TIMEOUT = { timeout: 180_000 };
let dir: string;

async function run(args: string[], env: Record<string, string> = {}, reportDir = join(dir, "runs")) {
  const result = await runCli([...args, "--report-dir", reportDir], env);
  return { ...result, report: latestReport(reportDir, result) };
}

/** What generation sent, without what changes from run to run (run ids in names, server-issued ids). */
const sent = (report: RunReport) =>
  report.exchanges
    .filter((exchange) => exchange.scenario === "generated")
    .map((exchange) => `${exchange.request.method} ${exchange.operation} ${exchange.response.status}`);

beforeAll(() => {
  dir = tempDir("generation");
});
afterAll(async () => {
  await killChildren();
  removeDir(dir);
});

describe("generated inputs and sequences in a run", () => {
  it(
    "a default sandbox run generates, prints its seed, and --seed replays the same requests",
    TIMEOUT,
    async () => {
      const first = await run(["--target", "sandbox", "--examples", "150"]);
      expect(first.code, first.stderr).toBe(0);
      const seed = first.report.seed as number;
      expect(first.stdout).toContain(`generated: seed ${seed} (replay: --seed ${seed})`);
      const [sandbox] = first.report.generation ?? [];
      expect(sandbox).toMatchObject({ target: "sandbox", seed, budget: 150, failures: [] });
      expect(sandbox?.requests).toBeGreaterThan(0);
      expect(sandbox?.requests).toBeLessThanOrEqual(150);
      expect(sandbox?.coverage.total).toBeGreaterThan(0);
      // The statuses the spec documents that generation never got, by name, in the console and summary.md.
      const never = sandbox?.coverage.cells.filter(
        (cell) => cell.dimension === "status" && cell.key === "5XX",
      );
      expect(never?.every((cell) => cell.requests === 0)).toBe(true);
      expect(first.stdout).toMatch(/documented statuses never seen: .*5XX/);
      const summary = readFileSync(join(dir, "runs", "latest", "summary.md"), "utf8");
      expect(summary).toMatch(/sandbox: documented statuses never seen: .*`listEntries 5XX`/);
      const again = await run(["--target", "sandbox", "--examples", "150", "--seed", String(seed)]);
      expect(sent(again.report)).toEqual(sent(first.report));
      // The history keeps each run's seed, and names a status never seen only when no kept run got it.
      const listing = JSON.parse(
        (await runCli(["history", "--report-dir", join(dir, "runs"), "--format", "json"])).stdout,
      );
      expect(listing.runs.map((r: { seed?: number }) => r.seed)).toEqual([seed, seed]);
      const neverSeen = (one: typeof first) => one.report.generation?.[0]?.neverSeen ?? [];
      const [before, after] = [neverSeen(first), neverSeen(again)];
      expect(before).toContain("listEntries 5XX");
      expect(after).toEqual(before.filter((name) => after.includes(name)));
    },
  );

  it("--examples 0 generates nothing; --scenario without generated neither", TIMEOUT, async () => {
    for (const args of [
      ["--examples", "0"],
      ["--scenario", "auth"],
    ]) {
      const { code, report } = await run(["--target", "sandbox", ...args]);
      expect(code).toBe(0);
      expect(report.seed).toBeUndefined();
      expect(report.steps.filter((step) => step.scenario === "generated")).toEqual([]);
    }
  });

  it("--coverage-min fails a run below it", TIMEOUT, async () => {
    const { code, report } = await run(["--target", "sandbox", "--examples", "50", "--coverage-min", "100"]);
    expect(code).toBe(1);
    expect(report.steps).toContainEqual(
      expect.objectContaining({ scenario: "generated", step: "coverage ≥ 100%", status: "failed" }),
    );
  });

  it(
    "a fault only generation finds fails the run; its seed is replayed first until it passes",
    TIMEOUT,
    async () => {
      const seed = seedWithUniqueToken(dir);
      const sandbox: Sandbox = await testSandbox({ seed: seed.seed, adminToken: ADMIN_TOKEN });
      try {
        const reportDir = join(dir, "fault");
        const env = envFor(sandbox, seed.token);
        const args = (s: number) => [
          "--target",
          "sandbox",
          "--sandbox-url",
          sandbox.baseUrl,
          "--seed",
          String(s),
        ];
        await setDrift(sandbox, "search-wildcards");
        const failed = await run(args(1), env, reportDir);
        expect(failed.code).toBe(1);
        const [failure] = failed.report.generation?.[0]?.failures ?? [];
        expect(failure?.class).toMatchObject({
          rule: "lists no entry the query excludes",
          operation: "listEntries",
        });
        expect(failure?.sequence.length).toBeGreaterThan(0);
        expect(failure?.curl.join("\n")).toContain("search=");
        expect(failure?.curl.join("\n")).not.toContain(seed.token);
        // A finding per failure class: its fingerprint names the class, its curl lines replay the
        // shrunk sequence, and it fails the run at the default severity.
        const finding = (report: RunReport) =>
          report.findings.find((f) => f.rule === "generated-model-mismatch");
        expect(finding(failed.report)).toMatchObject({
          severity: "breaking",
          target: "sandbox",
          scenario: "generated",
          step: "lists no entry the query excludes",
          operation: "listEntries",
          pointer: "/result",
          curl: failure?.curl.join("\n"),
          new: true,
        });
        expect(failed.stdout).toContain(
          "breaking generated-model-mismatch · sandbox · listEntries /result · generated › lists no entry the query excludes",
        );
        // The shrunk failure's last request as a curl line in the console too.
        expect(failed.stdout).toContain(
          `lists no entry the query excludes · listEntries: ${failure?.curl.at(-1)}`,
        );

        // Still broken: a run exploring seed 2 replays seed 1 first, and it fails again — the same
        // finding, whatever the seed: not new, seen in 2 runs.
        const replayed = await run(args(2), env, reportDir);
        expect(replayed.report.generation?.[0]?.runs).toEqual([
          { seed: 1, replay: true, failed: true },
          expect.objectContaining({ seed: 2, replay: false }),
        ]);
        expect(finding(replayed.report)).toMatchObject({
          fingerprint: finding(failed.report)?.fingerprint,
          new: false,
          seenInRuns: 2,
        });
        // Fixed: the replay passes, the seed is forgotten and the finding resolved (generation looked).
        await setDrift(sandbox, null);
        const fixed = await run(args(3), env, reportDir);
        expect(fixed.code).toBe(0);
        expect(fixed.report.generation?.[0]?.runs[0]).toEqual({ seed: 1, replay: true, failed: false });
        expect(fixed.report.resolved.map((r) => r.fingerprint)).toContain(
          finding(failed.report)?.fingerprint,
        );
        const after = await run(args(4), env, reportDir);
        expect(after.report.generation?.[0]?.runs).toEqual([{ seed: 4, replay: false, failed: false }]);
      } finally {
        await sandbox.close();
      }
    },
  );

  it("refuses bad values in one line, exit 2", TIMEOUT, async () => {
    const cases: [string[], RegExp][] = [
      [["--examples", "1.5"], /--examples must be a whole number from 0/],
      [["--seed", "x"], /--seed must be a whole number/],
      [["--coverage-min", "101"], /--coverage-min must be a percentage from 0 to 100/],
      [["--examples", "0", "--seed", "3"], /--seed and --coverage-min need generation/],
    ];
    for (const [args, message] of cases) {
      const result = await runCli(args);
      expect(result.code, args.join(" ")).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});
