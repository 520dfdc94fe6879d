/** The CLI as users run it: flags, printed lines, secrets policy, graceful stop. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { baseUrlOf, type CliRun, runCli, stop } from "./cli-process.ts";

let run: CliRun | undefined;
const dirs: string[] = [];
afterEach(async () => {
  await stop(run);
  run = undefined;
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

describe("flags", () => {
  it.each([
    ["unknown flag", ["--bogus"], /Unknown option '--bogus'/],
    ["bad port", ["--port", "http"], /--port must be 0–65535/],
    ["bad rate limit", ["--rate-limit", "many"], /--rate-limit must be off or N\/SECONDS/],
    ["unknown drift", ["--drift", "chaos"], /--drift must be one of rename-field/],
    ["missing seed file", ["--seed", "/nonexistent/seed.json", "--db", ":memory:"], /cannot read seed file/],
  ])("%s → one line on stderr, exit 2", async (_name, args, message) => {
    run = runCli(args);
    expect(await run.exited).toBe(2);
    expect(run.stderr().trim().split("\n")).toHaveLength(1);
    expect(run.stderr()).toMatch(message);
  });

  it("--help prints usage and exits 0", async () => {
    run = runCli(["--help"]);
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain("--rate-limit off|N/SEC");
  });
});

describe("running", () => {
  it("prints copy-pasteable CLOUDFLARE_* lines that work, and stops gracefully on SIGTERM", async () => {
    run = runCli(["--port", "0", "--db", ":memory:"]);
    const baseUrl = await baseUrlOf(run);
    await expect.poll(() => run?.stdout()).toContain("Press Ctrl-C");
    const env = Object.fromEntries(
      [...run.stdout().matchAll(/^(CLOUDFLARE_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
    );
    expect(env.CLOUDFLARE_BASE_URL).toBe(baseUrl);
    expect(baseUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/client\/v4$/);
    const response = await fetch(
      `${env.CLOUDFLARE_BASE_URL}/accounts/${env.CLOUDFLARE_ACCOUNT_ID}/email-security/settings/impersonation_registry`,
      { headers: { authorization: `Bearer ${env.CLOUDFLARE_API_TOKEN}` } },
    );
    expect(response.status).toBe(200);
    run.child.kill("SIGTERM");
    expect(await run.exited).toBe(0);
    expect(run.stdout()).toContain("sandbox stopped");
  });

  it("never prints credentials from a user's seed file", async () => {
    const dir = mkdtempSync(join(tmpdir(), "sandbox-cli-"));
    dirs.push(dir);
    const secret = "user_secret_token_that_must_not_be_shown";
    const seed = join(dir, "seed.json");
    writeFileSync(
      seed,
      JSON.stringify({
        accounts: ["abcdefabcdefabcdefabcdefabcdef01"],
        tokens: [{ value: secret, account_id: "abcdefabcdefabcdefabcdefabcdef01", permissions: [] }],
        global_keys: [{ email: "me@example.com", key: "my-global-key", account_ids: [] }],
        entries: [],
      }),
    );
    run = runCli(["--port", "0", "--db", ":memory:", "--seed", seed]);
    await baseUrlOf(run);
    await expect.poll(() => run?.stdout()).toContain("Press Ctrl-C");
    const output = run.stdout() + run.stderr();
    expect(output).not.toContain(secret);
    expect(output).not.toContain("my-global-key");
    expect(output).not.toContain("CLOUDFLARE_API_TOKEN");
  });

  it("reports a port in use in one line, exit 1", async () => {
    run = runCli(["--port", "0", "--db", ":memory:"]);
    const port = new URL(await baseUrlOf(run)).port;
    const second = runCli(["--port", port, "--db", ":memory:"]);
    try {
      expect(await second.exited).toBe(1);
      expect(second.stderr()).toMatch(/EADDRINUSE/);
    } finally {
      await stop(second);
    }
  });
});
