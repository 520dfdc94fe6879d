/** The same step on two targets: shapes, not values; what the spec allows on both sides is info. */
import { describe, expect, it } from "vitest";
import type { Exchange } from "../src/model.ts";
import { engineBeforeEol, essentials, fixture, type Pair } from "./helpers.ts";

const entry = fixture<Pair>("compare-key.clean");
const invalid = fixture<Pair>("compare-status.trigger");
const list = fixture<Exchange>("schema-type.clean");
const notFound = fixture<Exchange>("envelope-result.clean");

/** A copy of the exchange with response values set at JSON pointers; `undefined` removes the key. */
function variant(exchange: Exchange, changes: Record<string, unknown>): Exchange {
  const copy = structuredClone(exchange);
  for (const [pointer, value] of Object.entries(changes)) {
    const path = pointer.split("/").slice(1);
    const key = path.pop() ?? "";
    const parent = path.reduce(
      (node, segment) => node[segment] as Record<string, unknown>,
      copy.response as unknown as Record<string, unknown>,
    );
    if (value === undefined) delete parent[key];
    else parent[key] = value;
  }
  return copy;
}

const as = (target: string, exchange: Exchange): Exchange => ({ ...exchange, target });

// [name, mock exchange, sandbox exchange, expected findings]
const cases: [string, Exchange, Exchange, { rule: string; severity: string; pointer: string }[]][] = [
  [
    "422 vs 400, both under the documented 4XX → info",
    invalid.a,
    invalid.b,
    [{ rule: "compare-status", severity: "info", pointer: "/status" }],
  ],
  [
    "an extra key on one side → additive drift",
    entry.a,
    variant(entry.b, { "/body/result/full_name": "John Doe" }),
    [{ rule: "compare-key", severity: "additive", pointer: "/result/full_name" }],
  ],
  ["different values, same shape → nothing", entry.a, entry.b, []],
  [
    "a required envelope key missing on one side → breaking",
    entry.a,
    variant(entry.b, { "/body/messages": undefined }),
    [{ rule: "compare-key", severity: "breaking", pointer: "/messages" }],
  ],
  [
    "a documented optional key absent on one side → info",
    entry.a,
    variant(entry.b, { "/body/result/comments": undefined }),
    [{ rule: "compare-key", severity: "info", pointer: "/result/comments" }],
  ],
  [
    "an undocumented status on one side → breaking, bodies not compared",
    entry.a,
    variant(entry.b, { "/status": 302, "/body": { moved: true } }),
    [{ rule: "compare-status", severity: "breaking", pointer: "/status" }],
  ],
  [
    "a stateless mock's 200 where the sandbox says 404: both documented → info, bodies not compared",
    as("mock", { ...entry.a, step: notFound.step }),
    as("sandbox", notFound),
    [{ rule: "compare-status", severity: "info", pointer: "/status" }],
  ],
  [
    "Prism's {} for the error result where the sandbox sends null → breaking nullability",
    as("mock", variant(notFound, { "/body/result": {} })),
    as("sandbox", notFound),
    [{ rule: "compare-nullability", severity: "breaking", pointer: "/result" }],
  ],
  [
    "a page past the end (empty list) against a full page → nothing",
    as("mock", list),
    as("sandbox", variant(list, { "/body/result": [] })),
    [],
  ],
  [
    "a type change on some list items → one finding with * for the index",
    as("mock", list),
    as(
      "sandbox",
      variant(list, { "/body/result/0/is_email_regex": "false", "/body/result/1/is_email_regex": "false" }),
    ),
    [{ rule: "compare-type", severity: "breaking", pointer: "/result/*/is_email_regex" }],
  ],
  [
    "an undocumented header on one side only → nothing",
    entry.a,
    variant(entry.b, { "/headers/x-sandbox": "1" }),
    [],
  ],
];

describe("compare", () => {
  for (const [name, mock, sandbox, want] of cases) {
    it(name, () => {
      expect(essentials(engineBeforeEol.compare(mock, sandbox))).toEqual(want);
    });
  }

  it("names both targets and reproduces both requests", () => {
    const [finding] = engineBeforeEol.compare(invalid.a, invalid.b);
    expect(finding).toMatchObject({
      target: "mock↔sandbox",
      scenario: "invalid input",
      step: "missing required name",
      operation: "createEntry",
      expected: 422,
      observed: 400,
    });
    expect(finding?.message).toContain("mock: 422 · sandbox: 400");
    expect(finding?.curl.split("\n")).toEqual([
      expect.stringContaining("127.0.0.1:4010"),
      expect.stringContaining("127.0.0.1:8787"),
    ]);
  });
});
