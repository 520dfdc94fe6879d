/**
 * The history never costs a run: a file that cannot be used is one warning line
 * and the run goes on (and exits) as without history, leaving the file alone;
 * --no-history writes nothing; two runs recording into one history at once both
 * succeed. The `history` command: "no history yet" for a missing file (exit 0),
 * one line and exit 2 for an unreadable one.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { DatabaseSync } from "node:sqlite";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  envFor,
  killChildren,
  latestReport,
  removeDir,
  runCli,
  type testSandbox as TestSandbox,
  tempDir,
  testSandbox,
} from "./helpers.ts";

let dir: string;
let sandbox: Awaited<ReturnType<typeof TestSandbox>>;
beforeAll(async () => {
  dir = tempDir("history-unusable");
  sandbox = await testSandbox();
});
afterAll(async () => {
  await killChildren();
  await sandbox?.close();
  removeDir(dir);
});

const run = (reportDir: string, extra: string[]) =>
  runCli(
    [
      "--target",
      "sandbox",
      "--sandbox-url",
      sandbox.baseUrl,
      "--scenario",
      "auth",
      "--report-dir",
      reportDir,
      ...extra,
    ],
    envFor(sandbox),
  );

// [what, make the file at path, the warning's reason]
const UNUSABLE: [string, (path: string) => void, string][] = [
  ["a garbage file", (path) => writeFileSync(path, "not a database\n".repeat(200)), "file is not a database"],
  [
    "a database of a newer schema version",
    (path) => {
      const db = new DatabaseSync(path);
      db.exec("PRAGMA user_version = 7");
      db.close();
    },
    "schema version 7 is newer than this contract app knows (4)",
  ],
  ["a directory where the file should be", (path) => mkdirSync(path), "unable to open database file"],
];

describe("a history that cannot be used", () => {
  for (const [what, make, reason] of UNUSABLE) {
    it(`${what}: one warning line, the run completes and exits as without history, the file untouched`, async () => {
      const reportDir = join(dir, what.replaceAll(" ", "-"));
      mkdirSync(reportDir);
      const path = join(reportDir, "history.db");
      make(path);
      const contents = () =>
        statSync(path).isDirectory() ? "a directory" : readFileSync(path).toString("base64");
      const before = contents();
      const result = await run(reportDir, []);
      expect(result.stderr).toBe(
        `contract: warning: history ${path} cannot be read: ${reason}; this run goes on without history\n`,
      );
      expect(result.code).toBe(0);
      const report = latestReport(reportDir, result);
      expect(report.resolved).toEqual([]);
      for (const finding of report.findings) expect(finding).toMatchObject({ new: true, seenInRuns: 1 });
      expect(contents()).toBe(before);
      expect(readdirSync(reportDir).filter((name) => name.startsWith("history.db"))).toEqual(["history.db"]);

      const listing = await runCli(["history", "--history", path]);
      expect(listing.code).toBe(2);
      expect(listing.stdout).toBe("");
      expect(listing.stderr).toBe(`contract: history ${path} cannot be read: ${reason}\n`);
    });
  }
});

describe("no history", () => {
  it("--no-history reads and writes none, and says nothing about it", async () => {
    const reportDir = join(dir, "off");
    const result = await run(reportDir, ["--no-history"]);
    expect(result.code).toBe(0);
    expect(result.stdout).not.toMatch(/^history/m);
    expect(existsSync(join(reportDir, "history.db"))).toBe(false);
    expect(latestReport(reportDir, result).findings.every((f) => f.new)).toBe(true);
  });

  it("the history command before any run: one line, exit 0", async () => {
    const result = await runCli(["history", "--report-dir", join(dir, "never")]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toBe(`no history at ${join(dir, "never", "history.db")} yet\n`);
  });
});

describe("two runs at once on one history", () => {
  it("both succeed and both are recorded", async () => {
    const path = join(dir, "shared.db");
    const results = await Promise.all(
      ["a", "b"].map((name) => run(join(dir, `concurrent-${name}`), ["--history", path])),
    );
    expect(results.map((r) => [r.code, r.stderr])).toEqual([
      [0, ""],
      [0, ""],
    ]);
    const listing = JSON.parse((await runCli(["history", "--history", path, "--format", "json"])).stdout);
    expect(listing.runs.map((r: { runId: string }) => r.runId).sort()).toEqual(
      ["a", "b"].map((name) => latestReport(join(dir, `concurrent-${name}`)).runId).sort(),
    );
  });
});
