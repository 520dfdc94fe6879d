/**
 * Shared by the CLI tests: the CLI as a child process (the same Node, the
 * TypeScript source) or through `npm run -s` as a user types it, a sandbox started in the test process on a port the OS
 * picked, and readers for what a run leaves on disk. Every child is killed
 * when its test ends, whatever happened.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { randomBytes, randomUUID } from "node:crypto";
import { once } from "node:events";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import { createRequire } from "node:module";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { createClient } from "@impersonation-registry/client";
import type { RunReport } from "@impersonation-registry/engine";
import { type Sandbox, type SandboxOptions, startSandbox } from "@impersonation-registry/sandbox";

export const CLI = fileURLToPath(new URL("../../src/cli.ts", import.meta.url));

export interface CliResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
}

export interface CliRun {
  child: ChildProcess;
  /** Everything printed so far. */
  output(): string;
  done: Promise<CliResult>;
}

/** The repository's root, where a user types `npm run …`. */
export const REPO_ROOT = fileURLToPath(new URL("../../../../", import.meta.url));

const running = new Set<ChildProcess>();
/** Children that lead a process group of their own (npm, its shell and what that runs). */
const groupLeaders = new WeakSet<ChildProcess>();

/** Starts the CLI; the environment is exactly `env` plus PATH (no CLOUDFLARE_* leaks in from the host). */
export function startCli(args: readonly string[], env: Record<string, string> = {}): CliRun {
  const child = spawn(process.execPath, [CLI, ...args], {
    env: { PATH: process.env.PATH ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  return tracked(child);
}

/**
 * `npm run -s <args>` from the repository root, exactly as a user types it, in a
 * process group of its own (npm runs the script in a shell, which runs node:
 * killChildren ends the group). The environment is the user's shell's, without
 * the npm_* and turbo variables of the test's own `npm test`.
 */
export function startNpm(args: readonly string[]): CliRun {
  const inherited = Object.entries(process.env).filter(
    ([name]) => !/^(npm_|TURBO_|INIT_CWD$|NODE$|VITEST)/i.test(name),
  );
  const child = spawn("npm", ["run", "-s", ...args], {
    cwd: REPO_ROOT,
    env: Object.fromEntries(inherited),
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  groupLeaders.add(child);
  return tracked(child);
}

/** Collects what a child prints, and keeps it for killChildren until it has closed. */
function tracked(child: ChildProcess): CliRun {
  running.add(child);
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk: Buffer) => {
    stdout += chunk.toString("utf8");
  });
  child.stderr?.on("data", (chunk: Buffer) => {
    stderr += chunk.toString("utf8");
  });
  const done = once(child, "close").then(([code, signal]) => {
    running.delete(child);
    return { code: code as number | null, signal: signal as NodeJS.Signals | null, stdout, stderr };
  });
  return { child, output: () => stdout + stderr, done };
}

export function runCli(args: readonly string[], env: Record<string, string> = {}): Promise<CliResult> {
  return startCli(args, env).done;
}

/**
 * For afterEach/afterAll: no child outlives its test. SIGTERM first, so the CLI
 * stops its own Prism (a SIGKILLed CLI would leave it behind); SIGKILL if it
 * has not exited within the grace period.
 */
export async function killChildren(graceMs = 5_000): Promise<void> {
  await Promise.all(
    [...running].map(async (child) => {
      const exited = once(child, "close");
      // A group leader (npm) is ended with its group, by the group's id; one that is gone already is fine.
      const kill = (signal: NodeJS.Signals) => {
        if (!groupLeaders.has(child)) return child.kill(signal);
        try {
          return process.kill(-(child.pid as number), signal);
        } catch {
          return false;
        }
      };
      kill("SIGTERM");
      const timer = setTimeout(() => kill("SIGKILL"), graceMs);
      await exited;
      clearTimeout(timer);
    }),
  );
  running.clear();
}

/** A sandbox in this process; its database in memory. */
export function testSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  return startSandbox({ port: 0, host: "127.0.0.1", db: ":memory:", rateLimit: "off", ...options });
}

/** The admin token the tests start sandboxes with, to switch drift and fault profiles during a run. */
export const ADMIN_TOKEN = "contract-test-admin-token";

/** Switches `sandbox` (started with ADMIN_TOKEN) to `profile`, or back to none. */
export async function setDrift(sandbox: Sandbox, profile: string | null): Promise<void> {
  const response = await fetch(`${sandbox.origin}/__sandbox/drift`, {
    method: "PUT",
    headers: { authorization: `Bearer ${ADMIN_TOKEN}`, "content-type": "application/json" },
    body: JSON.stringify({ profile }),
  });
  if (response.status !== 200)
    throw new Error(`switching the drift to ${profile} answered ${response.status}`);
}

/** The CLOUDFLARE_* variables that point a run (live, or --sandbox-url) at `sandbox`. */
export function envFor(sandbox: Sandbox, token = sandbox.credentials.writeToken): Record<string, string> {
  return {
    CLOUDFLARE_BASE_URL: sandbox.baseUrl,
    CLOUDFLARE_API_TOKEN: token,
    CLOUDFLARE_ACCOUNT_ID: sandbox.accountId,
  };
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `contract-cli-${prefix}-`));
}

