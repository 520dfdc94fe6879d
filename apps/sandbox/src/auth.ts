import { hash } from "node:crypto";
import type { DatabaseSync } from "node:sqlite";
import { apiErrors } from "./errors.ts";

/** Who is calling: per account, the permission groups the credential carries. */
export interface Principal {
  /** Hash of the credential: the rate-limit key, safe to keep in memory. */
  key: string;
  accounts: ReadonlyMap<string, ReadonlySet<string>>;
}

/** Authorization headers remembered beyond this many are forgotten all at once: a bound, not an LRU. */
const MAX_CACHED_AUTHORIZATIONS = 1_000;

/** Cloudflare account identifiers: 32 lowercase hex characters (seed files are held to it too). */
export const ACCOUNT_ID_PATTERN = "^[0-9a-f]{32}$";
const ACCOUNT_ID = new RegExp(ACCOUNT_ID_PATTERN);

/** Cloudflare API tokens are 40 characters of this alphabet; anything else is a malformed header. */
const BEARER = /^Bearer ([A-Za-z0-9_-]{40})$/i;

/** Tokens and global keys are high-entropy secrets, so one unsalted SHA-256 is enough to store them. */
export function hashToken(token: string): string {
  return hash("sha256", token);
}

export function hashGlobalKey(email: string, key: string): string {
  return hash("sha256", `${email.toLowerCase()}\n${key}`);
}

interface CredentialRow {
  hash: string;
  kind: "token" | "global_key";
  account_id: string;
  permissions: string;
}

/** The credentials table, read once into memory so a request costs one hash and one Map lookup. */
export class CredentialIndex {
  readonly #tokens = new Map<string, Principal>();
  readonly #globalKeys = new Map<string, Principal>();
  /** Known tokens by their raw Authorization header, sparing the regex and the hash of a repeated header. */
  readonly #byAuthorization = new Map<string, Principal>();

  constructor(db: DatabaseSync) {
    const rows = db.prepare("SELECT hash, kind, account_id, permissions FROM credentials").all();
    for (const row of rows as unknown as CredentialRow[]) {
      const index = row.kind === "token" ? this.#tokens : this.#globalKeys;
      let principal = index.get(row.hash);
      if (principal === undefined) {
        principal = { key: row.hash, accounts: new Map() };
        index.set(row.hash, principal);
      }
      (principal.accounts as Map<string, ReadonlySet<string>>).set(
        row.account_id,
        new Set(JSON.parse(row.permissions) as string[]),
      );
    }
  }

  /** Identifies the caller from Cloudflare's headers, or throws the error Cloudflare would answer. */
  authenticate(headers: Headers): Principal {
    const authorization = headers.get("authorization");
    if (authorization !== null) {
      const known = this.#byAuthorization.get(authorization);
      if (known !== undefined) return known;
      const match = BEARER.exec(authorization.trim());
      if (match === null) throw apiErrors.malformedAuthorization();
      const principal = this.#tokens.get(hashToken(match[1] as string));
      if (principal === undefined) throw apiErrors.invalidToken();
      if (this.#byAuthorization.size >= MAX_CACHED_AUTHORIZATIONS) this.#byAuthorization.clear();
      this.#byAuthorization.set(authorization, principal);
      return principal;
    }
    const email = headers.get("x-auth-email");
    const key = headers.get("x-auth-key");
    if (email === null && key === null) throw apiErrors.missingCredentials();
    if (email === null) throw apiErrors.missingAuthHeader("X-Auth-Email");
    if (key === null) throw apiErrors.missingAuthHeader("X-Auth-Key");
    const principal = this.#globalKeys.get(hashGlobalKey(email.trim(), key.trim()));
    if (principal === undefined) throw apiErrors.unknownGlobalKey();
    return principal;
  }
}

/**
 * Cloudflare routes on the account identifier's shape before it looks the account up: a malformed
 * one is 400 code 7003, after authentication and before the account and permission check.
 */
export function checkAccountId(accountId: string): void {
  if (!ACCOUNT_ID.test(accountId)) throw apiErrors.unroutableAccount();
}

/**
 * An account the caller cannot see and a permission it lacks get the same
 * answer, so a token never learns which accounts exist.
 */
export function authorize(principal: Principal, accountId: string, accepted: readonly string[]): void {
  const granted = principal.accounts.get(accountId);
  if (granted === undefined || !accepted.some((permission) => granted.has(permission))) {
    throw apiErrors.forbidden();
  }
}
