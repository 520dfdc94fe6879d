/** The pure message helpers of errors.ts. */
import { expect, test } from "vitest";
import { redact } from "../src/errors.ts";

const cases: [string, { text: string; secrets: string[] }, string][] = [
  [
    "a token is cut out",
    { text: "Invalid Bearer abcdefgh12345678", secrets: ["abcdefgh12345678"] },
    "Invalid Bearer [redacted]",
  ],
  [
    "every occurrence",
    { text: "k=secret-key, again secret-key", secrets: ["secret-key"] },
    "k=[redacted], again [redacted]",
  ],
  [
    "a short placeholder is left alone",
    { text: "404 Not found on GET /accounts/a", secrets: ["t"] },
    "404 Not found on GET /accounts/a",
  ],
  ["no secrets, no change", { text: "500 Internal", secrets: [] }, "500 Internal"],
];
for (const [name, { text, secrets }, want] of cases) {
  test(`redact: ${name}`, () => {
    expect(redact(text, secrets)).toBe(want);
  });
}