export function removeDir(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The run's report.json; when there is none, the error carries what the CLI printed, to say why. */
export function latestReport(reportDir: string, result?: CliResult): RunReport {
  const path = join(reportDir, "latest", "report.json");
  if (!existsSync(path)) {
    throw new Error(
      `no ${path}; the CLI exited ${result?.code}: ${result?.stderr.trim() || result?.stdout.slice(-500)}`,
    );
  }
  return JSON.parse(readFileSync(path, "utf8"));
}

/** Every file under `dir`, recursively. */
export function filesUnder(dir: string): string[] {
  return readdirSync(dir, { recursive: true, encoding: "utf8" })
    .map((name) => join(dir, name))
    .filter((path) => statSync(path).isFile());
}

/** Polls `condition` every 25 ms: no fixed sleeps. */
export async function waitFor<T>(
  condition: () => T | undefined | false,
  what: string,
  timeoutMs = 15_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = condition();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

/** True while a process with this pid exists. */
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/**
 * A pass-through proxy in front of `origin` that records the method and path of
 * every request: the proof of which requests a run sent.
 */
export async function recordingProxy(origin: string) {
  const seen: { method: string; path: string }[] = [];
  const server = createServer(async (request, response) => {
    seen.push({ method: request.method ?? "", path: request.url ?? "" });
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const upstream = await fetch(origin + (request.url ?? ""), {
      method: request.method,
      headers: Object.entries(request.headers).flatMap(([name, value]) =>
        typeof value === "string" && name !== "host" && name !== "connection"
          ? [[name, value] as [string, string]]
          : [],
      ),
      body: chunks.length > 0 ? Buffer.concat(chunks) : undefined,
    });
    const body = Buffer.from(await upstream.arrayBuffer());
    response.writeHead(
      upstream.status,
      Object.fromEntries(
        [...upstream.headers].filter(([name]) => name !== "content-encoding" && name !== "transfer-encoding"),
      ),
    );
    response.end(body);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    seen,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

const defaultSeed = join(
  dirname(createRequire(import.meta.url).resolve("@impersonation-registry/sandbox")),
  "seed/default-seed.json",
);

/**
 * The sandbox's development seed with the write token replaced by one unique
 * to this test run: a value that, if it showed up anywhere, could only have leaked.
 */
export function seedWithUniqueToken(
  dir: string,
  options: { entries?: number } = {},
): { seed: string; token: string } {
  const token = `test_${randomBytes(18).toString("hex").slice(0, 35)}`;
  const seed = JSON.parse(readFileSync(defaultSeed, "utf8"));
  for (const entry of seed.tokens) if (entry.role === "write") entry.value = token;
  seed.entries.push(...manualEntries(seed.accounts[0], options.entries ?? 0));
  const path = join(dir, `seed-${token}.json`);
  writeFileSync(path, JSON.stringify(seed));
  return { seed: path, token };
}

/** `count` plain manual entries of `accountId`, in a seed's format: an account big enough to page through. */
function manualEntries(accountId: string, count: number) {
  return Array.from({ length: count }, (_, i) => ({
    account_id: accountId,
    id: randomUUID(),
    name: `Seeded Person ${i}`,
    email: `seeded-${i}@example.com`,
    is_email_regex: false,
    comments: null,
    directory_id: null,
    directory_node_id: null,
    external_directory_node_id: null,
    provenance: "A1S_INTERNAL",
    created_at: "2026-01-01T00:00:00.000Z",
    modified_at: "2026-01-01T00:00:00.000Z",
  }));
}

export function clientOf(sandbox: Sandbox) {
  return createClient({
    baseUrl: sandbox.baseUrl,
    apiToken: sandbox.credentials.writeToken,
    accountId: sandbox.accountId,
    readEnv: false,
  });
}

/** Every entry of the sandbox's account, by id: to prove what a run left unchanged, field by field. */
export async function entriesOf(sandbox: Sandbox) {
  const all = [];
  for await (const entry of clientOf(sandbox).listAll()) all.push(entry);
  return all.sort((a, b) => String(a.id).localeCompare(String(b.id)));
}

/** Fails naming the file when `secret` occurs in any file under `dir`. */
export function filesContaining(dir: string, secret: string): string[] {
  return filesUnder(dir).filter((path) => readFileSync(path, "utf8").includes(secret));
}

/** Runs tasks at most `concurrency` at a time, in the order they were handed in. */
export function limiter(concurrency: number) {
  let active = 0;
  const queue: (() => void)[] = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (active >= concurrency) await new Promise<void>((resolve) => queue.push(resolve));
    active++;
    try {
      return await task();
    } finally {
      active--;
      queue.shift()?.();
    }
  };
}
