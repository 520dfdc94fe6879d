/** Usage and configuration errors: one line on stderr, exit 2, no stack trace, nothing started or sent. */
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { freePort } from "@impersonation-registry/prism";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { RULES } from "../../src/rules.ts";
import { killChildren, recordingProxy, removeDir, runCli, tempDir, testSandbox } from "./helpers.ts";

afterEach(() => killChildren());

let dir: string;
beforeAll(() => {
  dir = tempDir("usage");
  // Valid YAML, an OpenAPI version, and a $ref Prism cannot resolve: it refuses to start.
  writeFileSync(
    join(dir, "broken-ref.yaml"),
    'openapi: 3.0.3\ninfo: { title: broken, version: "1" }\npaths:\n  /x:\n    get:\n      responses:\n        "200": { $ref: "#/components/responses/Missing" }\n',
  );
  writeFileSync(join(dir, "not-openapi.json"), '{"hello": "world"}');
  // Bundles (no $ref to resolve), but Prism refuses a document without `info`.
  writeFileSync(join(dir, "prism-rejects.json"), '{"openapi": "3.0.3", "paths": {}}');
});
afterAll(() => removeDir(dir));

function expectOneLineError(
  result: { code: number | null; stdout: string; stderr: string },
  pattern: RegExp,
) {
  expect(result.code, result.stderr).toBe(2);
  const lines = result.stderr.trim().split("\n");
  expect(lines, result.stderr).toHaveLength(1);
  expect(lines[0]).toMatch(pattern);
  expect(result.stderr).not.toMatch(/\n\s+at /);
}

describe("contract CLI usage", () => {
  it("--help documents every option, the commands and the exit codes", async () => {
    const result = await runCli(["--help"]);
    expect(result.code).toBe(0);
    for (const word of [
      "--target",
      "--spec",
      "--scenario",
      "--fail-on",
      "--report-dir",
      "--baseline",
      "--allow-writes",
      "--sandbox-url",
      "--concurrency",
      "--older-than",
      "list",
      "sweep",
      "CLOUDFLARE_API_TOKEN",
      "Exit codes",
    ]) {
      expect(result.stdout).toContain(word);
    }
  });

  it("list prints every scenario and every rule of the engine's table", async () => {
    const result = await runCli(["list"]);
    expect(result.code).toBe(0);
    for (const scenario of [
      "lifecycle",
      "list-parameters",
      "regex-entries",
      "invalid-input",
      "auth",
      "directory-synced",
    ]) {
      expect(result.stdout).toContain(`  ${scenario} — `);
    }
    for (const rule of RULES) expect(result.stdout).toContain(rule.id);
  });

  const usageErrors: [string, string[], RegExp][] = [
    ["an unknown flag", ["--frobnicate"], /^contract: Unknown option '--frobnicate'/],
    [
      "an unknown target",
      ["--target", "staging"],
      /--target must be one of mock, sandbox, live, got staging/,
    ],
    ["an unknown scenario", ["--scenario", "nope"], /unknown scenario nope; scenarios: lifecycle/],
    ["a bad --fail-on", ["--fail-on", "fatal"], /--fail-on must be one of info, additive, breaking/],
    ["a bad --concurrency", ["--concurrency", "0"], /--concurrency must be an integer ≥ 1/],
    ["a bad --older-than", ["sweep", "--older-than", "soon"], /--older-than must be 0 or a number/],
    ["an unknown command", ["frob"], /unknown command frob/],
    [
      "--sandbox-url without the sandbox target",
      ["--target", "mock", "--sandbox-url", "http://127.0.0.1:9/client/v4"],
      /--sandbox-url names the sandbox target, which this run does not include/,
    ],
  ];
  for (const [name, args, pattern] of usageErrors) {
    it(`exits 2 on ${name}`, async () => {
      expectOneLineError(await runCli(args), pattern);
    });
  }

  it("exits 2 on a baseline that is not valid", async () => {
    writeFileSync(join(dir, "baseline.json"), '{"entries": [{"rule": "no-such-rule"}]}');
    expectOneLineError(
      await runCli(["--target", "sandbox", "--baseline", join(dir, "baseline.json"), "--report-dir", dir]),
      /^contract: baseline .*baseline\.json: /,
    );
  });

  it("exits 2 on an unreadable spec, and on a file that is not OpenAPI", async () => {
    expectOneLineError(
      await runCli(["--spec", join(dir, "absent.yaml")]),
      /spec .*absent\.yaml cannot be read: ENOENT/,
    );
    expectOneLineError(await runCli(["--spec", join(dir, "not-openapi.json")]), /not an OpenAPI document/);
  });

  it("exits 2 naming file, line and column of a dangling $ref, before starting anything", async () => {
    expectOneLineError(
      await runCli(["--target", "mock", "--spec", join(dir, "broken-ref.yaml"), "--report-dir", dir]),
      /^contract: spec .*broken-ref\.yaml:\d+:\d+: Can't resolve \$ref/,
    );
  });

  it("exits 2 with Prism's output when Prism cannot start on the spec", async () => {
    const result = await runCli([
      "--target",
      "mock",
      "--spec",
      join(dir, "prism-rejects.json"),
      "--report-dir",
      dir,
    ]);
    expectOneLineError(result, /^contract: Prism exited before it was ready .*; its output ends: /);
  });

  it("exits 2 when a target is unreachable", async () => {
    const url = `http://127.0.0.1:${await freePort()}/client/v4`;
    const result = await runCli(["--target", "sandbox", "--sandbox-url", url, "--report-dir", dir], {
      CLOUDFLARE_API_TOKEN: "unused-token",
      CLOUDFLARE_ACCOUNT_ID: "023e105f4ecef8ad9ca31a8372d0c353",
    });
    expectOneLineError(result, new RegExp(`target sandbox is unreachable at ${url}: connect ECONNREFUSED`));
  });

  it("exits 2 naming the missing live variables, before any request", async () => {
    const sandbox = await testSandbox();
    const proxy = await recordingProxy(sandbox.origin);
    try {
      const base = { CLOUDFLARE_BASE_URL: `${proxy.origin}/client/v4` };
      const cases: [Record<string, string>, RegExp][] = [
        [
          base,
          /target live needs CLOUDFLARE_API_TOKEN \(or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY\) and CLOUDFLARE_ACCOUNT_ID/,
        ],
        [
          { ...base, CLOUDFLARE_API_TOKEN: "t" },
          /target live needs CLOUDFLARE_ACCOUNT_ID in the environment$/,
        ],
        [
          { ...base, CLOUDFLARE_EMAIL: "a@b.c", CLOUDFLARE_ACCOUNT_ID: "x" },
          /target live needs CLOUDFLARE_API_KEY in the environment$/,
        ],
      ];
      for (const [env, pattern] of cases) {
        expectOneLineError(
          await runCli(["--target", "mock", "--target", "live", "--report-dir", dir], env),
          pattern,
        );
      }
      expectOneLineError(await runCli(["sweep"], base), cases[0]?.[1] as RegExp);
      expect(proxy.seen).toEqual([]);
    } finally {
      await proxy.close();
      await sandbox.close();
    }
  });
});
