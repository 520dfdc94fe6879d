/**
 * One drift, one headline, on the real spec: findings located with the status
 * their exchange answered, grouped by the node they contradict and their rule
 * family, each headline naming the node and saying what was seen there in the
 * words of its kind of rule — as a table of cases.
 */
import type { ContractFinding, ReportExchange } from "@impersonation-registry/engine";
import { finding, sampleReport } from "@impersonation-registry/engine/testing";
import { describe, expect, it } from "vitest";
import { headlinesOf, locateFindings } from "../../src/headlines.ts";
import { readSpecLines } from "../../src/spec-lines.ts";

const lines = readSpecLines();
const SCHEMAS = "/components/schemas";
const ENTRY_FIELD = `${SCHEMAS}/ImpersonationRegistryEntry/properties`;
const ENTRY_PATH =
  "/paths/~1accounts~1{account_id}~1email-security~1settings~1impersonation_registry~1{impersonation_registry_id}";

/** A finding of `rule` at `operation` `pointer`, seen at `step`, answered with `status` (its exchange `x<n>`). */
interface Seen {
  rule: string;
  operation: string;
  pointer: string;
  expected: unknown;
  observed: unknown;
  target?: string;
  status?: number;
  step?: string;
}

function reportOf(seen: readonly Seen[]) {
  const exchanges: ReportExchange[] = [];
  const findings: ContractFinding[] = seen.map((s, i) => {
    const base = finding(s.rule, { target: s.target ?? "sandbox", step: s.step ?? `step ${i}` });
    const id = `x${i + 1}`;
    if (s.status !== undefined) {
      exchanges.push({
        id,
        target: (s.target ?? "sandbox").split("↔")[0] as string,
        scenario: base.scenario,
        step: base.step,
        operation: s.operation as ReportExchange["operation"],
        attempt: 1,
        request: { method: "GET", url: "http://127.0.0.1:1/", headers: {} },
        response: { status: s.status, headers: {}, durationMs: 1 },
      });
    }
    return {
      ...base,
      operation: s.operation as ContractFinding["operation"],
      pointer: s.pointer,
      expected: s.expected,
      observed: s.observed,
      ...(s.status !== undefined && { exchange: id }),
    };
  });
  return sampleReport({ findings, exchanges });
}

const headlines = (seen: readonly Seen[]) => {
  const report = reportOf(seen);
  return headlinesOf(locateFindings(report), lines);
};

describe("a headline names the node and says what was seen there", () => {
  const cases: [name: string, seen: Seen, node: string, text: string][] = [
    [
      "a spec rule: the value against the spec",
      {
        rule: "schema-type",
        operation: "getEntry",
        pointer: "/result/is_email_regex",
        expected: "boolean",
        observed: "string",
        status: 200,
      },
      `${ENTRY_FIELD}/is_email_regex`,
      "is_email_regex: string where the spec says boolean",
    ],
    [
      "a comparison: each side's value",
      {
        rule: "compare-type",
        operation: "listEntries",
        pointer: "/result/*/is_email_regex",
        expected: "boolean",
        observed: "string",
        target: "mock↔sandbox",
        status: 200,
      },
      `${ENTRY_FIELD}/is_email_regex`,
      "is_email_regex: boolean on mock, string on sandbox",
    ],
    [
      "the history: the value against earlier runs (no exchange: the first response that has the field)",
      {
        rule: "observed-type-changed",
        operation: "getEntry",
        pointer: "/result/is_email_regex",
        expected: ["boolean"],
        observed: ["string", "null"],
      },
      `${ENTRY_FIELD}/is_email_regex`,
      "is_email_regex: string or null where earlier runs had boolean",
    ],
    [
      "an undocumented field: under the schema that lacks it",
      {
        rule: "undocumented-field",
        operation: "getEntry",
        pointer: "/result/full_name",
        expected: "absent (undocumented)",
        observed: "string",
        status: 200,
      },
      `${SCHEMAS}/ImpersonationRegistryEntry/full_name`,
      "ImpersonationRegistryEntry.full_name: string where the spec says absent (undocumented)",
    ],
    [
      "a status under one operation's responses: with the operation's name",
      {
        rule: "compare-status",
        operation: "createEntry",
        pointer: "/status",
        expected: 422,
        observed: 400,
        target: "mock↔sandbox",
        status: 422,
      },
      "/paths/~1accounts~1{account_id}~1email-security~1settings~1impersonation_registry/post/responses/4XX",
      "createEntry 4XX: 422 on mock, 400 on sandbox",
    ],
    [
      "an undocumented status: the operation itself",
      {
        rule: "undocumented-status",
        operation: "getEntry",
        pointer: "/status",
        expected: "200, 4XX",
        observed: 302,
        status: 302,
      },
      `${ENTRY_PATH}/get`,
      "getEntry: 302 where the spec says 200, 4XX",
    ],
    [
      "an error body: the status its exchange answered picks the error envelope",
      {
        rule: "envelope-errors",
        operation: "getEntry",
        pointer: "/errors",
        expected: "at least one error",
        observed: [],
        status: 404,
      },
      `${SCHEMAS}/ErrorEnvelope/properties/errors`,
      "errors: [] where the spec says at least one error",
    ],
    [
      "a measurement: the rule says it",
      {
        rule: "latency-regression",
        operation: "listEntries",
        pointer: "/duration",
        expected: { medianMs: 20 },
        observed: { medianMs: 90 },
      },
      "/paths/~1accounts~1{account_id}~1email-security~1settings~1impersonation_registry/get",
      "listEntries: The operation's median latency (per status) is over 1.5 × its median in the last 7 runs, and 100 ms above it.",
    ],
  ];
  for (const [name, seen, node, text] of cases) {
    it(name, () => {
      const [headline, ...more] = headlines([seen]);
      expect(more).toEqual([]);
      expect(headline).toMatchObject({ node, text, operations: [seen.operation], steps: 1 });
      expect(headline?.location.path).toBe("openapi/impersonation-registry.yaml");
    });
  }
});

