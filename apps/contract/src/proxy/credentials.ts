/**
 * The credentials a proxy session sees go by: each request's Authorization and
 * X-Auth-* values are shown as the variables the official SDK reads
 * (`Bearer $CLOUDFLARE_API_TOKEN`), and every token or key seen so far is
 * replaced wherever else it turns up (a URL, a body echoing it) with the
 * client's one redaction function. Unlike a contract run, the proxy does not
 * know the secrets in advance: it learns them from the traffic, keeping the
 * most recent ones (bounded, for a long session with many consumers).
 */
import { redactSecrets, type Secret } from "@impersonation-registry/client";

/** Credential header → how its value is shown; a bearer token keeps its scheme word. */
const HEADERS = new Map([
  ["authorization", "$CLOUDFLARE_API_TOKEN"],
  ["x-auth-key", "$CLOUDFLARE_API_KEY"],
  ["x-auth-email", "$CLOUDFLARE_EMAIL"],
]);

/** The X-Auth-Email is an identity, not a secret: masked in headers, left alone in bodies. */
const SECRET_HEADERS = new Set(["authorization", "x-auth-key"]);

const MAX_REMEMBERED = 64;

/** The secret part of a credential header's value: a bearer token without its scheme word. */
function credentialOf(name: string, value: string): string {
  return (name === "authorization" && /^Bearer\s+(.+)$/i.exec(value)?.[1]) || value;
}

export interface Credentials {
  /** Lower-case name → value, credentials shown as variables; learns the secrets among them. */
  headers(raw: readonly string[]): Record<string, string>;
  redact(text: string): string;
  /** The secrets known so far, for a last pass over whole files. */
  secrets(): readonly Secret[];
}

export function createCredentials(): Credentials {
  // Insertion order is recency: a value seen again moves to the end, the oldest is forgotten first.
  const known = new Map<string, Secret>();
  let ordered: Secret[] = [];
  let newest = "";
  const learn = (value: string, placeholder: string) => {
    // The same credential on request after request is the common case: nothing to reorder.
    if (value === "" || value === newest) return;
    newest = value;
    known.delete(value);
    known.set(value, { value, placeholder });
    if (known.size > MAX_REMEMBERED) known.delete(known.keys().next().value as string);
    ordered = [...known.values()];
  };
  const redact = (text: string) => redactSecrets(text, ordered);
  return {
    headers(raw) {
      // Learnt first: another header of the same request may carry the credential too.
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = (raw[i] as string).toLowerCase();
        if (SECRET_HEADERS.has(name))
          learn(credentialOf(name, raw[i + 1] as string).trim(), HEADERS.get(name) ?? "");
      }
      const out = new Map<string, string>();
      for (let i = 0; i + 1 < raw.length; i += 2) {
        const name = (raw[i] as string).toLowerCase();
        const value = raw[i + 1] as string;
        const placeholder = HEADERS.get(name);
        const shown =
          placeholder === undefined ? redact(value) : value.replace(credentialOf(name, value), placeholder);
        // A repeated header is one comma-separated value, as fetch's Headers shows it.
        const before = out.get(name);
        out.set(name, before === undefined ? shown : `${before}, ${shown}`);
      }
      // Own properties: a header named `__proto__` or `constructor` is a header like any other.
      return Object.fromEntries(out);
    },
    redact,
    secrets: () => ordered,
  };
}
