import { readdirSync, readFileSync } from "node:fs";
import { spec } from "@impersonation-registry/types/spec";
import { createEngine, fingerprint, numberExchanges, targetIdentity } from "../src/index.ts";
import type { ContractFinding, Exchange, FindingHistory, RunReport } from "../src/model.ts";

export const FIXTURES = new URL("./fixtures/", import.meta.url);

/** Before `last_modified`'s end of life (2026-11-01), and after it. */
export const BEFORE_EOL = new Date("2026-10-01T12:00:00Z");
export const AFTER_EOL = new Date("2026-11-27T12:00:00Z");

export const engineBeforeEol = createEngine(spec, { now: BEFORE_EOL });
export const engineAfterEol = createEngine(spec, { now: AFTER_EOL });

export type Pair = { a: Exchange; b: Exchange };

export function fixture<T = Exchange>(name: string): T {
  return JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as T;
}

export function fixtureNames(): string[] {
  return readdirSync(FIXTURES)
    .filter((file) => file.endsWith(".json"))
    .map((file) => file.slice(0, -".json".length));
}

/** The parts of a finding the rule tests pin down. */
export function essentials(findings: ContractFinding[]) {
  return findings.map(({ rule, severity, pointer }) => ({ rule, severity, pointer }));
}

/** A finding as a run without history annotates it: new, first seen in this run. */
export function withoutHistory(
  finding: ContractFinding,
  thisRun: FindingHistory["firstSeen"],
): ContractFinding & FindingHistory {
  return { ...finding, fingerprint: fingerprint(finding), new: true, firstSeen: thisRun, seenInRuns: 1 };
}

/**
 * A small but complete report: two targets, a comparison, every step status, an accepted
 * finding (seen in the whole trend), a resolved one, the exchanges the findings point at, a
 * trend of three earlier runs. Findings given in `overrides` are annotated as a run without
 * history would, but for accepted ones, which stay old. Exported as
 * `@impersonation-registry/engine/testing` for the renderers' tests.
 */
