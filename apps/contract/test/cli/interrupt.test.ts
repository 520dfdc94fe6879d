/**
 * SIGINT in the middle of a run that writes to `live` (a sandbox standing in,
 * slowed by its latency profile so the signal lands mid-run): the process
 * cleans up and exits 130, no Prism is left, the journal lists what was
 * created, and `sweep` then removes every marked entry and nothing else.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { readJournal } from "../../src/safety/journal.ts";
import {
  ADMIN_TOKEN,
  clientOf,
  entriesOf,
  envFor,
  isAlive,
  killChildren,
  removeDir,
  runCli,
  seedWithUniqueToken,
  setDrift,
  startCli,
  tempDir,
  testSandbox,
  waitFor,
} from "./helpers.ts";

/** Left by a run long gone: sweep must remove it, and only with an age limit it passes. */
const OLD_RUN_ENTRY = {
  name: "contract-test 20200101T000000Z-0a0b0c orphan",
  email: "orphan@example.com",
  is_email_regex: false,
};
const UNMARKED_ENTRY = { name: "Unrelated Person", email: "unrelated@example.com", is_email_regex: false };
/** A person's entry that merely starts like a marker: no run id of the runner's format, so never swept. */
const LOOKALIKE_ENTRY = { name: "contract-test team", email: "team@example.com", is_email_regex: false };

afterEach(() => killChildren());

let dir: string;
let sandbox: Sandbox;
beforeAll(async () => {
  dir = tempDir("interrupt");
  sandbox = await testSandbox({ seed: seedWithUniqueToken(dir).seed, adminToken: ADMIN_TOKEN });
});
afterAll(async () => {
  await sandbox.close();
  removeDir(dir);
});

describe("SIGINT during a live run with writes", () => {
  it("cleans up, stops Prism, keeps the journal; sweep then removes only marked entries", async () => {
    const client = clientOf(sandbox);
    await client.create(OLD_RUN_ENTRY);
    await client.create(UNMARKED_ENTRY);
    await client.create(LOOKALIKE_ENTRY);
    const before = await entriesOf(sandbox);
    const env = envFor(sandbox);

    await setDrift(sandbox, "latency");
    const run = startCli(
      ["--target", "mock", "--target", "sandbox", "--target", "live", "--allow-writes", "--report-dir", dir],
      env,
    );
    const runId = await waitFor(() => /^contract run (\S+):/m.exec(run.output())?.[1], "the run id");
    const prismPid = Number(await waitFor(() => /Prism .* pid (\d+)/.exec(run.output())?.[1], "Prism's pid"));
    const journalPath = join(dir, runId, "journal.jsonl");
    await waitFor(
      () =>
        existsSync(journalPath) &&
        readJournal(journalPath).some((e) => e.event === "created" && e.target === "live"),
      "a live entry to be created",
    );
    run.child.kill("SIGINT");
    const result = await run.done;
    await setDrift(sandbox, null);

    expect(result.code).toBe(130);
    expect(result.stderr).toContain("SIGINT: stopping");
    expect(result.stderr).not.toMatch(/\n\s+at /);
    expect(isAlive(prismPid)).toBe(false);
    expect(isAlive(run.child.pid as number)).toBe(false);

    // The journal lists every live create, and each was deleted (by its scenario or by the cleanup).
    const journal = readJournal(journalPath).filter((event) => event.target === "live");
    const created = journal.flatMap((e) => (e.event === "created" ? [e.id] : []));
    const deleted = journal.flatMap((e) => (e.event === "deleted" ? [e.id] : []));
    expect(created.length).toBeGreaterThan(0);
    expect(deleted.sort()).toEqual(created.sort());
    expect((await entriesOf(sandbox)).filter((entry) => entry.name?.includes(runId))).toEqual([]);

    // The default age limit (1h) spares the orphan, which was just created.
    const young = await runCli(["sweep"], env);
    expect(young.code).toBe(0);
    expect(young.stdout).toContain("sweep: 0 deleted, 1 marked but too recent");
    expect(await entriesOf(sandbox)).toEqual(before);

    const all = await runCli(["sweep", "--older-than", "0"], env);
    expect(all.stderr).toBe("");
    expect(all.code).toBe(0);
    expect(all.stdout).toContain("sweep: 1 deleted, 0 marked but too recent");
    expect(await entriesOf(sandbox)).toEqual(before.filter((entry) => entry.name !== OLD_RUN_ENTRY.name));
  }, 60_000);

  it("SIGTERM while Prism and the in-process sandbox run: exit 143, Prism stopped", async () => {
    const run = startCli(["--report-dir", dir]);
    const prismPid = Number(await waitFor(() => /Prism .* pid (\d+)/.exec(run.output())?.[1], "Prism's pid"));
    run.child.kill("SIGTERM");
    const result = await run.done;
    expect(result.code).toBe(143);
    expect(result.stderr).toContain("SIGTERM: stopping");
    expect(isAlive(prismPid)).toBe(false);
  }, 30_000);
});
