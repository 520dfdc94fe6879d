/** Seed files: the bundled one is valid (startup trusts it), and a user's invalid one is refused with a clear line. */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spec } from "@impersonation-registry/types/spec";
import { afterAll, describe, expect, it } from "vitest";
import { defaultSeedPath } from "../src/paths.ts";
import { loadSeed, SeedError } from "../src/seed.ts";

const dir = mkdtempSync(join(tmpdir(), "sandbox-seed-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const ACCOUNT = "0123456789abcdef0123456789abcdef";
const valid = {
  accounts: [ACCOUNT],
  tokens: [{ value: "t".repeat(40), account_id: ACCOUNT, permissions: ["Cloud Email Security: Read"] }],
  global_keys: [],
  entries: [],
};
const entry = {
  account_id: ACCOUNT,
  id: "11111111-2222-4333-8444-555555555555",
  name: "N",
  email: "n@example.com",
  is_email_regex: false,
  provenance: "A1S_INTERNAL",
  created_at: "2026-01-01T00:00:00.000Z",
  modified_at: "2026-01-01T00:00:00.000Z",
};

function write(name: string, content: unknown): string {
  const path = join(dir, `${name}.json`);
  writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
  return path;
}

describe("seed files", () => {
  it("the bundled development seed is valid and has a directory-synced entry", () => {
    const seed = loadSeed(defaultSeedPath, spec);
    expect(seed.accounts[0]).toMatch(/^[0-9a-f]{32}$/);
    expect(
      seed.entries.some(
        (e) =>
          e.provenance.startsWith("SNOOPY-") && e.directory_id !== null && e.account_id === seed.accounts[0],
      ),
    ).toBe(true);
    expect(seed.tokens.map((t) => t.role).sort()).toEqual(["other-account", "read", "write"]);
  });

  it("completes optional entry fields with null", () => {
    const seed = loadSeed(write("minimal-entry", { ...valid, entries: [entry] }), spec);
    expect(seed.entries[0]).toMatchObject({ comments: null, directory_id: null });
  });

  it.each([
    ["not JSON", "{", /cannot read seed file/],
    [
      "a token of the wrong shape",
      { ...valid, tokens: [{ ...valid.tokens[0], value: "short" }] },
      /tokens\/0\/value/,
    ],
    ["an account id that is not 32 hex", { ...valid, accounts: ["acc"] }, /accounts\/0/],
    [
      "a credential for an undeclared account",
      { ...valid, tokens: [{ ...valid.tokens[0], account_id: "f".repeat(32) }] },
      /not in accounts/,
    ],
    [
      "an entry with an unknown provenance",
      { ...valid, entries: [{ ...entry, provenance: "LDAP" }] },
      /entries\/0/,
    ],
    ["an entry without a name", { ...valid, entries: [{ ...entry, name: undefined }] }, /entries\/0/],
  ])("refuses %s", (name, content, message) => {
    const path = write(name.replaceAll(" ", "-"), content);
    expect(() => loadSeed(path, spec)).toThrow(SeedError);
    expect(() => loadSeed(path, spec)).toThrow(message);
  });

  it("never puts a secret in its error message", () => {
    const secret = "s".repeat(39);
    const path = write("secret", { ...valid, tokens: [{ ...valid.tokens[0], value: secret }] });
    expect(() => loadSeed(path, spec)).toThrow(SeedError);
    try {
      loadSeed(path, spec);
    } catch (error) {
      expect((error as Error).message).not.toContain(secret);
    }
  });
});
