/**
 * `sandbox`: started in this process on a free port with a fresh database in a
 * temporary directory (removed on close), or an already running one given by
 * --sandbox-url with the CLOUDFLARE_* variables `npm run sandbox` printed.
 */
import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { targetIdentity } from "@impersonation-registry/engine";
import { startSandbox } from "@impersonation-registry/sandbox";
import { credentialsFromEnv, tokenSecrets } from "./env.ts";
import { SWEEP_COMMAND } from "./live.ts";
import type { Target, TargetOptions } from "./target.ts";

const CAPABILITIES = { stateful: true, writable: true, exactStatuses: true, answersMalformedBodies: true };

export async function startSandboxTarget(options: TargetOptions): Promise<Target> {
  const concurrency = options.concurrency ?? 4;
  if (options.sandboxUrl !== undefined) {
    const { auth, accountId, secrets } = credentialsFromEnv(options.env, "sandbox (--sandbox-url)");
    return {
      info: {
        name: "sandbox",
        identity: targetIdentity("sandbox", options.sandboxUrl, accountId),
        baseUrl: options.sandboxUrl,
        capabilities: CAPABILITIES,
      },
      accountId,
      auth,
      secrets,
      concurrency,
      startDurations: {},
      description: `sandbox already running at ${options.sandboxUrl}`,
      sweepHint: `remove them with: CLOUDFLARE_BASE_URL=${options.sandboxUrl} ${SWEEP_COMMAND}`,
      close: async () => {},
    };
  }
  const started = performance.now();
  const dir = await mkdtemp(join(tmpdir(), "contract-sandbox-"));
  try {
    const sandbox = await startSandbox({
      port: 0,
      host: "127.0.0.1",
      db: join(dir, "sandbox.db"),
      rateLimit: "off",
      drift: options.sandboxDrift ?? null,
      // Its unexpected errors (answered 500 code 10001) and start-up warnings, first line only: no stack on the console.
      log: (message) => options.warn?.(`sandbox: ${message.split("\n")[0]}`),
    });
    const token = sandbox.credentials.writeToken;
    return {
      info: {
        name: "sandbox",
        // A fresh database on a free port every run: the same emulation, so one series.
        identity: targetIdentity("sandbox", "in-process"),
        baseUrl: sandbox.baseUrl,
        capabilities: CAPABILITIES,
      },
      accountId: sandbox.accountId,
      auth: { apiToken: token },
      secrets: tokenSecrets(token),
      concurrency,
      startDurations: { "sandbox-start": performance.now() - started },
      description: `sandbox in this process on ${sandbox.baseUrl}, fresh database in ${dir}`,
      sweepHint: "nothing to do: the in-process sandbox's database is removed with the run",
      close: async () => {
        await sandbox.close();
        await rm(dir, { recursive: true, force: true });
      },
    };
  } catch (error) {
    await rm(dir, { recursive: true, force: true });
    throw error;
  }
}
