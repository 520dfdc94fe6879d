import { describe, expect, it } from "vitest";
import { toCurl, UNKNOWN_TOKEN } from "../src/index.ts";
import type { Exchange } from "../src/model.ts";

const request = (headers: Record<string, string>, body?: unknown): Pick<Exchange, "request"> => ({
  request: {
    method: "post",
    url: "http://127.0.0.1:8787/accounts/023e/email-security/settings/impersonation_registry?search=o'brien",
    headers,
    ...(body === undefined ? {} : { body }),
  },
});

// [name, request, expected curl line]
const cases: [string, Pick<Exchange, "request">, string][] = [
  [
    "a token, whatever its value, becomes $CLOUDFLARE_API_TOKEN",
    request({ authorization: "Bearer s3cr3t-token-value", accept: "application/json" }),
    `curl -sS -X POST 'http://127.0.0.1:8787/accounts/023e/email-security/settings/impersonation_registry?search=o'\\''brien' -H 'accept: application/json' -H "Authorization: Bearer $CLOUDFLARE_API_TOKEN"`,
  ],
  [
    "the auth scenario's unknown token is public: shown as sent, so the line reproduces the probe",
    request({ authorization: `Bearer ${UNKNOWN_TOKEN}` }),
    `curl -sS -X POST 'http://127.0.0.1:8787/accounts/023e/email-security/settings/impersonation_registry?search=o'\\''brien' -H 'authorization: Bearer contract-test-unknown-token-000000000000'`,
  ],
  [
    "a global key and email become their variables",
    request({ "x-auth-key": "0123456789abcdef", "x-auth-email": "admin@example.com" }),
    `curl -sS -X POST 'http://127.0.0.1:8787/accounts/023e/email-security/settings/impersonation_registry?search=o'\\''brien' -H "X-Auth-Email: $CLOUDFLARE_EMAIL" -H "X-Auth-Key: $CLOUDFLARE_API_KEY"`,
  ],
  [
    "the body is sent as JSON, quoted for the shell; computed headers are left to curl",
    request({ "content-type": "application/json", "content-length": "42", host: "x" }, { name: "Jo's" }),
    `curl -sS -X POST 'http://127.0.0.1:8787/accounts/023e/email-security/settings/impersonation_registry?search=o'\\''brien' -H 'content-type: application/json' --data-raw '{"name":"Jo'\\''s"}'`,
  ],
];

describe("toCurl", () => {
  for (const [name, given, want] of cases) {
    it(name, () => {
      expect(toCurl(given)).toBe(want);
    });
  }
});
