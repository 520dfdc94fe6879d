/**
 * The data that flows through a contract run. The runner (targets, scenarios)
 * produces Exchanges and StepResults; the engine (checks, comparison, baseline)
 * turns them into Findings; the reporters render one RunReport.
 * Everything here is plain data: JSON-serialisable, no functions, no secrets.
 */
import type { Finding, Severity } from "@impersonation-registry/findings";
import type { OperationId } from "@impersonation-registry/types";

export type { OperationId, Severity };

/** What a target can do; nothing else in the code branches on which target it is. */
export interface Capabilities {
  /** A write is visible to later reads (sandbox, live). Prism is not. */
  stateful: boolean;
  /** Writes may be sent at all (live only with --allow-writes). */
  writable: boolean;
}

export interface TargetInfo {
  name: string;
  /** Base URL without credentials. */
  baseUrl: string;
  capabilities: Capabilities;
}

/** One request/response pair exactly as it went over the wire. */
export interface Exchange {
  target: string;
  scenario: string;
  step: string;
  operation: OperationId;
  request: {
    method: string;
    url: string;
    /** Lower-case names; credentials already replaced by `$CLOUDFLARE_API_TOKEN`-style placeholders. */
    headers: Record<string, string>;
    body?: unknown;
  };
  response: {
    status: number;
    /** Lower-case names. */
    headers: Record<string, string>;
    /** Parsed JSON, or undefined when the body was not JSON (see `text`). */
    body: unknown;
    text: string;
    durationMs: number;
  };
  /** Requests sent for this step, retries included (the raw layer does not retry: 1 unless a runner retries 429s). */
  attempts: number;
}

/** A finding of a contract run: the shared vocabulary plus where it was seen. */
export interface ContractFinding extends Finding {
  /** The target, or `mock↔sandbox` for a comparison of two targets. */
  target: string;
  scenario: string;
  step: string;
  /** A one-line human explanation with labelled values. */
  message: string;
  /** Reproduces the request; secrets replaced by `$CLOUDFLARE_API_TOKEN` etc. */
  curl: string;
  /** Set by the baseline: why this finding is accepted, until when. */
  accepted?: { reason: string; expires: string };
}

/** What the history says about a finding of a run (`src/history/`); without history: new, first seen now, one run. */
export interface FindingHistory {
  /** Stable across runs for the same rule, target, operation, pointer, scenario and step (a short hex hash). */
  fingerprint: string;
  /** The previous run of this target (that ran this scenario) did not have it. */
  new: boolean;
  firstSeen: { runId: string; at: string };
  /** Runs it was seen in, this one included. */
  seenInRuns: number;
}

/** A finding of the previous run of one of this run's targets (and scenarios) that this run no longer has. */
export interface ResolvedFinding {
  fingerprint: string;
  rule: string;
  target: string;
  operation: string;
  pointer: string;
  scenario: string;
  step: string;
}

export type StepStatus = "passed" | "failed" | "not-applicable" | "errored";

/** The outcome of one step of one scenario on one target. */
export interface StepResult {
  target: string;
  scenario: string;
  step: string;
  operation: OperationId;
  status: StepStatus;
  /** For not-applicable (e.g. "not applicable (stateless target)"), failed and errored: why, as data. */
  reason?: string;
  /** Expectations that were evaluated, each with its verdict. */
  expectations: { name: string; verdict: "met" | "unmet" | "not-applicable"; detail?: string }[];
  durationMs: number;
  attempts: number;
  /** Per attempt, in order: the HTTP status, or null when no response came (reset, timeout); shows what retries saw. */
  statuses?: (number | null)[];
}

export interface RunReport {
  schemaVersion: 1;
  runId: string;
  specHash: string;
  startedAt: string;
  finishedAt: string;
  /** Phase → milliseconds (e.g. `prism-start`, `target:mock`, `validation`, `reporting`). */
  durations: Record<string, number>;
  targets: TargetInfo[];
  steps: StepResult[];
  findings: (ContractFinding & FindingHistory)[];
  /** What the previous run of each target had and this one has not. */
  resolved: ResolvedFinding[];
  /** Baseline entries past their expiry date: they fail the run. */
  expiredBaseline: { rule: string; operation: string; pointer: string; reason: string; expires: string }[];
  /** Notes printed in the summary, e.g. "live: writes disabled (no --allow-writes): only GET steps ran". */
  notes: string[];
  failOn: Severity;
  exitCode: 0 | 1 | 2;
}
