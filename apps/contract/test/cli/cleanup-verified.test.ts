/**
 * "A run ends with the account as it found it, or says exactly what is left."
 * The live target, for real, against a sandbox whose DELETE answers 200 and
 * keeps the entry (`delete-noop`): a normal run, an interrupted run and
 * `sweep` each prove the account clean by listing it and re-reading — and
 * here cannot, so they name the survivors, print the sweep command and exit
 * 1 (130 when interrupted). A clean run shows the verification passing, with
 * nothing else on the console. A server that ignores `page` makes sweep stop
 * with one line (exit 2) after a bounded number of requests, and the client's
 * listAll throw PaginationError just as fast.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createClient, PaginationError } from "@impersonation-registry/client";
import type { RunReport } from "@impersonation-registry/engine";
import type { Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readJournal } from "../../src/safety/journal.ts";
import { SWEEP_COMMAND } from "../../src/targets/live.ts";
import {
  ADMIN_TOKEN,
  entriesOf,
  envFor,
  killChildren,
  latestReport,
  recordingProxy,
  removeDir,
  runCli,
  seedWithUniqueToken,
  setDrift,
  startCli,
  tempDir,
  testSandbox,
  waitFor,
} from "./helpers.ts";

let dir: string;
const sandboxes: Sandbox[] = [];
beforeAll(() => {
  dir = tempDir("cleanup-verified");
});
afterEach(async () => {
  await killChildren();
  await Promise.all(sandboxes.splice(0).map((sandbox) => sandbox.close()));
});
afterAll(() => removeDir(dir));

async function sandboxWith(drift: "delete-noop" | "page-ignored" | null, entries = 0) {
  const { seed, token } = seedWithUniqueToken(dir, { entries });
  const sandbox = await testSandbox({ seed, drift, adminToken: ADMIN_TOKEN });
  sandboxes.push(sandbox);
  return { sandbox, token, env: envFor(sandbox, token) };
}

/** What each of the four reports says about the cleanup of `target`. */
function reportFiles(reportDir: string, report: RunReport) {
  const read = (name: string) => readFileSync(join(reportDir, report.runId, name), "utf8");
  return { markdown: read("summary.md"), junit: read("junit.xml"), html: read("report.html") };
}

const marked = (runId: string) => (entry: { name?: string }) => entry.name?.includes(runId) === true;

describe("a run whose DELETEs answer 200 but keep the entries", () => {
  it("fails cleanup-verified, names the survivors and the sweep command in the console, the journal and all four reports", async () => {
    const { sandbox, token, env } = await sandboxWith("delete-noop");
    const reportDir = join(dir, "noop-run");
    const args = ["--target", "live", "--allow-writes", "--scenario", "lifecycle", "--report-dir", reportDir];
    const result = await runCli(args, env);
    const report = latestReport(reportDir, result);
    const survivors = (await entriesOf(sandbox)).filter(marked(report.runId));

    expect(result.code).toBe(1);
    expect(survivors.length).toBeGreaterThan(0);
    expect(report.cleanup).toEqual([
      expect.objectContaining({
        target: "live",
        survivors: survivors.map((s) => ({ id: s.id, name: s.name })),
      }),
    ]);
    const step = report.steps.find((s) => s.step === "cleanup-verified");
    expect(step).toMatchObject({ target: "live", scenario: "cleanup", status: "failed" });
    for (const survivor of survivors) {
      expect(step?.reason).toContain(survivor.id);
      expect(result.stdout).toContain(survivor.id);
    }
    expect(result.stdout).toContain(SWEEP_COMMAND);
    const journal = readJournal(join(reportDir, report.runId, "journal.jsonl"));
    expect(journal.at(-1)).toEqual(
      expect.objectContaining({
        event: "cleanup-verified",
        target: "live",
        survivors: survivors.map((s) => s.id),
      }),
    );
    const { markdown, junit, html } = reportFiles(reportDir, report);
    for (const text of [markdown, junit, html]) {
      expect(text).toContain("cleanup-verified");
      for (const survivor of survivors) expect(text).toContain(survivor.id);
      expect(text).not.toContain(token);
    }
    expect(junit).toMatch(
      /<testcase classname="contract.live.cleanup" name="cleanup-verified"[^>]*>\s*<failure/,
    );
  });

  it("interrupted by SIGINT: exits 130 with the survivors listed, and its reports say interrupted", async () => {
    const { sandbox, env } = await sandboxWith(null);
    await setDrift(sandbox, "latency");
    const reportDir = join(dir, "noop-interrupted");
    const run = startCli(["--target", "live", "--allow-writes", "--report-dir", reportDir], env);
    const runId = await waitFor(() => /^contract run (\S+):/m.exec(run.output())?.[1], "the run id");
    const journalPath = join(reportDir, runId, "journal.jsonl");
    await waitFor(
      () => existsSync(journalPath) && readJournal(journalPath).some((e) => e.event === "created"),
      "an entry to be created",
    );
    // From now on nothing is really deleted: the cleanup's deletes answer 200 and keep the entries.
    await setDrift(sandbox, "delete-noop");
    run.child.kill("SIGINT");
    const result = await run.done;
    const survivors = (await entriesOf(sandbox)).filter(marked(runId));

    expect(result.code).toBe(130);
    expect(survivors.length).toBeGreaterThan(0);
    for (const survivor of survivors) expect(result.stdout + result.stderr).toContain(survivor.id);
    expect(result.stdout + result.stderr).toContain(SWEEP_COMMAND);
    const report = latestReport(reportDir, result);
    expect(report).toMatchObject({ runId, interrupted: "SIGINT", exitCode: 130 });
    expect(report.cleanup[0]?.survivors.map((s) => s.id).sort()).toEqual(survivors.map((s) => s.id).sort());
    expect(reportFiles(reportDir, report).markdown).toContain("interrupted by SIGINT");
  }, 60_000);

  it("sweep deletes, verifies, retries a survivor once, and exits 1 naming what it could not remove", async () => {
    const { sandbox, env } = await sandboxWith("delete-noop");
    const orphan = await createClient({ ...clientOptions(sandbox, env) }).create({
      name: "contract-test 20200101T000000Z-0a0b0c orphan",
      email: "orphan@example.com",
      is_email_regex: false,
    });
    const proxy = await recordingProxy(sandbox.origin);
    try {
      const result = await runCli(["sweep", "--older-than", "0"], {
        ...env,
        CLOUDFLARE_BASE_URL: `${proxy.origin}/client/v4`,
      });
      expect(result.stderr).toBe("");
      expect(result.code).toBe(1);
      expect(result.stdout).toContain(`could not remove ${orphan.id}`);
      expect(result.stdout).toMatch(/sweep: 0 deleted, 0 marked but too recent, 1 failed/);
      // Two DELETEs (the first, and the one retry), each verified.
      const deletes = proxy.seen.filter((request) => request.method === "DELETE");
      expect(deletes.map((request) => request.path)).toEqual([
        expect.stringContaining(orphan.id as string),
        expect.stringContaining(orphan.id as string),
      ]);
      expect((await entriesOf(sandbox)).map((e) => e.id)).toContain(orphan.id);
    } finally {
      await proxy.close();
    }
  });
});

