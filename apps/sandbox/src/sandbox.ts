/** `startSandbox`: storage, seed, validators and the HTTP server wired together; silent unless given a logger. */
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { serve } from "@hono/node-server";
import { spec } from "@impersonation-registry/types/spec";
import { CredentialIndex } from "./auth.ts";
import { type DriftProfileId, DriftState, driftProfileIds, findDriftProfile } from "./drift.ts";
import { apiErrors } from "./errors.ts";
import { defaultSeedPath } from "./paths.ts";
import { DEFAULT_RATE_LIMIT, RateLimiter, type RateLimitSetting } from "./rate-limit.ts";
import { rawErrorResponse, rayGenerator } from "./responses.ts";
import { entryOperations } from "./routes/entries.ts";
import { applySeed, loadBundledSeed, loadSeed, type Seed } from "./seed.ts";
import { API_PREFIX, createApp } from "./server.ts";
import { openDatabase } from "./store/database.ts";
import { EntryStore } from "./store/entries.ts";
import { compileValidators } from "./validation.ts";

export interface SandboxOptions {
  /** Default 8787; 0 picks a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** SQLite file, or `:memory:` (the default here; the CLI defaults to `.sandbox/sandbox.db`). */
  db?: string;
  /** Seed file; default: the bundled development seed. */
  seed?: string;
  drift?: DriftProfileId | null;
  /** Default 1200 requests per 300 s per credential, as Cloudflare documents. */
  rateLimit?: RateLimitSetting;
  /** Send the deprecated `last_modified` (end of life 2026-11-01)? Default false. */
  lastModified?: boolean;
  /** Enables `PUT /__sandbox/drift`, authorised by this bearer token. */
  adminToken?: string;
  /** Receives unexpected errors (never credentials); silent by default. */
  log?: (message: string) => void;
}

export interface SandboxCredentials {
  writeToken: string;
  readToken: string;
  otherAccountToken: string;
  email: string;
  apiKey: string;
}

export interface Sandbox {
  /** `http://host:port`. */
  origin: string;
  /** `origin` + `/client/v4`: what a Cloudflare client takes as its base URL. */
  baseUrl: string;
  port: number;
  accountId: string;
  credentials: SandboxCredentials;
  /** Stops accepting connections, lets requests in flight finish, closes the database. */
  close(): Promise<void>;
}

/** Connections still open this long after close() are cut, so a stuck client cannot hold shutdown. */
const CLOSE_GRACE_MS = 5_000;

export async function startSandbox(options: SandboxOptions = {}): Promise<Sandbox> {
  const drift = options.drift == null ? null : findDriftProfile(options.drift);
  if (drift === undefined) {
    throw new Error(`unknown drift profile ${options.drift}; use one of: ${driftProfileIds.join(", ")}`);
  }
  const seed = options.seed === undefined ? loadBundledSeed(defaultSeedPath) : loadSeed(options.seed, spec);
  const validators = compileValidators(spec);
  const db = openDatabase(options.db ?? ":memory:");
  try {
    const store = new EntryStore(db, { lastModified: options.lastModified ?? false });
    applySeed(db, store, seed);
    // Tombstones live only as long as list-leaks-deleted is on: any other profile (or none, at
    // start-up too) empties them, so no list shows a ghost after it is switched off.
    const driftState = new DriftState(drift, (profile) => {
      if (profile?.deletion !== "listed") store.forgetDeleted();
    });
    const rateLimit = options.rateLimit ?? DEFAULT_RATE_LIMIT;
    const ray = rayGenerator();
    const app = createApp({
      ray,
      operations: validators.operations,
      handlers: entryOperations({
        store,
        validators,
        now: Date.now,
        drift: (operation) => driftState.for(operation),
      }),
      credentials: new CredentialIndex(db),
      limiter: rateLimit === "off" ? undefined : new RateLimiter(rateLimit),
      drift: driftState,
      adminToken: options.adminToken,
      onUnexpectedError: (error) =>
        options.log?.(`unexpected error: ${(error as Error)?.stack ?? String(error)}`),
    });
    const server = await listen(app.fetch, options.port ?? 8787, options.host ?? "127.0.0.1");
    server.on("clientError", (error: NodeJS.ErrnoException, socket) => {
      if (!socket.writable) return;
      const apiError =
        error.code === "HPE_HEADER_OVERFLOW" ? apiErrors.headersTooLarge() : apiErrors.malformedHttp();
      socket.end(rawErrorResponse(apiError, ray()));
    });
    // Compile the validators now that the port is open, one per event-loop turn: the first
    // answer is not delayed, and later requests never pay for it. A spec ajv cannot compile is
    // reported here rather than thrown.
    validators.warm().catch((error: Error) => {
      options.log?.(`the spec's schemas do not compile: ${error.message}`);
    });
    const { port } = server.address() as AddressInfo;
    const host = options.host ?? "127.0.0.1";
    const origin = `http://${host.includes(":") ? `[${host}]` : host}:${port}`;
    let closing: Promise<void> | undefined;
    return {
      origin,
      baseUrl: origin + API_PREFIX,
      port,
      accountId: seed.accounts[0] as string,
      credentials: credentialsOf(seed),
      close() {
        closing ??= new Promise<void>((resolve) => {
          const cut = setTimeout(() => server.closeAllConnections(), CLOSE_GRACE_MS);
          server.close(() => {
            clearTimeout(cut);
            db.close();
            resolve();
          });
          server.closeIdleConnections();
        });
        return closing;
      },
    };
  } catch (error) {
    db.close();
    throw error;
  }
}

function listen(
  fetch: (request: Request, env: never) => Response | Promise<Response>,
  port: number,
  hostname: string,
) {
  return new Promise<Server>((resolve, reject) => {
    const server = serve({ fetch: fetch as never, port, hostname }) as Server;
    server.once("error", reject);
    server.once("listening", () => {
      server.off("error", reject);
      resolve(server);
    });
  });
}

function credentialsOf(seed: Seed): SandboxCredentials {
  const token = (role: string) => seed.tokens.find((candidate) => candidate.role === role)?.value ?? "";
  const globalKey = seed.global_keys[0];
  return {
    writeToken: token("write"),
    readToken: token("read"),
    otherAccountToken: token("other-account"),
    email: globalKey?.email ?? "",
    apiKey: globalKey?.key ?? "",
  };
}
