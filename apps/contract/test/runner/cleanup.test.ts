/**
 * The cleanup against a real sandbox: what the ledger knows decides what is
 * deleted, and the verification proves the account clean by listing it and
 * re-reading what was deleted. A create answered by a 5xx (the entry may
 * exist) makes the cleanup look for this run's marked entries.
 */
import { join } from "node:path";
import type { Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { newRunId } from "../../src/executor/run-id.ts";
import { cleanUp } from "../../src/safety/cleanup.ts";
import { openJournal, readJournal } from "../../src/safety/journal.ts";
import { createLedger } from "../../src/safety/ledger.ts";
import { markerFor } from "../../src/safety/marker.ts";
import { startSandboxTarget } from "../../src/targets/sandbox.ts";
import { clientOf, entriesOf, envFor, removeDir, tempDir, testSandbox } from "../cli/helpers.ts";

let dir: string;
let sandbox: Sandbox;
beforeAll(() => {
  dir = tempDir("cleanup");
});
afterEach(() => sandbox?.close());
afterAll(() => removeDir(dir));

async function setUp() {
  sandbox = await testSandbox();
  const runId = newRunId();
  const marker = markerFor(runId);
  const journal = openJournal(join(dir, runId, "journal.jsonl"));
  const target = await startSandboxTarget({
    specPath: "",
    specHash: "",
    allowWrites: true,
    sandboxUrl: sandbox.baseUrl,
    concurrency: 1,
    env: envFor(sandbox),
  });
  return { runId, marker, journal, ledger: createLedger(journal), target };
}

describe("cleanUp", () => {
  it("a create answered by a 5xx counts as unanswered: the marked entry it may have made is found and deleted", async () => {
    const { runId, marker, journal, ledger, target } = await setUp();
    // The create "happened" on the server, but the run saw a 500 and no id.
    const made = await clientOf(sandbox).create({
      name: marker.name("lost"),
      email: "lost@example.com",
      is_email_regex: false,
    });
    ledger.createSent("sandbox", "lifecycle", "create", marker.name("lost"));
    ledger.createAnswered("sandbox", "lifecycle", "create", 500, undefined);
    expect(ledger.unanswered("sandbox")).toBe(true);

    const { results, steps } = await cleanUp([target], ledger, runId, marker);
    // A search for the run's entries, the DELETE, the verification's search, a GET of what was deleted.
    expect(results).toEqual([
      expect.objectContaining({ target: "sandbox", deleted: 1, survivors: [], requests: 4 }),
    ]);
    expect(steps.map((s) => [s.step, s.status])).toEqual([["cleanup-verified", "passed"]]);
    expect((await entriesOf(sandbox)).map((e) => e.id)).not.toContain(made.id);
    expect(readJournal(journal.path).at(-1)).toMatchObject({ event: "cleanup-verified", survivors: [] });
  });

  it("a create refused with a 4XX is answered: no search for unseen entries, the verification alone lists", async () => {
    const { runId, marker, ledger, target } = await setUp();
    ledger.createSent("sandbox", "invalid-input", "create: name null", "");
    ledger.createAnswered("sandbox", "invalid-input", "create: name null", 400, undefined);
    expect(ledger.unanswered("sandbox")).toBe(false);
    const { results } = await cleanUp([target], ledger, runId, marker);
    // One list walk (the verification), nothing deleted, nothing re-read.
    expect(results[0]).toMatchObject({ deleted: 0, survivors: [], requests: 1 });
  });

  it("an entry of another run, or a person's, is never touched", async () => {
    const { runId, marker, ledger, target } = await setUp();
    const client = clientOf(sandbox);
    await client.create({ name: "contract-test team", email: "team@example.com", is_email_regex: false });
    await client.create({
      name: "contract-test 20200101T000000Z-0a0b0c lifecycle",
      email: "old@example.com",
      is_email_regex: false,
    });
    const before = await entriesOf(sandbox);
    ledger.createSent("sandbox", "lifecycle", "create", marker.name("lifecycle"));
    ledger.createAnswered("sandbox", "lifecycle", "create", 503, undefined);
    const { results } = await cleanUp([target], ledger, runId, marker);
    expect(results[0]).toMatchObject({ deleted: 0, survivors: [] });
    expect(await entriesOf(sandbox)).toEqual(before);
  });
});
