/**
 * Seed files: the accounts, credentials and first entries of a sandbox. The
 * seed's credentials replace the stored ones on every start (so editing the
 * file takes effect); its entries are inserted once, into a fresh database, so
 * deleting a seeded entry survives a restart.
 */
import { readFileSync } from "node:fs";
import type { DatabaseSync } from "node:sqlite";
import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import { ACCOUNT_ID_PATTERN, hashGlobalKey, hashToken } from "./auth.ts";
import type { EntryStore, StoredEntry } from "./store/entries.ts";

export interface SeedToken {
  /** Names the token in `startSandbox`'s result: `write`, `read` or `other-account`. */
  role?: string;
  value: string;
  account_id: string;
  permissions: string[];
}

export interface Seed {
  accounts: string[];
  tokens: SeedToken[];
  global_keys: { email: string; key: string; account_ids: string[] }[];
  entries: StoredEntry[];
}

const ACCOUNT_ID = { type: "string", pattern: ACCOUNT_ID_PATTERN };

/** The seed format; entries reuse the spec's entry schema, so a seed cannot hold what the API could not send. */
function seedSchema(spec: SpecDocument) {
  const entry =
    (spec.components?.schemas as Record<string, object> | undefined)?.ImpersonationRegistryEntry ?? {};
  return {
    type: "object",
    required: ["accounts", "tokens", "global_keys", "entries"],
    additionalProperties: false,
    properties: {
      accounts: { type: "array", minItems: 1, items: ACCOUNT_ID },
      tokens: {
        type: "array",
        items: {
          type: "object",
          required: ["value", "account_id", "permissions"],
          properties: {
            role: { type: "string" },
            value: { type: "string", pattern: "^[A-Za-z0-9_-]{40}$" },
            account_id: ACCOUNT_ID,
            permissions: { type: "array", items: { type: "string" } },
          },
        },
      },
      global_keys: {
        type: "array",
        items: {
          type: "object",
          required: ["email", "key", "account_ids"],
          properties: {
            email: { type: "string", format: "email" },
            key: { type: "string", minLength: 1 },
            account_ids: { type: "array", items: ACCOUNT_ID },
          },
        },
      },
      entries: {
        type: "array",
        items: {
          allOf: [
            entry,
            {
              required: [
                "account_id",
                "id",
                "name",
                "email",
                "is_email_regex",
                "provenance",
                "created_at",
                "modified_at",
              ],
              properties: { account_id: ACCOUNT_ID },
            },
          ],
        },
      },
    },
  };
}

export class SeedError extends Error {}

function readSeed(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, "utf8"));
  } catch (error) {
    throw new SeedError(`cannot read seed file ${path}: ${(error as Error).message}`);
  }
}

/**
 * The bundled development seed, read without compiling the seed schema: it is
 * validated by a test instead, which keeps that compile out of every startup.
 */
export function loadBundledSeed(path: string): Seed {
  return readSeed(path) as Seed;
}

/** Reads and validates a user's seed file; messages name the file and the offending field, never a secret. */
export function loadSeed(path: string, spec: SpecDocument): Seed {
  const value = readSeed(path);
  const ajv = createSpecAjv(spec);
  const validate = ajv.compile<Seed>(seedSchema(spec));
  if (!validate(value)) {
    const error = validate.errors?.[0];
    throw new SeedError(`invalid seed file ${path}: ${error?.instancePath || "/"} ${error?.message}`);
  }
  const known = new Set(value.accounts);
  const accounts = [
    ...value.tokens.map((token) => token.account_id),
    ...value.global_keys.flatMap((key) => key.account_ids),
    ...value.entries.map((entry) => entry.account_id),
  ];
  const unknown = accounts.find((account) => !known.has(account));
  if (unknown !== undefined)
    throw new SeedError(`invalid seed file ${path}: account ${unknown} is not in accounts`);
  return { ...value, entries: value.entries.map(completeEntry) };
}

/** Optional fields become null and unknown keys are dropped, so every entry binds the same columns. */
function completeEntry(entry: StoredEntry): StoredEntry {
  return {
    id: entry.id,
    account_id: entry.account_id,
    name: entry.name,
    email: entry.email,
    is_email_regex: entry.is_email_regex,
    comments: entry.comments ?? null,
    directory_id: entry.directory_id ?? null,
    directory_node_id: entry.directory_node_id ?? null,
    external_directory_node_id: entry.external_directory_node_id ?? null,
    provenance: entry.provenance,
    created_at: entry.created_at,
    modified_at: entry.modified_at,
  };
}

const ALL_PERMISSIONS = JSON.stringify(["Cloud Email Security: Read", "Cloud Email Security: Write"]);

export function applySeed(db: DatabaseSync, entries: EntryStore, seed: Seed): void {
  db.exec("BEGIN IMMEDIATE");
  try {
    const account = db.prepare("INSERT OR IGNORE INTO accounts (id) VALUES (?)");
    for (const id of seed.accounts) account.run(id);
    db.exec("DELETE FROM credentials");
    const credential = db.prepare(
      "INSERT OR REPLACE INTO credentials (hash, kind, account_id, permissions) VALUES (?, ?, ?, ?)",
    );
    for (const token of seed.tokens) {
      credential.run(hashToken(token.value), "token", token.account_id, JSON.stringify(token.permissions));
    }
    // A global key acts as its user, who holds every permission on the user's accounts.
    for (const key of seed.global_keys) {
      for (const id of key.account_ids) {
        credential.run(hashGlobalKey(key.email, key.key), "global_key", id, ALL_PERMISSIONS);
      }
    }
    const seeded = db.prepare("SELECT 1 FROM sandbox_meta WHERE key = 'seeded'").get();
    if (seeded === undefined) {
      for (const entry of seed.entries) entries.insert(entry);
      db.prepare("INSERT INTO sandbox_meta (key, value) VALUES ('seeded', ?)").run(new Date().toISOString());
    }
    db.exec("COMMIT");
  } catch (error) {
    db.exec("ROLLBACK");
    throw error;
  }
}
