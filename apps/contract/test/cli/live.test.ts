/**
 * The live target, for real, against a sandbox standing in for Cloudflare
 * (CLOUDFLARE_BASE_URL), behind a proxy that records every request. Its seed
 * has a write token unique to this test, so a leak could only be ours.
 */
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readJournal } from "../../src/safety/journal.ts";
import {
  entriesOf,
  envFor,
  filesContaining,
  killChildren,
  latestReport,
  recordingProxy,
  removeDir,
  runCli,
  seedWithUniqueToken,
  tempDir,
  testSandbox,
} from "./helpers.ts";

afterEach(() => killChildren());

let dir: string;
let seed: { seed: string; token: string };
beforeAll(() => {
  dir = tempDir("live");
  seed = seedWithUniqueToken(dir);
});
afterAll(() => removeDir(dir));

async function liveRun(name: string, extra: string[]) {
  const sandbox = await testSandbox({ seed: seed.seed });
  const proxy = await recordingProxy(sandbox.origin);
  try {
    const before = await entriesOf(sandbox);
    const reportDir = `${dir}/${name}`;
    const env = { ...envFor(sandbox), CLOUDFLARE_BASE_URL: `${proxy.origin}/client/v4` };
    const result = await runCli(["--target", "live", "--report-dir", reportDir, ...extra], env);
    return {
      result,
      reportDir,
      report: latestReport(reportDir, result),
      before,
      after: await entriesOf(sandbox),
      seen: proxy.seen,
    };
  } finally {
    await proxy.close();
    await sandbox.close();
  }
}

describe("live target", () => {
  it("without --allow-writes sends only GETs, changes nothing and says so", async () => {
    const { result, report, before, after, seen, reportDir } = await liveRun("read-only", []);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(seen.length).toBeGreaterThan(20);
    expect(new Set(seen.map((request) => request.method))).toEqual(new Set(["GET", "HEAD"]));
    expect(after).toEqual(before);
    expect(report.notes).toContain("live: writes disabled (no --allow-writes): only GET steps ran");
    expect(result.stdout).toContain("live: writes disabled (no --allow-writes): only GET steps ran");
    const writes = report.steps.filter((step) =>
      ["createEntry", "updateEntry", "deleteEntry"].includes(step.operation),
    );
    expect(writes.length).toBeGreaterThan(0);
    for (const step of writes) {
      expect(step).toMatchObject({ status: "not-applicable", attempts: 0 });
      expect(step.reason).toContain("--allow-writes");
    }
    expect(filesContaining(reportDir, seed.token)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(seed.token);
  });

  it("with --allow-writes runs every step, leaves pre-existing entries unchanged field by field and nothing behind", async () => {
    const { result, report, before, after, seen, reportDir } = await liveRun("writes", ["--allow-writes"]);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(new Set(seen.map((request) => request.method))).toEqual(
      new Set(["HEAD", "GET", "POST", "PATCH", "DELETE"]),
    );
    // Same entries, every field identical: the directory-synced PATCH re-sent a value, and every created entry is gone.
    expect(after).toEqual(before);
    expect(report.steps.filter((step) => step.status !== "passed")).toEqual([]);
    const journal = readJournal(`${reportDir}/${report.runId}/journal.jsonl`);
    const created = journal
      .filter((event) => event.event === "created")
      .map((event) => (event as { id: string }).id);
    const deleted = journal
      .filter((event) => event.event === "deleted")
      .map((event) => (event as { id: string }).id);
    expect(created.length).toBeGreaterThan(0);
    expect(deleted.sort()).toEqual(created.sort());
    const names = journal.flatMap((event) => (event.event === "created" ? [event.name] : []));
    for (const name of names) expect(name.startsWith(`contract-test ${report.runId} `)).toBe(true);
    expect(filesContaining(reportDir, seed.token)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(seed.token);
  });
});
