/** The one redaction rule of the client (and of the apps that import it), table-driven. */
import { expect, test } from "vitest";
import { redactSecrets, type Secret } from "../src/redact.ts";

const TOKEN = { value: "abcdefgh12345678", placeholder: "$CLOUDFLARE_API_TOKEN" };

const cases: [string, { text: string; secrets: Secret[] }, string][] = [
  [
    "a token is replaced by its placeholder",
    { text: "Invalid Bearer abcdefgh12345678", secrets: [TOKEN] },
    "Invalid Bearer $CLOUDFLARE_API_TOKEN",
  ],
  [
    "every occurrence",
    { text: "k=secret-key, again secret-key", secrets: [{ value: "secret-key", placeholder: "[redacted]" }] },
    "k=[redacted], again [redacted]",
  ],
  [
    "each secret gets its own placeholder",
    {
      text: "key global-key-0123 for me@example.com",
      secrets: [
        { value: "global-key-0123", placeholder: "$CLOUDFLARE_API_KEY" },
        { value: "me@example.com", placeholder: "$CLOUDFLARE_EMAIL" },
      ],
    },
    "key $CLOUDFLARE_API_KEY for $CLOUDFLARE_EMAIL",
  ],
  [
    "a secret that contains another is replaced whole, whatever the order given",
    {
      text: "token abcdefgh12345678-extended",
      secrets: [TOKEN, { value: "abcdefgh12345678-extended", placeholder: "$LONGER" }],
    },
    "token $LONGER",
  ],
  [
    "a value of 8 characters is replaced",
    { text: "id 12345678", secrets: [{ value: "12345678", placeholder: "[redacted]" }] },
    "id [redacted]",
  ],
  [
    "a value under 8 characters is left alone (a test placeholder would mangle the message)",
    { text: "404 Not found on GET /accounts/a", secrets: [{ value: "t", placeholder: "[redacted]" }] },
    "404 Not found on GET /accounts/a",
  ],
  [
    "7 characters are still too short",
    { text: "id 1234567", secrets: [{ value: "1234567", placeholder: "[redacted]" }] },
    "id 1234567",
  ],
  [
    "an empty value is ignored",
    { text: "500 Internal", secrets: [{ value: "", placeholder: "[redacted]" }] },
    "500 Internal",
  ],
  ["no secrets, no change", { text: "500 Internal", secrets: [] }, "500 Internal"],
];
for (const [name, { text, secrets }, want] of cases) {
  test(`redactSecrets: ${name}`, () => {
    const given = [...secrets];
    expect(redactSecrets(text, secrets)).toBe(want);
    expect(secrets).toEqual(given);
  });
}
