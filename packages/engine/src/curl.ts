/**
 * A copy-pasteable curl line for an exchange's request. Credentials are never
 * rendered from the exchange: the auth headers always become the environment
 * variables the official SDK reads, so a secret cannot reach a report this way.
 * The one exception is the token the auth scenario invents to probe "unknown
 * token": it is public, and its curl line must send it to reproduce the probe.
 */
import type { Exchange } from "./model.ts";

/**
 * The token the auth scenario sends to probe "unknown token": Cloudflare's shape (40 characters of
 * [A-Za-z0-9_-]), so a server judges it as a token and not as a malformed header; issued by nobody,
 * so not a secret, and shown as is in curl lines. It starts with the runs' marker prefix.
 */
export const UNKNOWN_TOKEN = "contract-test-unknown-token-000000000000";

const CREDENTIALS: Record<string, string> = {
  authorization: "Authorization: Bearer $CLOUDFLARE_API_TOKEN",
  "x-auth-key": "X-Auth-Key: $CLOUDFLARE_API_KEY",
  "x-auth-email": "X-Auth-Email: $CLOUDFLARE_EMAIL",
};

/** curl computes these itself; repeating them would only make the line wrong after an edit. */
const COMPUTED = new Set(["host", "content-length", "connection", "transfer-encoding"]);

function shellQuote(value: string): string {
  return `'${value.replaceAll("'", `'\\''`)}'`;
}

export function toCurl(exchange: Pick<Exchange, "request">): string {
  const { method, url, headers, body } = exchange.request;
  const parts = ["curl", "-sS", "-X", method.toUpperCase(), shellQuote(url)];
  for (const [name, value] of Object.entries(headers).sort(([a], [b]) => a.localeCompare(b))) {
    const lower = name.toLowerCase();
    if (COMPUTED.has(lower)) continue;
    const credential = value === `Bearer ${UNKNOWN_TOKEN}` ? undefined : CREDENTIALS[lower];
    // Double quotes so the shell expands the variable.
    parts.push("-H", credential ? `"${credential}"` : shellQuote(`${lower}: ${value}`));
  }
  const data = exchange.request.bodyText ?? (body === undefined ? undefined : JSON.stringify(body));
  if (data !== undefined) parts.push("--data-raw", shellQuote(data));
  return parts.join(" ");
}