describe("grouping", () => {
  const drift = (operation: string, pointer: string, step: string): Seen[] => [
    { rule: "schema-type", operation, pointer, expected: "boolean", observed: "string", status: 200, step },
    {
      rule: "compare-type",
      operation,
      pointer,
      expected: "boolean",
      observed: "string",
      target: "mock↔sandbox",
      status: 200,
      step,
    },
  ];
  const seen = [
    {
      rule: "schema-nullable",
      operation: "getEntry",
      pointer: "/result/email",
      expected: "string (not nullable)",
      observed: null,
      status: 200,
    },
    ...drift("getEntry", "/result/is_email_regex", "get"),
    ...drift("listEntries", "/result/*/is_email_regex", "list"),
  ];

  it("one node and family: one headline over both rules, operations and targets, the most severe first", () => {
    const found = headlines(seen);
    expect(found.map((h) => [h.family, h.node, h.operations, h.targets, h.steps, h.findings.length])).toEqual(
      [
        ["nullability", `${ENTRY_FIELD}/email`, ["getEntry"], ["sandbox"], 1, 1],
        [
          "type",
          `${ENTRY_FIELD}/is_email_regex`,
          ["getEntry", "listEntries"],
          ["sandbox", "mock↔sandbox"],
          2,
          4,
        ],
      ],
    );
    // The spec's rule speaks for the family, whichever finding came first.
    const reversed = headlines([...seen].reverse());
    expect(reversed.find((h) => h.family === "type")?.text).toBe(
      "is_email_regex: string where the spec says boolean",
    );
  });

  it("a headline's fingerprint is its node and family's: the same whatever was seen, and the findings keep theirs", () => {
    const report = reportOf(seen);
    const [first] = headlinesOf(locateFindings(report), lines).filter((h) => h.family === "type");
    const other = seen.map((s) => ({ ...s, observed: s.observed === "string" ? "number" : s.observed }));
    const [second] = headlines(other).filter((h) => h.family === "type");
    expect(second?.fingerprint).toBe(first?.fingerprint);
    expect(first?.fingerprint).toMatch(/^[0-9a-f]{16}$/);
    expect(first?.findings).toEqual(
      report.findings.filter((f) => f.pointer.endsWith("is_email_regex")).map((f) => f.fingerprint),
    );
  });

  it("a row's findings answered with different statuses stay under one headline (its first status)", () => {
    const status = (code: number, step: string): Seen => ({
      rule: "observed-status-changed",
      operation: "getEntry",
      pointer: "/status",
      expected: [200],
      observed: code,
      status: code,
      step,
    });
    const found = headlines([status(404, "get"), status(500, "get again")]);
    expect(found).toHaveLength(1);
    expect(found[0]?.node).toBe(`${ENTRY_PATH}/get/responses/4XX`);
    expect(found[0]?.findings).toHaveLength(2);
  });

  it("a consumer's request is located in the request: the body schema's property", () => {
    const [headline] = headlines([
      {
        rule: "request-invalid",
        operation: "createEntry",
        pointer: "/body/is_email_regex",
        expected: "boolean",
        observed: "string",
      },
    ]);
    expect(headline?.node).toBe(`${SCHEMAS}/CreateEntryBody/properties/is_email_regex`);
  });
});
