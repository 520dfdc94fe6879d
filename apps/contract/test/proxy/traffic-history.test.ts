/**
 * Real traffic is not a repeated scenario step: what a consumer asks decides
 * the status. Sessions of `contract proxy` (the CLI, in front of a sandbox, one
 * history) whose GETs of an entry all answered 200 — then a session in which a
 * consumer GETs an id that does not exist and gets the documented 404. That is
 * not drift: the session exits 0 with no observed-status-changed. And a drift
 * fixed upstream is resolved only for the operations a session called.
 */
import { join } from "node:path";
import type { RunReport } from "@impersonation-registry/engine";
import type { Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  ADMIN_TOKEN,
  killChildren,
  latestReport,
  removeDir,
  seedWithUniqueToken,
  setDrift,
  startCli,
  tempDir,
  testSandbox,
  waitFor,
} from "../cli/helpers.ts";
import { rawRequest } from "./helpers.ts";

let dir: string;
let token: string;
let sandbox: Sandbox;
let entryId: string;
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";

/** One proxy session: the consumer's GETs of `ids` (and one list unless `listToo` is false); its exit code and report. */
async function session(ids: string[], listToo = true): Promise<{ code: number | null; report: RunReport }> {
  const reportDir = join(dir, "reports");
  const proxy = startCli([
    ...["proxy", "--upstream", sandbox.baseUrl, "--port", "0", "--flush-every", "0"],
    ...["--report-dir", reportDir],
  ]);
  const base = await waitFor(() => /^proxy (http:\/\/\S+) → /.exec(proxy.output())?.[1], "the ready line");
  const collection = `${base}/accounts/${sandbox.accountId}/email-security/settings/impersonation_registry`;
  const headers = { authorization: `Bearer ${token}` };
  for (const id of ids) await rawRequest(`${collection}/${id}`, { headers });
  if (listToo) await rawRequest(collection, { headers });
  proxy.child.kill("SIGINT");
  const result = await proxy.done;
  return { code: result.code, report: latestReport(reportDir, result) };
}

beforeAll(async () => {
  dir = tempDir("proxy-traffic");
  const seed = seedWithUniqueToken(dir);
  token = seed.token;
  sandbox = await testSandbox({ seed: seed.seed, adminToken: ADMIN_TOKEN });
  const listed = await fetch(
    `${sandbox.baseUrl}/accounts/${sandbox.accountId}/email-security/settings/impersonation_registry`,
    { headers: { authorization: `Bearer ${token}` } },
  );
  entryId = ((await listed.json()) as { result: { id: string }[] }).result[0]?.id as string;
});
afterAll(async () => {
  await killChildren();
  await sandbox.close();
  removeDir(dir);
});

describe("contract proxy sessions in one history", () => {
  it("a consumer's GET of an unknown id answered 404 after sessions of 200s is no drift", {
    timeout: 120_000,
  }, async () => {
    for (let i = 0; i < 3; i++) {
      const earlier = await session([entryId, entryId]);
      expect(earlier.code).toBe(0);
    }
    const { code, report } = await session([entryId, UNKNOWN_ID]);
    expect(report.exchanges.map((e) => e.response.status).sort()).toEqual([200, 200, 404]);
    expect(report.findings.filter((f) => f.rule.startsWith("observed-"))).toEqual([]);
    expect(code).toBe(0);
  });

  it("a drift fixed upstream is resolved where the session looked, not checked where it did not", {
    timeout: 120_000,
  }, async () => {
    await setDrift(sandbox, "extra-field");
    const drifted = await session([entryId]);
    const operations = (findings: { rule: string; operation: string }[]) =>
      findings
        .filter((f) => f.rule === "undocumented-field")
        .map((f) => f.operation)
        .sort();
    expect(operations(drifted.report.findings)).toEqual(["getEntry", "listEntries"]);
    await setDrift(sandbox, null);
    // The consumer only reads the entry this time: the list is not looked at.
    const { report } = await session([entryId], false);
    expect(operations(report.resolved)).toEqual(["getEntry"]);
    expect(operations(report.notChecked)).toEqual(["listEntries"]);
  });
});
