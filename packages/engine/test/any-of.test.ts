/**
 * The checks on a spec that `suggest` widened: it writes `anyOf: [<the
 * documented schema>, <a branch per other type seen>]`. A value of the
 * documented type is still judged by the documented schema — every finding of
 * the rule fixtures is the same on the widened spec — a value of the other type
 * passes, a value of neither is one finding naming both types, and a value two
 * branches could describe is left alone rather than judged by the wrong one.
 */
import type { SpecDocument } from "@impersonation-registry/types/spec";
import { spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { createEngine, type Exchange } from "../src/index.ts";
import { AFTER_EOL, BEFORE_EOL, fixture } from "./helpers.ts";

type Schema = Record<string, unknown>;

/**
 * A copy of the spec whose response schema of `operation`'s 200 at `at` (a body
 * pointer, `*` for list items) is `{ anyOf: [documented, branch] }`.
 */
function widened(operation: string, at: string, branch: Schema): SpecDocument {
  const copy = structuredClone(spec) as unknown as { paths: Record<string, Record<string, Schema>> };
  const found = Object.values(copy.paths)
    .flatMap((item) => Object.values(item))
    .find((candidate) => candidate.operationId === operation) as Schema;
  const content = (found.responses as Record<string, Schema>)["200"]?.content as Record<string, Schema>;
  let parent = content["application/json"] as Schema;
  let key = "schema";
  for (const segment of at.split("/").slice(1)) {
    parent = parent[key] as Schema;
    if (segment === "*") key = "items";
    else {
      parent = parent.properties as Schema;
      key = segment;
    }
  }
  parent[key] = { anyOf: [parent[key], branch] };
  return copy as unknown as SpecDocument;
}

const STRING = { type: "string" };
const essentials = (exchange: Exchange, specDocument: SpecDocument, now: Date) =>
  createEngine(specDocument, { now })
    .check(exchange)
    .map(({ rule, severity, pointer, expected }) => ({ rule, severity, pointer, expected }));

describe("a node widened with a string branch judges its documented values as before", () => {
  // [fixture, widened at, clock]: each rule's trigger and clean fixture, the node above its finding widened.
  const CASES: [string, string, Date][] = [
    ["undocumented-field", "/result/*", BEFORE_EOL],
    ["undocumented-field", "/result", BEFORE_EOL],
    ["deprecated-past-eol", "/result", AFTER_EOL],
    ["deprecated-removed-early", "/result", BEFORE_EOL],
    ["schema-type", "/result/*", BEFORE_EOL],
    ["schema-nullable", "/result", BEFORE_EOL],
    ["schema-enum", "/result", BEFORE_EOL],
    ["schema-format", "/result", BEFORE_EOL],
    ["schema-constraint", "/result", BEFORE_EOL],
    ["schema-required", "/result", BEFORE_EOL],
  ];
  for (const [rule, at, now] of CASES) {
    for (const kind of ["trigger", "clean"]) {
      it(`${rule}.${kind}, ${at} widened`, () => {
        const exchange = fixture(`${rule}.${kind}`);
        const documented = essentials(exchange, spec, now);
        if (kind === "trigger") expect(documented.map((f) => f.rule)).toContain(rule);
        expect(essentials(exchange, widened(exchange.operation, at, STRING), now)).toEqual(documented);
      });
    }
  }
});

describe("values the widened node's documented branch does not describe", () => {
  const list = fixture("undocumented-field.clean");
  /** The list fixture with its items replaced. */
  const withItems = (items: unknown[]): Exchange => {
    const body = { ...(list.response.body as Schema), result: items };
    return { ...list, response: { ...list.response, body, text: JSON.stringify(body) } };
  };
  const CASES: [name: string, items: unknown[], branch: Schema, expected: unknown[]][] = [
    ["a value of the other branch's type passes", ["high"], STRING, []],
    [
      "a value of neither type is one schema-type naming both",
      [7],
      STRING,
      [{ rule: "schema-type", severity: "breaking", pointer: "/result/*", expected: "object | string" }],
    ],
    [
      "null where no branch is nullable is one schema-nullable",
      [null],
      STRING,
      [
        {
          rule: "schema-nullable",
          severity: "breaking",
          pointer: "/result/*",
          expected: "object | string (not nullable)",
        },
      ],
    ],
    [
      "an object two branches could describe is not judged field by field",
      (fixture("undocumented-field.trigger").response.body as { result: unknown[] }).result,
      { type: "object" },
      [],
    ],
  ];
  for (const [name, items, branch, expected] of CASES) {
    it(name, () => {
      expect(essentials(withItems(items), widened("listEntries", "/result/*", branch), BEFORE_EOL)).toEqual(
        expected,
      );
    });
  }
});
