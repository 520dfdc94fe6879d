/**
 * The CLI proper (launched by bin/sandbox.mjs): the sandbox on 127.0.0.1:8787 until Ctrl-C. Prints the
 * base URL and copy-pasteable CLOUDFLARE_* lines; credentials are printed only
 * for the bundled development seed, never from a user's seed file.
 */
import { parseArgs } from "node:util";
import { driftProfileIds, findDriftProfile } from "./drift.ts";
import { defaultDbPath } from "./paths.ts";
import type { RateLimitSetting } from "./rate-limit.ts";
import { type Sandbox, startSandbox } from "./sandbox.ts";
import { SeedError } from "./seed.ts";

const HELP = `Usage: npm run sandbox -- [options]

A stateful local stand-in for Cloudflare's Impersonation Registry API.

Options:
  --port N                 port to listen on (default 8787; 0 = any free port)
  --host HOST              address to bind (default 127.0.0.1)
  --db PATH                SQLite file, or :memory: (default .sandbox/sandbox.db in the repository)
  --seed FILE              seed file with accounts, credentials and entries (default: development seed)
  --drift PROFILE          start with a drift or fault profile:
                           ${driftProfileIds.join(", ")}
  --rate-limit off|N/SEC   requests per window per credential (default 1200/300)
  --last-modified          also send the deprecated last_modified field (end of life 2026-11-01)
  --admin-token TOKEN      enable PUT /__sandbox/drift, authorised by this bearer token
  --help                   show this help
`;

class UsageError extends Error {}

function parseRateLimit(value: string): RateLimitSetting {
  if (value === "off") return "off";
  const match = /^(\d+)\/(\d+)$/.exec(value);
  const limit = Number(match?.[1]);
  const windowSeconds = Number(match?.[2]);
  if (match === null || limit < 1 || windowSeconds < 1) {
    throw new UsageError(`--rate-limit must be off or N/SECONDS with N, SECONDS ≥ 1 (got ${value})`);
  }
  return { limit, windowSeconds };
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!/^\d+$/.test(value) || port > 65535) throw new UsageError(`--port must be 0–65535 (got ${value})`);
  return port;
}

function parseOptions(argv: string[]) {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      port: { type: "string", default: "8787" },
      host: { type: "string", default: "127.0.0.1" },
      db: { type: "string", default: defaultDbPath },
      seed: { type: "string" },
      drift: { type: "string" },
      "rate-limit": { type: "string", default: "1200/300" },
      "last-modified": { type: "boolean", default: false },
      "admin-token": { type: "string" },
      help: { type: "boolean", default: false },
    },
  });
  const drift = values.drift === undefined ? undefined : findDriftProfile(values.drift);
  if (drift === undefined && values.drift !== undefined) {
    throw new UsageError(`--drift must be one of ${driftProfileIds.join(", ")} (got ${values.drift})`);
  }
  return {
    help: values.help,
    options: {
      port: parsePort(values.port),
      host: values.host,
      db: values.db,
      seed: values.seed,
      drift: drift?.id,
      rateLimit: parseRateLimit(values["rate-limit"]),
      lastModified: values["last-modified"],
      adminToken: values["admin-token"],
      log: (message: string) => console.error(message),
    },
  };
}

function banner(sandbox: Sandbox, printCredentials: boolean): string {
  const lines = [
    `Impersonation Registry sandbox listening on ${sandbox.baseUrl}`,
    `CLOUDFLARE_BASE_URL=${sandbox.baseUrl}`,
  ];
  if (printCredentials) {
    const { credentials } = sandbox;
    lines.push(
      `CLOUDFLARE_API_TOKEN=${credentials.writeToken}`,
      `CLOUDFLARE_ACCOUNT_ID=${sandbox.accountId}`,
      "# development credentials (public fixtures of the bundled seed):",
      `#   read-only token:          ${credentials.readToken}`,
      `#   token of another account: ${credentials.otherAccountToken}`,
      `#   global key:               CLOUDFLARE_EMAIL=${credentials.email} CLOUDFLARE_API_KEY=${credentials.apiKey}`,
    );
  } else {
    lines.push(
      `CLOUDFLARE_ACCOUNT_ID=${sandbox.accountId}`,
      "# credentials come from your seed file and are not printed",
    );
  }
  lines.push("Press Ctrl-C to stop.");
  return lines.join("\n");
}

export async function runCli(): Promise<number> {
  let parsed: ReturnType<typeof parseOptions>;
  try {
    parsed = parseOptions(process.argv.slice(2));
  } catch (error) {
    console.error(`sandbox: ${(error as Error).message} (see --help)`);
    return 2;
  }
  if (parsed.help) {
    console.log(HELP);
    return 0;
  }
  let sandbox: Sandbox;
  try {
    sandbox = await startSandbox(parsed.options);
  } catch (error) {
    console.error(`sandbox: ${(error as Error).message}`);
    return error instanceof SeedError ? 2 : 1;
  }
  console.log(banner(sandbox, parsed.options.seed === undefined));
  await new Promise<void>((resolve) => {
    const stop = () => resolve();
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  await sandbox.close();
  console.log("sandbox stopped");
  return 0;
}
