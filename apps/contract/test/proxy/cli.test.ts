/**
 * `contract proxy` as a command: usage errors are one line and exit 2 with
 * nothing started; the ready line is the first thing printed; reports appear
 * every --flush-every while it runs; SIGINT ends a clean session with exit 0
 * and the reports written; --fail-on decides the exit code as for a run.
 */
import { existsSync, readFileSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { parseCommand } from "../../src/cli/args.ts";
import { defaultReportsRoot } from "../../src/cli/paths.ts";
import { killChildren, latestReport, removeDir, runCli, startCli, tempDir, waitFor } from "../cli/helpers.ts";
import { COLLECTION, rawRequest, startUpstream, type Upstream } from "./helpers.ts";

let dir: string;
let upstream: Upstream;

beforeAll(async () => {
  dir = tempDir("proxy-cli");
  upstream = await startUpstream();
});
afterEach(() => killChildren());
afterAll(async () => {
  await upstream.close();
  removeDir(dir);
});

describe("parseCommand proxy", () => {
  it("leaves what is not given to the proxy's defaults", () => {
    expect(parseCommand(["proxy"])).toEqual({
      kind: "proxy",
      upstream: undefined,
      host: undefined,
      port: undefined,
      flushEveryMs: undefined,
      specPath: undefined,
      reportDir: undefined,
      baselinePath: undefined,
      failOn: "breaking",
      history: { path: join(defaultReportsRoot, "history.db"), keep: 400 },
    });
    expect(parseCommand(["proxy", "--no-history"])).toMatchObject({ history: undefined });
  });

  it("takes its options and the ones it shares with a run", () => {
    const argv = ["proxy", "--upstream", "http://x/client/v4", "--port", "0", "--host", "::1"];
    const more = ["--flush-every", "30s", "--spec", "s.yaml", "--report-dir", "r", "--fail-on", "additive"];
    expect(parseCommand([...argv, ...more])).toMatchObject({
      upstream: "http://x/client/v4",
      port: 0,
      host: "::1",
      flushEveryMs: 30_000,
      specPath: "s.yaml",
      reportDir: "r",
      failOn: "additive",
    });
  });
});

describe("contract proxy usage errors: one line, exit 2", () => {
  const cases: [string, string[], RegExp][] = [
    [
      "a port out of range",
      ["proxy", "--port", "70000"],
      /^contract: --port must be an integer from 0 to 65535/,
    ],
    ["a port that is not a number", ["proxy", "--port", "http"], /^contract: --port must be an integer/],
    [
      "a bad --flush-every",
      ["proxy", "--flush-every", "often"],
      /^contract: --flush-every must be 0 or a number/,
    ],
    ["a run's option", ["proxy", "--target", "mock"], /^contract: --target does not apply to proxy/],
    [
      "a proxy option on a run",
      ["--upstream", "http://x"],
      /^contract: --upstream, --port, --host and --flush-every belong to proxy/,
    ],
    [
      "an upstream that is not http(s)",
      ["proxy", "--upstream", "ftp://x/y", "--port", "0"],
      /^contract: --upstream must be an http\(s\) URL/,
    ],
    [
      "an upstream that is not a URL",
      ["proxy", "--upstream", "api.cloudflare.com", "--port", "0"],
      /^contract: --upstream must be an http\(s\) URL/,
    ],
    ["a bad --fail-on", ["proxy", "--fail-on", "never"], /^contract: --fail-on must be one of/],
  ];
  for (const [name, argv, message] of cases) {
    it(name, async () => {
      const result = await runCli(argv);
      expect(result.code, result.stderr).toBe(2);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe("");
    });
  }

  it("a port in use", async () => {
    const taken = createServer();
    await new Promise<void>((resolve) => taken.listen(0, "127.0.0.1", resolve));
    try {
      const port = String((taken.address() as { port: number }).port);
      const result = await runCli(["proxy", "--upstream", upstream.baseUrl, "--port", port]);
      expect(result.code).toBe(2);
      expect(result.stderr).toBe(`contract: proxy: port ${port} on 127.0.0.1 is in use\n`);
    } finally {
      taken.close();
    }
  });
});

describe("contract proxy sessions", () => {
  it("prints the ready line first, flushes while it runs, and a clean session exits 0 on SIGINT", async () => {
    const reportDir = join(dir, "clean");
    const proxy = startCli([
      "proxy",
      "--upstream",
      upstream.baseUrl,
      "--port",
      "0",
      "--flush-every",
      "1s",
      "--report-dir",
      reportDir,
    ]);
    const url = await waitFor(
      () => /^proxy (http:\/\/\S+) → (\S+)\n/.exec(proxy.output()) ?? undefined,
      "the ready line",
    );
    expect(url[2]).toBe(upstream.baseUrl);
    expect(url[1]).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    const answer = await rawRequest(
      `${url[1]}/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/impersonation_registry/f174e90a-fafe-4643-bbbc-4a0ed4fc8415`,
      {
        headers: { authorization: "Bearer proxy-cli-test-token-0123456789" },
      },
    );
    expect(answer.status).toBe(200);
    // A flush while it runs: report.json of the running session, with that request in it.
    const flushed = await waitFor(() => {
      const path = join(reportDir, "latest", "report.json");
      if (!existsSync(path)) return undefined;
      const report = JSON.parse(readFileSync(path, "utf8"));
      return report.exchanges.length === 1 ? report : undefined;
    }, "a periodic flush");
    expect(flushed.steps).toEqual([
      expect.objectContaining({ step: "getEntry", status: "passed", attempts: 1 }),
    ]);
    proxy.child.kill("SIGINT");
    const result = await proxy.done;
    expect(result.code, result.stderr).toBe(0);
    const report = latestReport(reportDir, result);
    expect(report.findings).toEqual([]);
    expect(existsSync(join(reportDir, report.runId, "exchanges.har"))).toBe(true);
    expect(result.stdout).toMatch(/exit 0\n$/);
    // The session is one run of target proxy in the history, recorded once (the periodic flushes are not).
    const history = await runCli(["history", "--report-dir", reportDir, "--format", "json"]);
    expect(history.code, history.stderr).toBe(0);
    expect(JSON.parse(history.stdout).runs).toEqual([
      expect.objectContaining({ runId: report.runId, targets: ["proxy"], exitCode: 0 }),
    ]);
  });

  it("--fail-on decides: an additive drift fails only with --fail-on additive", async () => {
    const drifting = await startUpstream((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "cf-ray": "8e6a1f3b2c4d5e6f-SJC" });
      response.end(
        JSON.stringify({
          success: true,
          errors: [],
          messages: [],
          result: { id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415", extra: 1 },
        }),
      );
      return true;
    });
    try {
      for (const [failOn, code] of [
        ["breaking", 0],
        ["additive", 1],
      ] as const) {
        const reportDir = join(dir, `fail-on-${failOn}`);
        const proxy = startCli([
          "proxy",
          "--upstream",
          drifting.baseUrl,
          "--port",
          "0",
          "--flush-every",
          "0",
          "--report-dir",
          reportDir,
          "--fail-on",
          failOn,
        ]);
        const url = await waitFor(
          () => /^proxy (http:\/\/\S+) → /.exec(proxy.output())?.[1],
          "the ready line",
        );
        await rawRequest(
          `${url}${COLLECTION.replace(/^\/client\/v4/, "")}/f174e90a-fafe-4643-bbbc-4a0ed4fc8415`,
          {
            headers: { authorization: "Bearer proxy-cli-test-token-0123456789" },
          },
        );
        await waitFor(
          () => proxy.output().includes("new: additive undocumented-field"),
          "the finding's line",
        );
        proxy.child.kill("SIGTERM");
        const result = await proxy.done;
        expect(result.code, failOn).toBe(code);
      }
    } finally {
      await drifting.close();
    }
  });
});
