/**
 * `request-invalid` case by case: what a consumer sent, judged by the engine's
 * checkRequest against the bundled spec — each way a request can break its
 * operation's description gives one finding at a pinned pointer with the
 * value as sent, and requests the spec allows give none.
 */
import { describe, expect, it } from "vitest";
import type { Exchange, OperationId } from "../src/model.ts";
import { engineBeforeEol } from "./helpers.ts";

const BASE =
  "http://127.0.0.1:8787/client/v4/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/impersonation_registry";
const ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
const TOKEN = { authorization: "Bearer $CLOUDFLARE_API_TOKEN" };
const JSON_BODY = { ...TOKEN, "content-type": "application/json" };

function sent(
  operation: OperationId,
  method: string,
  url: string,
  headers: Record<string, string>,
  body: { body?: unknown; bodyText?: string } = {},
): Exchange {
  return {
    target: "proxy",
    scenario: "proxy",
    step: operation,
    operation,
    request: { method, url, headers, ...body },
    response: { status: 200, headers: {}, body: undefined, text: "", durationMs: 1 },
    attempts: 1,
  };
}

const valid = { email: "ceo@example.com", is_email_regex: false, name: "The CEO" };

// [case, the request, the findings: pointer, expected, observed]
const cases: [string, Exchange, [string, unknown, unknown][]][] = [
  [
    "a valid list with every parameter",
    sent(
      "listEntries",
      "GET",
      `${BASE}?page=2&per_page=1000&order=name&direction=desc&provenance=A1S_INTERNAL&search=a`,
      TOKEN,
    ),
    [],
  ],
  ["a valid create", sent("createEntry", "POST", BASE, JSON_BODY, { body: valid }), []],
  [
    "the global key instead of a token",
    sent("getEntry", "GET", `${BASE}/${ID}`, {
      "x-auth-email": "$CLOUDFLARE_EMAIL",
      "x-auth-key": "$CLOUDFLARE_API_KEY",
    }),
    [],
  ],
  [
    "a JSON media type with a charset",
    sent(
      "updateEntry",
      "PATCH",
      `${BASE}/${ID}`,
      { ...TOKEN, "content-type": "application/json; charset=utf-8" },
      { body: { name: "N" } },
    ),
    [],
  ],
  [
    "no credentials",
    sent("listEntries", "GET", BASE, {}),
    [["/headers/authorization", "Authorization: Bearer …, or X-Auth-Email + X-Auth-Key", "no credentials"]],
  ],
  [
    "half the global key",
    sent("listEntries", "GET", BASE, { "x-auth-key": "$CLOUDFLARE_API_KEY" }),
    [["/headers/authorization", "Authorization: Bearer …, or X-Auth-Email + X-Auth-Key", "no credentials"]],
  ],
  [
    "per_page under its minimum",
    sent("listEntries", "GET", `${BASE}?per_page=0`, TOKEN),
    [["/query/per_page", "minimum 1", 0]],
  ],
  [
    "per_page not a number",
    sent("listEntries", "GET", `${BASE}?per_page=ten`, TOKEN),
    [["/query/per_page", "integer", "ten"]],
  ],
  [
    "page sent twice",
    sent("listEntries", "GET", `${BASE}?page=1&page=2`, TOKEN),
    [["/query/page", "integer", ["1", "2"]]],
  ],
  [
    "an order outside its enum",
    sent("listEntries", "GET", `${BASE}?order=modified_at`, TOKEN),
    [["/query/order", 'enum ["name","email","created_at"]', "modified_at"]],
  ],
  [
    "an entry id that is not a uuid",
    sent("getEntry", "GET", `${BASE}/42`, TOKEN),
    [["/path/impersonation_registry_id", "format uuid", "42"]],
  ],
  [
    "a path segment that does not decode",
    sent("deleteEntry", "DELETE", `${BASE}/%E0%A4%A`, TOKEN),
    [["/path/impersonation_registry_id", "a percent-encoded value", "%E0%A4%A"]],
  ],
  [
    "an account id over its maxLength",
    sent(
      "getEntry",
      "GET",
      `${BASE.replace("023e105f4ecef8ad9ca31a8372d0c353", "0".repeat(33))}/${ID}`,
      TOKEN,
    ),
    [["/path/account_id", "maxLength 32", "0".repeat(33)]],
  ],
  [
    "a create without its body",
    sent("createEntry", "POST", BASE, JSON_BODY),
    [["/body", "a body (required)", "absent"]],
  ],
  [
    "a body that is not JSON",
    sent("createEntry", "POST", BASE, JSON_BODY, { bodyText: '{"email":' }),
    [["/body", "a JSON body", '{"email":']],
  ],
  [
    "a body of another media type",
    sent("createEntry", "POST", BASE, { ...TOKEN, "content-type": "text/plain" }, { bodyText: "hi" }),
    [["/headers/content-type", "application/json", "text/plain"]],
  ],
  [
    "a required field missing",
    sent("createEntry", "POST", BASE, JSON_BODY, { body: { email: "a@example.com", name: "A" } }),
    [["/body/is_email_regex", "present", "absent"]],
  ],
  [
    "a field of the wrong type",
    sent("createEntry", "POST", BASE, JSON_BODY, { body: { ...valid, is_email_regex: "no" } }),
    [["/body/is_email_regex", "boolean", "string"]],
  ],
  [
    "null where the field is not nullable",
    sent("createEntry", "POST", BASE, JSON_BODY, { body: { ...valid, name: null } }),
    [["/body/name", "string (not nullable)", null]],
  ],
  [
    "an empty update",
    sent("updateEntry", "PATCH", `${BASE}/${ID}`, JSON_BODY, { body: {} }),
    [["/body", "minProperties 1", {}]],
  ],
];

describe("request-invalid", () => {
  for (const [name, exchange, expected] of cases) {
    it(`${name}: ${expected.length === 0 ? "no finding" : expected.map(([pointer]) => pointer).join(", ")}`, () => {
      const findings = engineBeforeEol.checkRequest(exchange);
      expect(findings.map((f) => [f.pointer, f.expected, f.observed])).toEqual(expected);
      for (const finding of findings)
        expect(finding).toMatchObject({ rule: "request-invalid", severity: "breaking" });
    });
  }

  it("is never run by check: a contract run's invalid requests are on purpose", () => {
    const [, invalid] = cases.find(([name]) => name === "no credentials") ?? [];
    expect(engineBeforeEol.check(invalid as Exchange).map((f) => f.rule)).not.toContain("request-invalid");
  });
});
