/**
 * What suggest makes of a report beyond one drift at a time: inference from
 * every value, baselines, reports without exchanges, findings it cannot place
 * or will not change (each listed with why), statuses, two edits of one field,
 * the history rule's comment, and a spec it could not write back unchanged.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { applyBaseline, type ContractFinding, type Exchange } from "@impersonation-registry/engine";
import { spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { RunnerError } from "../../src/errors.ts";
import { classify, type SuggestReport, suggest } from "../../src/suggest/index.ts";
import {
  cleanExchanges,
  drifted,
  engineFromSource,
  engineOf,
  git,
  lintSpec,
  NOW,
  REPO,
  reportOf,
  SPEC_FILE,
  specRepo,
  type TestExchange,
  withEntries,
} from "./helpers.ts";

const source = readFileSync(join(REPO, SPEC_FILE), "utf8");
const specPath = join(REPO, SPEC_FILE);
const engine = engineOf(spec);
const ENTRY = "/components/schemas/ImpersonationRegistryEntry";
const ITEM_GET =
  "/paths/~1accounts~1{account_id}~1email-security~1settings~1impersonation_registry~1{impersonation_registry_id}/get";
const DATE = "2026-03-02T09:15:27.104Z";

/** The clean exchanges with `risk_level` set on the entries of each operation by `values[operation]`. */
function withRiskLevel(values: Record<string, unknown[]>): TestExchange[] {
  return cleanExchanges().map((exchange) => {
    const queue = [...(values[exchange.operation] ?? [])];
    if (queue.length === 0 || exchange.response.status !== 200) return exchange;
    return withEntries(exchange, (entry) => {
      entry.risk_level = queue.length > 1 ? queue.shift() : queue[0];
    });
  });
}

describe("an added field's schema comes from every value seen there, on every operation", () => {
  const CASES: [string, Record<string, unknown[]>, Record<string, unknown>][] = [
    [
      "date-times everywhere",
      { listEntries: [DATE, DATE], getEntry: [DATE] },
      { type: "string", format: "date-time" },
    ],
    [
      "one value on another operation without the format",
      { listEntries: [DATE, DATE], createEntry: ["soon"] },
      { type: "string" },
    ],
    [
      "null once",
      { listEntries: [DATE, null], updateEntry: [DATE] },
      { type: "string", format: "date-time", nullable: true },
    ],
    ["whole numbers", { listEntries: [1, 2], getEntry: [3] }, { type: "integer" }],
    ["a fraction on one operation", { listEntries: [1, 2], getEntry: [0.5] }, { type: "number" }],
  ];
  for (const [name, values, schema] of CASES) {
    it(name, () => {
      const report = reportOf(withRiskLevel(values), engine);
      const { changes } = suggest(report, source);
      expect(changes).toHaveLength(1);
      expect(changes[0]).toMatchObject({
        kind: "add-property",
        at: `${ENTRY}/properties/risk_level`,
        schema,
      });
      const operations = new Set(changes[0]?.findings.map((finding) => finding.operation));
      expect([...operations].sort()).toEqual(Object.keys(values).sort());
    });
  }

  it("a field seen only as null is listed: its type is unknown", () => {
    const report = reportOf(withRiskLevel({ getEntry: [null] }), engine);
    const suggestion = suggest(report, source);
    expect(suggestion.patch).toBe("");
    expect(suggestion.skipped.find((s) => s.finding.rule === "undocumented-field")?.why).toBe(
      "only null was observed: its type is unknown",
    );
  });
});