describe("a clean run", () => {
  it("shows the verification passing, and nothing else about the cleanup on the console", async () => {
    const { env } = await sandboxWith(null);
    const reportDir = join(dir, "clean");
    const result = await runCli(
      ["--target", "live", "--allow-writes", "--scenario", "lifecycle", "--report-dir", reportDir],
      env,
    );
    const report = latestReport(reportDir, result);
    expect(result.stderr).toBe("");
    expect(result.code).toBe(0);
    expect(report.steps.find((s) => s.step === "cleanup-verified")).toMatchObject({ status: "passed" });
    expect(report.cleanup).toEqual([expect.objectContaining({ survivors: [], deleted: 0 })]);
    expect(report.notes.filter((note) => /clean|still there/.test(note))).toEqual([]);
    // Beyond the timing breakdown and the report paths (whose temp directory is named after this test).
    const said = result.stdout.split("\n").filter((line) => !/^(timing|history):|^ {2}\//.test(line));
    const cleanupLines = said.filter((line) => /cleanup|sweep|still there/.test(line));
    expect(cleanupLines).toEqual([expect.stringMatching(/^cleanup\s+passed$/)]);
  });
});

describe("a server that ignores page", () => {
  // More entries than a page of 1000 holds: the account walk sees a full page, then the same page again.
  const ENTRIES = 1000;

  it("sweep stops after two list requests with one line, exit 2", async () => {
    const { sandbox, env } = await sandboxWith("page-ignored", ENTRIES);
    const proxy = await recordingProxy(sandbox.origin);
    try {
      const result = await runCli(["sweep", "--older-than", "0"], {
        ...env,
        CLOUDFLARE_BASE_URL: `${proxy.origin}/client/v4`,
      });
      expect(result.code).toBe(2);
      expect(result.stderr).toMatch(/^contract: sweep: page 2 repeated the ids of page 1 .*ignore "page"\n$/);
      expect(proxy.seen.filter((request) => request.method === "GET")).toHaveLength(2);
      expect(proxy.seen.filter((request) => request.method === "DELETE")).toEqual([]);
    } finally {
      await proxy.close();
    }
  });

  it("the client's listAll throws PaginationError after two requests", async () => {
    const { sandbox, env } = await sandboxWith("page-ignored", ENTRIES);
    const proxy = await recordingProxy(sandbox.origin);
    try {
      const client = createClient({ ...clientOptions(sandbox, env), baseUrl: `${proxy.origin}/client/v4` });
      const seen: unknown[] = [];
      const walk = async () => {
        for await (const entry of client.listAll()) seen.push(entry);
      };
      await expect(walk()).rejects.toBeInstanceOf(PaginationError);
      expect(proxy.seen).toHaveLength(2);
      expect(seen).toHaveLength(100);
    } finally {
      await proxy.close();
    }
  });
});

function clientOptions(sandbox: Sandbox, env: Record<string, string>) {
  return {
    baseUrl: sandbox.baseUrl,
    apiToken: env.CLOUDFLARE_API_TOKEN as string,
    accountId: sandbox.accountId,
    readEnv: false,
  };
}
