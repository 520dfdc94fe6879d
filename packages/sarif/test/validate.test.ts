/**
 * The validator the other tests rely on can say no: the schema kept in the
 * package, compiled by ajv, refuses what SARIF 2.1.0 refuses.
 */
import { describe, expect, it } from "vitest";
import { sarifSchemaErrors } from "../src/validate.ts";

const minimal = (run: Record<string, unknown>) => ({
  version: "2.1.0",
  runs: [{ tool: { driver: { name: "contract" } }, ...run }],
});

const cases: [string, unknown, RegExp | undefined][] = [
  ["a run without results", minimal({}), undefined],
  [
    "a result with a message and a level",
    minimal({ results: [{ message: { text: "m" }, level: "note" }] }),
    undefined,
  ],
  ["no version", { runs: [] }, /^\/: must have required property 'version'$/],
  [
    "another version",
    { version: "2.0.0", runs: [] },
    /^\/version: must be equal to one of the allowed values$/,
  ],
  [
    "a tool without a name",
    { version: "2.1.0", runs: [{ tool: { driver: {} } }] },
    /driver: must have required/,
  ],
  [
    "a level SARIF does not have",
    minimal({ results: [{ message: { text: "m" }, level: "fatal" }] }),
    /level/,
  ],
  ["a result without a message", minimal({ results: [{ ruleId: "x" }] }), /message/],
  [
    "a start line of 0",
    minimal({
      results: [{ message: { text: "m" }, locations: [{ physicalLocation: { region: { startLine: 0 } } }] }],
    }),
    /startLine: must be >= 1/,
  ],
  [
    "a property SARIF does not define",
    minimal({ results: [{ message: { text: "m" }, severity: "high" }] }),
    /must NOT have additional properties/,
  ],
  [
    "an informationUri that is no URI",
    { version: "2.1.0", runs: [{ tool: { driver: { name: "c", informationUri: "not a uri" } } }] },
    /format "uri"/,
  ],
];

describe("sarifSchemaErrors", () => {
  for (const [name, log, error] of cases) {
    it(`${name}: ${error ? "refused" : "valid"}`, () => {
      const errors = sarifSchemaErrors(log);
      if (error) expect(errors.some((line) => error.test(line))).toBe(true);
      else expect(errors).toEqual([]);
    });
  }
});