export function sampleReport(
  overrides: Partial<Omit<RunReport, "findings">> & { findings?: ContractFinding[] } = {},
): RunReport {
  const drifted = fixture("schema-type.trigger");
  const extra = fixture("undocumented-field.trigger");
  const pair = fixture<Pair>("compare-status.trigger");
  // Numbered as a run numbers them, so each finding points at its exchange.
  const exchanges = numberExchanges([drifted, extra, pair.a, pair.b]);
  const drift = engineBeforeEol.check(drifted);
  const additive = engineBeforeEol.check(extra);
  const comparison = engineBeforeEol.compare(pair.a, pair.b);
  const accepted = additive.map((f) => ({
    ...f,
    accepted: { reason: "sandbox ships it early", expires: "2026-12-31" },
  }));
  const step = (
    target: string,
    scenario: string,
    name: string,
    status: RunReport["steps"][number]["status"],
  ) => ({
    target,
    scenario,
    step: name,
    operation: "listEntries" as const,
    status,
    ...(status === "passed" ? {} : { reason: `${status}: because` }),
    expectations: [{ name: "status is 200", verdict: "met" as const }],
    durationMs: 12,
    attempts: 1,
    statuses: [status === "errored" ? null : 200],
  });
  const runId = overrides.runId ?? "20261127T094000Z-abc123";
  const startedAt = "2026-11-27T09:40:00.000Z";
  const gone = { ...drift[0], step: "get after patch" } as ContractFinding;
  const findings = (overrides.findings ?? [...drift, ...accepted, ...comparison]).map((finding) =>
    // The accepted finding has been there for the whole trend: not new.
    finding.accepted
      ? { ...finding, fingerprint: fingerprint(finding), new: false, firstSeen: FIRST_RUN, seenInRuns: 4 }
      : withoutHistory(finding, { runId, at: startedAt }),
  );
  const count = (severity: string) => findings.filter((f) => f.severity === severity).length;
  return {
    schemaVersion: 2,
    runId: "20261127T094000Z-abc123",
    specHash: "68cba1d5def3c0a6cd0654443eaf969a9f80bc03d98d02aa80d17cf04d106876",
    startedAt,
    finishedAt: "2026-11-27T09:40:04.000Z",
    durations: {
      "prism-start": 900,
      "target:mock": 400,
      "target:sandbox": 600,
      validation: 30,
      reporting: 10,
    },
    targets: [
      {
        name: "mock",
        identity: targetIdentity("mock", "spec 68cba1d5def3"),
        baseUrl: "http://127.0.0.1:4010",
        capabilities: {
          stateful: false,
          writable: true,
          exactStatuses: false,
          answersMalformedBodies: false,
        },
      },
      {
        name: "sandbox",
        identity: targetIdentity("sandbox", "in-process"),
        baseUrl: "http://127.0.0.1:8787",
        capabilities: { stateful: true, writable: true, exactStatuses: true, answersMalformedBodies: true },
      },
    ],
    steps: [
      step("mock", "lifecycle", "list", "passed"),
      step("mock", "lifecycle", "get after delete", "not-applicable"),
      step("sandbox", "lifecycle", "list", "passed"),
      step("sandbox", "lifecycle", "get after delete", "passed"),
      step("mock", "invalid input", "missing required name", "passed"),
      step("sandbox", "invalid input", "missing required name", "errored"),
    ],
    exchanges,
    headlines: [],
    notChecked: [],
    resolved: [
      {
        fingerprint: fingerprint(gone),
        rule: gone.rule,
        target: gone.target,
        operation: gone.operation,
        pointer: gone.pointer,
        scenario: gone.scenario,
        step: gone.step,
      },
    ],
    expiredBaseline: [],
    notes: ["live: writes disabled (no --allow-writes): only GET steps ran"],
    cleanup: [{ target: "sandbox", deleted: 0, survivors: [], requests: 3, remedy: "nothing to do" }],
    trend: [
      ...EARLIER_RUNS.map(({ runId, at }, i) => ({
        runId,
        startedAt: at,
        exitCode: i === 1 ? 1 : 0,
        counts: { breaking: i === 1 ? 1 : 0, additive: 1, info: 1 },
        new: i === 0 ? 2 : i === 1 ? 1 : 0,
        resolved: i === 2 ? 1 : 0,
      })),
      {
        runId,
        startedAt,
        exitCode: 1,
        counts: { breaking: count("breaking"), additive: count("additive"), info: count("info") },
        new: findings.filter((f) => f.new).length,
        resolved: 1,
      },
    ],
    failOn: "breaking",
    exitCode: 1,
    ...overrides,
    findings,
  };
}

/** The runs before sampleReport's, oldest first. */
const FIRST_RUN = { runId: "20261124T094000Z-aaa111", at: "2026-11-24T09:40:00.000Z" };
const EARLIER_RUNS = [
  FIRST_RUN,
  { runId: "20261125T094000Z-bbb222", at: "2026-11-25T09:40:00.000Z" },
  { runId: "20261126T094000Z-ccc333", at: "2026-11-26T09:40:00.000Z" },
];

/** A finding as a check would complete it, placed where `where` says (defaults: sandbox · lifecycle › get). */
export function finding(
  rule: string,
  where: {
    target?: string;
    scenario?: string;
    step?: string;
    pointer?: string;
    severity?: "breaking" | "info";
  } = {},
): ContractFinding {
  return {
    rule,
    severity: where.severity ?? "breaking",
    target: where.target ?? "sandbox",
    scenario: where.scenario ?? "lifecycle",
    step: where.step ?? "get",
    operation: "listEntries",
    pointer: where.pointer ?? "/result/*/name",
    expected: "string",
    observed: 1,
    message: "m",
    curl: "curl -sS -X GET 'http://127.0.0.1:1/'",
    occurrences: [{ scenario: where.scenario ?? "lifecycle", step: where.step ?? "get" }],
  };
}
