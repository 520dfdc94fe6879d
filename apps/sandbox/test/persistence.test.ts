/** Durability: data survives a restart, concurrent writes, and a SIGKILL in the middle of a stream of creates. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/sandbox.ts";
import { baseUrlOf, type CliRun, runCli, stop } from "./cli-process.ts";
import { client, JOHN_ID, newEntry, testSandbox } from "./helpers.ts";

let dir: string;
let sandbox: Sandbox | undefined;
let run: CliRun | undefined;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "sandbox-persistence-"));
});
afterEach(async () => {
  await stop(run);
  await sandbox?.close();
  sandbox = undefined;
  run = undefined;
  rmSync(dir, { recursive: true, force: true });
});

describe("persistence", () => {
  it("keeps creates, updates and deletes across a restart, without re-seeding", async () => {
    const db = join(dir, "restart.db");
    sandbox = await testSandbox({ db });
    let api = client(sandbox);
    const created = (await api.create(newEntry("restart"))).body.result;
    await api.update(created.id, { comments: "after" });
    await api.remove(JOHN_ID);
    await sandbox.close();

    sandbox = await testSandbox({ db });
    api = client(sandbox);
    expect((await api.get(created.id)).body.result).toMatchObject({ id: created.id, comments: "after" });
    expect((await api.get(JOHN_ID)).status).toBe(404);
  });

  it("turns 50 concurrent creates into 50 distinct entries", async () => {
    sandbox = await testSandbox({ db: join(dir, "concurrent.db") });
    const api = client(sandbox);
    const before = (await api.list("?per_page=1000")).body.result.length;
    const replies = await Promise.all(Array.from({ length: 50 }, (_, i) => api.create(newEntry(`c${i}`))));
    expect(replies.map((reply) => reply.status)).toEqual(Array(50).fill(200));
    expect(new Set(replies.map((reply) => reply.body.result.id)).size).toBe(50);
    const after = (await api.list("?per_page=1000")).body.result;
    expect(after.length).toBe(before + 50);
    const emails = new Set(after.map((entry: { email: string }) => entry.email));
    for (let i = 0; i < 50; i++) expect(emails).toContain(`person.c${i}@example.com`);
  });

  it("keeps every acknowledged create when the process is SIGKILLed mid-stream", async () => {
    const db = join(dir, "crash.db");
    run = runCli(["--port", "0", "--db", db, "--rate-limit", "off"]);
    const baseUrl = await baseUrlOf(run);
    const collection = `${baseUrl}/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/impersonation_registry`;
    const headers = {
      authorization: "Bearer sbx_dev_write_00000000000000000000005a1d",
      "content-type": "application/json",
    };
    const acknowledged: string[] = [];
    let killed = false;
    const writer = async (lane: number) => {
      for (let i = 0; !killed; i++) {
        try {
          const response = await fetch(collection, {
            method: "POST",
            headers,
            body: JSON.stringify(newEntry(`crash-${lane}-${i}`)),
          });
          if (response.ok)
            acknowledged.push(((await response.json()) as { result: { id: string } }).result.id);
        } catch {
          return; // the connection died with the process
        }
      }
    };
    const lanes = [0, 1, 2, 3].map(writer);
    await expect
      .poll(() => acknowledged.length, { timeout: 10_000, interval: 5 })
      .toBeGreaterThanOrEqual(200);
    run.child.kill("SIGKILL");
    killed = true;
    await run.exited;
    await Promise.all(lanes);

    sandbox = await testSandbox({ db });
    const stored = new Set(
      (await client(sandbox).list("?per_page=1000")).body.result.map((entry: { id: string }) => entry.id),
    );
    const lost = acknowledged.filter((id) => !stored.has(id));
    expect(lost).toEqual([]);
  });
});