describe("findings suggest leaves to a person, one line each with why", () => {
  it("skips findings a baseline accepts, with its reason", () => {
    const report = reportOf(drifted(cleanExchanges(), "extra-field"), engine);
    const entry = {
      rule: "undocumented-field",
      operation: "listEntries",
      pointer: "/result/*/risk_level",
      reason: "ships with the risk score feature",
      expires: "2099-12-31",
    };
    const { findings } = applyBaseline(report.findings, { entries: [entry] }, NOW);
    const suggestion = suggest({ ...report, findings }, source);
    const accepted = suggestion.skipped.filter((s) => s.finding.accepted);
    expect(accepted.map((s) => [s.finding.operation, s.why])).toEqual([
      ["listEntries", "accepted by the baseline until 2099-12-31: ships with the risk score feature"],
    ]);
    // The other operations still show the field: the change is still made, for them.
    expect(suggestion.changes[0]?.findings.map((f) => f.operation)).not.toContain("listEntries");
  });

  const RULES: [profile: Parameters<typeof drifted>[1], rule: string, why: RegExp][] = [
    ["wrong-content-type", "content-type", /the media type is wrong/],
    ["drop-required", "schema-required", /making it optional is a decision/],
    ["rename-field", "compare-key", /a comparison of two targets/],
    ["rename-field", "deprecated-past-eol", /info only/],
  ];
  for (const [profile, rule, why] of RULES) {
    it(`${rule} (${profile})`, () => {
      const exchanges = [...cleanExchanges("mock"), ...drifted(cleanExchanges(), profile)];
      const suggestion = suggest(reportOf(exchanges, engine), source);
      const skipped = suggestion.skipped.filter((s) => s.finding.rule === rule);
      expect(skipped.length).toBeGreaterThan(0);
      for (const { why: reason } of skipped) expect(reason).toMatch(why);
      expect(suggestion.changes.flatMap((change) => change.findings).filter((f) => f.rule === rule)).toEqual(
        [],
      );
    });
  }

  it("request-invalid (a proxied consumer's bug): the consumer must change, not the spec", () => {
    const create = cleanExchanges()[0] as Exchange;
    const invalid = { ...create, request: { ...create.request, body: { email: "a@example.com" } } };
    const findings = engine.checkRequest(invalid);
    expect(findings.map((f) => f.rule)).toContain("request-invalid");
    const suggestion = suggest({ ...reportOf(cleanExchanges(), engine), findings }, source);
    expect(suggestion.changes).toEqual([]);
    expect(new Set(suggestion.skipped.map((s) => s.why))).toEqual(
      new Set(["the consumer's request breaks the spec: the consumer must change, not the spec"]),
    );
  });

  it("lists a pointer the spec does not have (a report made on another version of it)", async () => {
    const older = source.replace(
      '        provenance:\n          $ref: "#/components/schemas/Provenance"\n\n    CreateEntryBody:',
      '        provenance:\n          $ref: "#/components/schemas/Provenance"\n        sync:\n          type: object\n          properties:\n            state:\n              type: integer\n\n    CreateEntryBody:',
    );
    expect(older).not.toBe(source);
    const exchanges = cleanExchanges().map((exchange) =>
      exchange.operation === "getEntry" && exchange.response.status === 200
        ? withEntries(exchange, (entry) => {
            entry.sync = { state: "done" };
          })
        : exchange,
    );
    const report = reportOf(exchanges, await engineFromSource(older, specPath));
    const suggestion = suggest(report, source);
    expect(suggestion.skipped.find((s) => s.finding.rule === "schema-type")?.why).toBe(
      `/result/sync/state does not resolve in the spec: ${ENTRY} has no property sync`,
    );
    expect(suggestion.patch).toBe("");
  });
});

describe("a report without exchanges (an older run)", () => {
  it("takes types from the findings' observed type names and says formats could not be inferred", () => {
    const exchanges = drifted(withRiskLevel({ listEntries: [DATE, DATE] }), "unknown-enum");
    const full = reportOf(exchanges, engine);
    const old: SuggestReport = {
      ...full,
      exchanges: [],
      findings: full.findings.map(({ exchange: _exchange, ...finding }) => finding as ContractFinding),
    };
    expect(suggest(full, source).changes.map((c) => c.schema ?? c.values)).toEqual([
      ["SNOOPY-AZURE_AD"],
      { type: "string", format: "date-time" },
    ]);
    const suggestion = suggest(old, source);
    expect(suggestion.changes.map((c) => c.schema ?? c.values)).toEqual([
      ["SNOOPY-AZURE_AD"],
      { type: "string" },
    ]);
    expect(suggestion.notes).toEqual([expect.stringContaining("formats could not be inferred")]);
  });
});

