/**
 * The proxy's whole loop with a real consumer: the example consumer
 * (`apps/example-consumer`, the built client) runs through `contract proxy`
 * (a child process, --port 0, its ready line awaited) to a sandbox in this
 * process that drifts one way at a time — extra-field, type-change,
 * undocumented-status. The consumer's results equal a direct run's; after
 * SIGTERM the report names the three drifts, exchanges.har is HAR 1.2 and no
 * file holds the token; `suggest` on that report gives a patch that applies to
 * a copy of the spec and lints clean; a new session validating against the
 * patched spec, with the same drifts and consumer runs, has none of them.
 */
import { execFile } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";
import { type RunReport, targetIdentity } from "@impersonation-registry/engine";
import type { Sandbox } from "@impersonation-registry/sandbox";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  filesContaining,
  killChildren,
  latestReport,
  removeDir,
  runCli,
  seedWithUniqueToken,
  startCli,
  tempDir,
  testSandbox,
  waitFor,
} from "../cli/helpers.ts";
import { git, lintSpec, REPO, specRepo } from "../suggest/helpers.ts";
import { harValidator } from "./helpers.ts";

const run = promisify(execFile);
const CONSUMER = join(REPO, "apps/example-consumer/src/main.ts");
const ADMIN_TOKEN = "proxy-consumer-test-admin-token";
const PROFILES = ["extra-field", "type-change", "undocumented-status"] as const;
/** What each profile must show in the first session, and must no longer show once the spec is patched. */
const DRIFTS: [rule: string, pointer: RegExp][] = [
  ["undocumented-field", /^\/result(\/\*)?\/risk_level$/],
  ["schema-type", /^\/result(\/\*)?\/is_email_regex$/],
  ["undocumented-status", /^\/status$/],
];

let dir: string;
let sandbox: Sandbox;
let token: string;

beforeAll(async () => {
  dir = tempDir("proxy-consumer");
  const seeded = seedWithUniqueToken(dir);
  token = seeded.token;
  sandbox = await testSandbox({ seed: seeded.seed, adminToken: ADMIN_TOKEN });
});
afterEach(() => killChildren());
afterAll(async () => {
  await sandbox.close();
  removeDir(dir);
});

async function setDrift(profile: string | null): Promise<void> {
  const response = await fetch(`${sandbox.origin}/__sandbox/drift`, {
    method: "PUT",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ profile }),
  });
  expect(response.status).toBe(200);
}

/** The example consumer as a user runs it, pointed at `baseUrl`; ids and its timestamped address normalised. */
async function consumer(baseUrl: string) {
  const env = {
    PATH: process.env.PATH ?? "",
    CLOUDFLARE_BASE_URL: baseUrl,
    CLOUDFLARE_API_TOKEN: token,
    CLOUDFLARE_ACCOUNT_ID: sandbox.accountId,
  };
  const result = await run(process.execPath, [CONSUMER], { env }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
  const normalise = (text: string) =>
    text
      .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
      .replace(/example-consumer\+\d+@/g, "example-consumer+<time>@");
  return { code: result.code, stdout: normalise(result.stdout), stderr: normalise(result.stderr) };
}

/** One proxy session: the consumer run directly and through it under each profile, then SIGTERM. */
async function session(reportDir: string, extra: string[] = []) {
  const proxy = startCli([
    "proxy",
    "--upstream",
    sandbox.baseUrl,
    "--port",
    "0",
    "--flush-every",
    "0",
    "--report-dir",
    reportDir,
    ...extra,
  ]);
  const url = await waitFor(() => /^proxy (http:\/\/\S+) → /m.exec(proxy.output())?.[1], "the ready line");
  for (const profile of PROFILES) {
    await setDrift(profile);
    const direct = await consumer(sandbox.baseUrl);
    const proxied = await consumer(url);
    expect(direct.code, direct.stderr).toBe(0);
    expect(proxied, profile).toEqual(direct);
  }
  await setDrift(null);
  proxy.child.kill("SIGTERM");
  const result = await proxy.done;
  return { result, report: latestReport(reportDir, result) };
}

const shows = (report: RunReport, [rule, pointer]: [string, RegExp]) =>
  report.findings.some((finding) => finding.rule === rule && pointer.test(finding.pointer));

describe("contract proxy with the example consumer", () => {
  it("finds the drifts, writes a clean HAR, and a suggested patch makes them go away", async () => {
    const first = join(dir, "first");
    const { result, report } = await session(first);
    expect(result.code, result.stderr).toBe(1);
    for (const drift of DRIFTS) expect(shows(report, drift), drift[0]).toBe(true);
    expect(report.targets).toEqual([
      {
        name: "proxy",
        identity: targetIdentity("proxy", sandbox.baseUrl),
        baseUrl: sandbox.baseUrl,
        capabilities: { stateful: true, writable: true, exactStatuses: true, answersMalformedBodies: true },
      },
    ]);
    // Each new finding is one line while it runs, printed once.
    const lines = result.stdout.split("\n").filter((line) => line.startsWith("new: "));
    expect(lines.length).toBe(report.findings.length);
    expect(new Set(lines).size).toBe(lines.length);

    const runDir = join(first, report.runId);
    const har = JSON.parse(readFileSync(join(runDir, "exchanges.har"), "utf8"));
    const validHar = harValidator();
    expect(validHar(har), JSON.stringify(validHar.errors)).toBe(true);
    expect(har.log.entries.length).toBe(PROFILES.length * 4);
    expect(filesContaining(first, token)).toEqual([]);
    expect(result.stdout + result.stderr).not.toContain(token);

    const suggested = await runCli(["suggest", "--report", runDir]);
    expect(suggested.code, suggested.stderr).toBe(0);
    const repo = specRepo();
    try {
      await git(repo.dir, ["init", "-q"]);
      await git(repo.dir, ["apply"], suggested.stdout);
      expect(await lintSpec(repo.dir)).toMatchObject({ errors: 0, warnings: 0 });

      const second = join(dir, "second");
      const patched = join(repo.dir, "openapi/impersonation-registry.yaml");
      const after = await session(second, ["--spec", patched]);
      for (const drift of DRIFTS) expect(shows(after.report, drift), drift[0]).toBe(false);
      expect(after.report.findings).toEqual([]);
      expect(after.result.code, after.result.stdout).toBe(0);
    } finally {
      repo.remove();
    }
  }, 180_000);
});
