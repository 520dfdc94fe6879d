/**
 * Body keys named like `Object.prototype` members are fields like any other:
 * every walk of a body looks keys up as own properties, so an undocumented
 * `constructor`, `toString` or `__proto__` is reported, and a comparison sees it.
 */
import { describe, expect, it } from "vitest";
import type { Exchange } from "../src/model.ts";
import { engineBeforeEol, fixture } from "./helpers.ts";

const KEYS = ["constructor", "toString", "__proto__", "hasOwnProperty"];

/** The clean entry fixture with `key` added through JSON (an object literal would set the prototype instead). */
function withKey(key: string): Exchange {
  const exchange = fixture<Exchange>("undocumented-field.clean");
  const text = JSON.stringify(exchange.response.body).replace(
    '"success":true',
    `"success":true,"${key}":"x"`,
  );
  const entries = JSON.parse(text.replace(/"is_email_regex":false/g, `"is_email_regex":false,"${key}":"x"`));
  return { ...exchange, response: { ...exchange.response, body: entries, text: JSON.stringify(entries) } };
}

describe("undocumented fields named like Object.prototype members", () => {
  for (const key of KEYS) {
    it(`${key} is reported at the envelope and at every entry`, () => {
      const pointers = engineBeforeEol
        .check(withKey(key))
        .filter((f) => f.rule === "undocumented-field")
        .map((f) => f.pointer);
      expect(pointers.sort()).toEqual([`/${key}`, `/result/*/${key}`].sort());
    });

    it(`${key} on one target only is a compare-key difference`, () => {
      const plain = fixture<Exchange>("undocumented-field.clean");
      const findings = engineBeforeEol.compare({ ...plain, target: "mock" }, withKey(key));
      expect(findings.filter((f) => f.rule === "compare-key").map((f) => f.pointer)).toContain(`/${key}`);
    });
  }
});