describe("statuses", () => {
  it("a 4xx an operation does not cover takes the error envelope of another operation's 4XX", async () => {
    const getResponses = /( {4}get:\n {6}operationId: getEntry[\s\S]*? {8}"429":\n.*\n) {8}4XX:\n.*\n/;
    const without = source.replace(getResponses, "$1");
    expect(without).not.toBe(source);
    const report = reportOf(cleanExchanges(), await engineFromSource(without, specPath));
    const suggestion = suggest(report, without);
    expect(suggestion.changes.map((c) => [c.kind, c.at, c.like])).toEqual([
      [
        "add-status",
        `${ITEM_GET}/responses/404`,
        "/paths/~1accounts~1{account_id}~1email-security~1settings~1impersonation_registry/get/responses/4XX",
      ],
    ]);
    expect(suggestion.patch).toContain(
      '+        "404":\n+          $ref: "#/components/responses/ClientError"\n',
    );
    const patched = await engineFromSource(suggestion.after, specPath);
    expect(
      cleanExchanges()
        .flatMap((exchange) => patched.check(exchange))
        .filter((f) => f.rule === "undocumented-status"),
    ).toEqual([]);
  });

  it("a 3xx has no envelope to take: listed", () => {
    const [first] = cleanExchanges();
    const redirect = {
      ...(first as TestExchange),
      response: { ...(first as TestExchange).response, status: 302 },
    };
    const suggestion = suggest(reportOf([redirect], engine), source);
    expect(suggestion.skipped.map((s) => [s.finding.rule, s.why])).toContainEqual([
      "undocumented-status",
      "no documented response to take the envelope of a 302 from",
    ]);
  });
});

it("a field that is both null and of another type: nullable inside the documented branch of the anyOf", async () => {
  const exchanges = cleanExchanges().map((exchange) => {
    if (exchange.response.status !== 200) return exchange;
    if (exchange.operation === "listEntries")
      return withEntries(exchange, (entry) => {
        entry.name = null;
      });
    if (exchange.operation === "getEntry")
      return withEntries(exchange, (entry) => {
        entry.name = 42;
      });
    return exchange;
  });
  const once = reportOf(exchanges, engine);
  // One exchange of each: the evidence comes from the history (a second run that showed both).
  const report = { ...once, findings: once.findings.map((finding) => ({ ...finding, seenInRuns: 2 })) };
  const suggestion = suggest(report, source);
  expect(suggestion.changes.map((c) => c.kind)).toEqual(["widen-type", "make-nullable"]);
  expect(suggestion.patch).toContain(
    "         name:\n-          type: string\n-          maxLength: 1024\n+          # sandbox (http://127.0.0.1:37939/client/v4) disagrees with the docs: observed integer",
  );
  expect(suggestion.after).toContain(
    "          anyOf:\n            - type: string\n              nullable: true # sandbox (http://127.0.0.1:37939/client/v4) disagrees with the docs: observed null",
  );
  const patched = await engineFromSource(suggestion.after, specPath);
  expect(
    exchanges.flatMap((exchange) => patched.check(exchange)).filter((f) => f.pointer.endsWith("/name")),
  ).toEqual([]);
  const repo = specRepo();
  try {
    await git(repo.dir, ["init", "-q"]);
    await git(repo.dir, ["apply"], suggestion.patch);
    expect(await lintSpec(repo.dir)).toMatchObject({ errors: 0, warnings: 0 });
  } finally {
    repo.remove();
  }
}, 30_000);

