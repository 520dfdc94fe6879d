import type { Middleware } from "openapi-fetch";
import { ImpersonationRegistryError } from "./errors.ts";
import type { Secret } from "./redact.ts";

export interface ClientOptions {
  /** An API token, sent as `Authorization: Bearer …`. Default: `CLOUDFLARE_API_TOKEN`. */
  apiToken?: string;
  /** The account's email for a Global API key, sent as `X-Auth-Email`. Default: `CLOUDFLARE_EMAIL`. */
  apiEmail?: string;
  /** A Global API key, sent as `X-Auth-Key` with `apiEmail`. Default: `CLOUDFLARE_API_KEY`. */
  apiKey?: string;
  /** `"none"` sends no credentials at all (to see how the API refuses such a request). */
  auth?: "none";
  /** The account every call uses unless the call names another. Default: `CLOUDFLARE_ACCOUNT_ID`. */
  accountId?: string;
  /** Default: `CLOUDFLARE_BASE_URL`, else `https://api.cloudflare.com/client/v4`. */
  baseUrl?: string;
  /** Attempts after the first for requests that may be retried. Default: 2. */
  maxRetries?: number;
  /** Milliseconds one attempt may take, response body included. Default: 60 000. */
  timeout?: number;
  /** A fetch implementation to use instead of the global one. */
  fetch?: (request: Request) => Promise<Response>;
  /** Sent as the `User-Agent` header when set. */
  userAgent?: string;
  /** openapi-fetch middleware, run on every request of the resource methods and of `raw`. */
  middleware?: Middleware[];
  /** `false` ignores the `CLOUDFLARE_*` environment variables. Default: true. */
  readEnv?: boolean;
}

/** The options with defaults applied, credentials turned into headers. */
export interface ResolvedOptions {
  accountId: string | undefined;
  baseUrl: string;
  maxRetries: number;
  timeout: number;
  headers: Record<string, string>;
  /** Credentials, cut out of error messages as `[redacted]`. */
  secrets: Secret[];
}

export const DEFAULT_BASE_URL = "https://api.cloudflare.com/client/v4";

type Env = Record<string, string | undefined>;

/** `process.env` where it exists (Node, Workers with nodejs_compat), nothing elsewhere (browsers). */
function processEnv(): Env {
  return (globalThis as { process?: { env?: Env } }).process?.env ?? {};
}

export function resolveOptions(options: ClientOptions): ResolvedOptions {
  const env: Env = options.readEnv === false ? {} : processEnv();
  const read = (name: string) => env[name] || undefined;
  const baseUrl = options.baseUrl ?? read("CLOUDFLARE_BASE_URL") ?? DEFAULT_BASE_URL;
  if (!URL.canParse(baseUrl))
    throw new ImpersonationRegistryError(`baseUrl is not an absolute URL: ${baseUrl}`);
  const maxRetries = options.maxRetries ?? 2;
  if (!Number.isInteger(maxRetries) || maxRetries < 0) {
    throw new ImpersonationRegistryError(`maxRetries must be an integer ≥ 0, got ${maxRetries}`);
  }
  const timeout = options.timeout ?? 60_000;
  if (!(timeout > 0))
    throw new ImpersonationRegistryError(`timeout must be a number of milliseconds > 0, got ${timeout}`);

  const headers: Record<string, string> = {};
  if (options.userAgent) headers["User-Agent"] = options.userAgent;
  return {
    accountId: options.accountId ?? read("CLOUDFLARE_ACCOUNT_ID"),
    baseUrl,
    maxRetries,
    timeout,
    headers,
    secrets: options.auth === "none" ? [] : addCredentials(headers, options, read),
  };
}

const REDACTED = "[redacted]";

/** Adds the auth headers; explicit options win over the environment, a token over a key. */
function addCredentials(
  headers: Record<string, string>,
  options: ClientOptions,
  read: (name: string) => string | undefined,
): Secret[] {
  if (options.apiEmail !== undefined || options.apiKey !== undefined) {
    if (!options.apiEmail || !options.apiKey) {
      throw new ImpersonationRegistryError(
        "apiEmail and apiKey go together: pass both, or pass apiToken instead",
      );
    }
  }
  const apiToken = options.apiToken ?? (options.apiKey ? undefined : read("CLOUDFLARE_API_TOKEN"));
  if (apiToken) {
    headers.Authorization = `Bearer ${apiToken}`;
    return [{ value: apiToken, placeholder: REDACTED }];
  }
  const apiEmail = options.apiEmail ?? read("CLOUDFLARE_EMAIL");
  const apiKey = options.apiKey ?? read("CLOUDFLARE_API_KEY");
  if (apiEmail && apiKey) {
    headers["X-Auth-Email"] = apiEmail;
    headers["X-Auth-Key"] = apiKey;
    return [{ value: apiKey, placeholder: REDACTED }];
  }
  throw new ImpersonationRegistryError(
    'No credentials: pass apiToken, or apiEmail and apiKey, or auth: "none" to createClient, ' +
      "or set CLOUDFLARE_API_TOKEN, or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY",
  );
}
