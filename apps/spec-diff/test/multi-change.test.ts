/**
 * A realistic release: several edits at once, some through shared components.
 * The expected findings and Markdown are written out by hand from the rules,
 * not recorded from a run.
 */
import { describe, expect, it } from "vitest";
import type { Report } from "../src/index.ts";
import { render } from "../src/render.ts";
import { diffPatches, type Patch } from "./patch.ts";

const edits: Patch[] = [
  { op: "replace", path: "/info/version", value: "1.1.0" },
  { op: "add", path: "/components/schemas/Kind/enum/-", value: "huge" },
  { op: "replace", path: "/paths/~1things/get/parameters/1/schema/maximum", value: 50 },
  {
    op: "add",
    path: "/paths/~1things/get/parameters/-",
    value: { name: "cursor", in: "query", schema: { type: "string" } },
  },
  { op: "remove", path: "/paths/~1things~1{id}/get/responses/404" },
  { op: "replace", path: "/paths/~1things~1{id}/get/summary", value: "Fetch a thing" },
];

const json = "application~1json";
const list = { operation: "listThings", endpoint: "GET /things" };
const create = { operation: "createThing", endpoint: "POST /things" };
const get = { operation: "getThing", endpoint: "GET /things/{id}" };

const expected = [
  {
    rule: "other-changed",
    severity: "info",
    operation: "(document)",
    endpoint: "",
    pointer: "/info/version",
    expected: "1.0.0",
    observed: "1.1.0",
  },
  {
    rule: "request-maximum-decreased",
    severity: "breaking",
    ...list,
    pointer: "/parameters/query/limit/schema/maximum",
    expected: 100,
    observed: 50,
  },
  {
    rule: "parameter-added",
    severity: "additive",
    ...list,
    pointer: "/parameters/query/cursor",
    expected: undefined,
    observed: "string",
  },
  {
    rule: "response-enum-value-added",
    severity: "breaking",
    ...list,
    pointer: `/responses/200/content/${json}/schema/properties/result/items/properties/kind/enum`,
    expected: undefined,
    observed: ["huge"],
  },
  {
    rule: "request-constraint-relaxed",
    severity: "additive",
    ...create,
    pointer: `/requestBody/content/${json}/schema/properties/kind/enum`,
    expected: undefined,
    observed: ["huge"],
  },
  {
    rule: "response-enum-value-added",
    severity: "breaking",
    ...create,
    pointer: `/responses/200/content/${json}/schema/properties/result/properties/kind/enum`,
    expected: undefined,
    observed: ["huge"],
  },
  {
    rule: "response-enum-value-added",
    severity: "breaking",
    ...get,
    pointer: `/responses/200/content/${json}/schema/properties/result/properties/kind/enum`,
    expected: undefined,
    observed: ["huge"],
  },
  {
    rule: "response-status-removed",
    severity: "breaking",
    ...get,
    pointer: "/responses/404",
    expected: "404",
    observed: undefined,
  },
  {
    rule: "description-changed",
    severity: "info",
    ...get,
    pointer: "/summary",
    expected: "Get a thing",
    observed: "Fetch a thing",
  },
];

const markdown = `## spec:diff — \`openapi/impersonation-registry.yaml\`

Base: main (\`0123456\`) → working copy. 9 change(s): 5 breaking, 2 additive, 2 info; 1 consumer compile error(s).

### (document)

| severity | rule | pointer | before → after |
| --- | --- | --- | --- |
| info | \`other-changed\` | \`/info/version\` | 1.0.0 → 1.1.0 |

### listThings (GET /things)

| severity | rule | pointer | before → after |
| --- | --- | --- | --- |
| breaking | \`request-maximum-decreased\` | \`/parameters/query/limit/schema/maximum\` | 100 → 50 |
| additive | \`parameter-added\` | \`/parameters/query/cursor\` | — → string |
| breaking | \`response-enum-value-added\` | \`/responses/200/content/application~1json/schema/properties/result/items/properties/kind/enum\` | — → ["huge"] |

### createThing (POST /things)

| severity | rule | pointer | before → after |
| --- | --- | --- | --- |
| additive | \`request-constraint-relaxed\` | \`/requestBody/content/application~1json/schema/properties/kind/enum\` | — → ["huge"] |
| breaking | \`response-enum-value-added\` | \`/responses/200/content/application~1json/schema/properties/result/properties/kind/enum\` | — → ["huge"] |

### getThing (GET /things/{id})

| severity | rule | pointer | before → after |
| --- | --- | --- | --- |
| breaking | \`response-enum-value-added\` | \`/responses/200/content/application~1json/schema/properties/result/properties/kind/enum\` | — → ["huge"] |
| breaking | \`response-status-removed\` | \`/responses/404\` | 404 → — |
| info | \`description-changed\` | \`/summary\` | Get a thing → Fetch a thing |

### Consumer compile errors

- \`app/kinds.ts:3:9\` TS2322: Type '"huge"' is not assignable to type 'never'.

**Suggested bump:** @impersonation-registry/types major, @impersonation-registry/client major`;

describe("a multi-change diff", () => {
  it("reports every change, in spec order, with the hand-written findings", async () => {
    expect(await diffPatches([], edits)).toEqual(expected);
  });

  it("renders the hand-written Markdown table per operation", async () => {
    const report: Report = {
      base: { label: "main", commit: "0123456789abcdef" },
      spec: "openapi/impersonation-registry.yaml",
      findings: await diffPatches([], edits),
      typeErrors: [
        {
          file: "app/kinds.ts",
          line: 3,
          column: 9,
          code: 2322,
          message: `Type '"huge"' is not assignable to type 'never'.`,
        },
      ],
      bump: "major",
    };
    expect(render(report, "md")).toBe(markdown);
  });
});