it("observed-field-vanished: a comment on the property, nothing deleted, nothing for consumers", async () => {
  // The history rule lives on another branch, so no engine here produces it: its finding has the usual fields.
  const [template] = reportOf(drifted(cleanExchanges(), "extra-field"), engine).findings;
  const vanished = (pointer: string): ContractFinding => ({
    ...(template as ContractFinding),
    rule: "observed-field-vanished",
    operation: "listEntries",
    step: "list",
    exchange: "x3",
    severity: "breaking",
    pointer,
    expected: "present (seen in earlier runs)",
    observed: "absent",
  });
  const report = reportOf(cleanExchanges(), engine, {
    findings: [vanished("/result/*/comments"), vanished("/result/*/nickname")],
  });
  const suggestion = suggest(report, source);
  expect(suggestion.changes.map((c) => [c.kind, c.at])).toEqual([
    ["note-vanished", `${ENTRY}/properties/comments`],
  ]);
  expect(suggestion.skipped.map((s) => s.why)).toEqual(["the field is not documented in the spec"]);
  const added = suggestion.patch.split("\n").filter((line) => /^[+-](?![+-])/.test(line));
  expect(added).toEqual([
    "+        # observed absent since run 20261127T101145Z-6d30de on sandbox (http://127.0.0.1:37939/client/v4): consider documenting that it may be missing",
  ]);
  expect(await classify(source, suggestion.after, specPath)).toEqual({ findings: [], bump: "none" });
});

it("refuses a spec the yaml library would not write back unchanged, naming the line", () => {
  const padded = source.replace("enum: [asc, desc]", "enum: [ asc, desc ]");
  const line = padded.split("\n").indexOf("            enum: [ asc, desc ]") + 1;
  const report = reportOf(drifted(cleanExchanges(), "extra-field"), engine);
  expect(() => suggest(report, padded)).toThrow(RunnerError);
  expect(() => suggest(report, padded)).toThrow(
    `openapi/impersonation-registry.yaml:${line}: the yaml library would rewrite this line`,
  );
});

it("a widened object is still walked: a field that appears later lands in its documented branch", async () => {
  // Three answers whose entry is a string: the entry component becomes `anyOf: [<the object>, string]`.
  const get = cleanExchanges().find((exchange) => exchange.operation === "getEntry") as TestExchange;
  const asText = [1, 2, 3].map((i) => {
    const body = { ...(get.response.body as object), result: "ceo@example.com" };
    return { ...get, id: `t${i}`, response: { ...get.response, body, text: JSON.stringify(body) } };
  });
  const widened = suggest(reportOf(asText, engine), source);
  expect(widened.changes.map((c) => [c.kind, c.at])).toEqual([["widen-type", ENTRY]]);

  // On the widened spec the checks still judge the entry's fields (the engine walks the anyOf).
  const exchanges = drifted(cleanExchanges(), "extra-field");
  const onWidened = reportOf(exchanges, await engineFromSource(widened.after, specPath));
  expect(new Set(onWidened.findings.map((f) => f.rule))).toContain("undocumented-field");
  const added = suggest(onWidened, widened.after);
  expect(added.changes.map((c) => [c.kind, c.at])).toEqual([
    ["add-property", `${ENTRY}/anyOf/0/properties/risk_level`],
  ]);
  const patched = await engineFromSource(added.after, specPath);
  expect(
    exchanges.flatMap((exchange) => patched.check(exchange)).filter((f) => f.rule === "undocumented-field"),
  ).toEqual([]);
  const repo = specRepo();
  try {
    await git(repo.dir, ["init", "-q"]);
    await git(repo.dir, ["apply"], widened.patch);
    await git(repo.dir, ["apply"], added.patch);
    expect(await lintSpec(repo.dir)).toMatchObject({ errors: 0, warnings: 0 });
  } finally {
    repo.remove();
  }
}, 30_000);
