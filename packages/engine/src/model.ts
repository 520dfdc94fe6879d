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
  /**
   * Answers each refusal with the status its cause implies (400 for invalid input, 404 for an unknown
   * id…). Prism does not: it picks a status of the documented `4XX` range itself (422, 401).
   */
  exactStatuses: boolean;
  /**
   * Answers a request whose body is not JSON. Prism 5 does not: such a request hangs until the
   * client gives up (its body parser's error escapes, stoplightio/prism#2664), so it is not sent there.
   */
  answersMalformedBodies: boolean;
}

/**
 * What makes a target another server: the history keeps one series of runs per
 * identity, and one series never feeds the observed contract of another.
 */
export interface TargetIdentity {
  /** The series' key: the kind and a short hash of the server and the full account id. */
  key: string;
  /** The target's name: mock, sandbox, live, proxy. */
  kind: string;
  /**
   * Where it answers: the base URL (live, `--sandbox-url`), the upstream (proxy), `spec <hash>`
   * (mock: another spec is another mock), `in-process` (a fresh sandbox every run, on any port).
   */
  server: string;
  /** The account, redacted to its last 4 characters; absent where the target has none of its own. */
  account?: string;
}

export interface TargetInfo {
  name: string;
  identity: TargetIdentity;
  /** Base URL without credentials. */
  baseUrl: string;
  capabilities: Capabilities;
}

/** One request/response pair exactly as it went over the wire. */
export interface Exchange {
  /** Unique in its run (`x12`), given in run order once the run is over; findings point at it. */
  id?: string;
  target: string;
  scenario: string;
  step: string;
  operation: OperationId;
  request: {
    method: string;
    url: string;
    /** Lower-case names; credentials already replaced by `$CLOUDFLARE_API_TOKEN`-style placeholders. */
    headers: Record<string, string>;
    /** Parsed JSON; a body that is not JSON is in `bodyText` instead. */
    body?: unknown;
    bodyText?: string;
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
  /** This attempt's number: 1, then 2… when the runner sent the request again. */
  attempts: number;
  /** Another attempt followed this one (the runner retried): its answer was not the final one. */
  retried?: boolean;
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
  /** Every step that showed this drift on this target, the first being `scenario`/`step`. */
  occurrences: { scenario: string; step: string }[];
  /** The id of the exchange (in the report's `exchanges`) that showed it; for a comparison, the first side's. */
  exchange?: string;
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

/** Where a finding was seen: the parts of it that are not values (what its fingerprint is made of). */
export interface FindingPlace {
  rule: string;
  target: string;
  operation: string;
  pointer: string;
  scenario: string;
  step: string;
}

/** A finding of the previous run of one of this run's targets (and scenarios) that this run no longer has. */
export interface ResolvedFinding extends FindingPlace {
  fingerprint: string;
}

/** One run of the report's trend, as the history recorded it (this run: as its report says). */
export interface TrendPoint {
  runId: string;
  startedAt: string;
  exitCode: number;
  /** Findings per severity, accepted ones included. */
  counts: Record<Severity, number>;
  /** Findings new since the previous run, and findings of the previous run that are gone. */
  new: number;
  resolved: number;
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

/**
 * What a run left on a writable, stateful target after its cleanup: proven by listing the account
 * for this run's marker and re-reading every entry the run deleted, never assumed from a 200.
 */
export interface CleanupResult {
  target: string;
  /** Entries the cleanup itself deleted (left by failed or interrupted scenarios). */
  deleted: number;
  /** Entries carrying this run's marker that are still there. */
  survivors: { id: string; name: string }[];
  /** Requests the cleanup and its verification sent, retries included. */
  requests: number;
  /** Why the account could not be checked: then nothing is proven either way. */
  error?: string;
  /** How to remove what is left, e.g. the exact `sweep` command. */
  remedy: string;
}

/** An exchange as report.json keeps it: a JSON body parsed, any other as text, a body over 1 MB cut. */
export interface ReportExchange {
  id: string;
  target: string;
  scenario: string;
  step: string;
  operation: OperationId;
  /** 1, then 2… when the runner sent the request again. */
  attempt: number;
  request: Exchange["request"];
  response: {
    status: number;
    headers: Record<string, string>;
    /** The parsed JSON body; absent when the body was not JSON or was cut. */
    body?: unknown;
    /** The body as text, only when it was not JSON or was cut (then its first 64 KB). */
    text?: string;
    truncated?: boolean;
    durationMs: number;
  };
}

/**
 * One drift, one headline: the findings that contradict one node of the spec — after `$ref`s, so
 * four operations sharing a component's property are one node — with rules of one family
 * (`schema-type`, `compare-type` and `observed-type-changed` are `type`). Computed where the report
 * is built, from the spec's text; every view leads with it and lists its rows beneath.
 */
export interface Headline {
  /** Stable across runs for the same node and family; the findings keep their own fingerprints. */
  fingerprint: string;
  /** What the node is and what was seen there: `is_email_regex: string where the spec says boolean`. */
  text: string;
  /** The most severe of its findings' severities. */
  severity: Severity;
  /** The rule family, or the rule itself when it is in none. */
  family: string;
  /** The node's JSON pointer in the spec file, then what of the finding's pointer it lacks (`…/ImpersonationRegistryEntry/full_name`). */
  node: string;
  /** Where the node is written: the spec file relative to the repository root, 1-based line and column. */
  location: { path: string; line: number; column: number };
  /** operationIds, in the order the findings name them. */
  operations: string[];
  /** Finding targets (`sandbox`, `mock↔sandbox`), in the order the findings name them. */
  targets: string[];
  /** Distinct scenario steps that showed it. */
  steps: number;
  /** Its findings' fingerprints: the rows beneath it. */
  findings: string[];
}

/** The exit code of a run or a proxy session stopped by a signal (what shells report: 128 + the signal). */
export const SIGNAL_EXIT = { SIGINT: 130, SIGTERM: 143 } as const;

/** What generated inputs and model-based sequences did on one target (apps/contract/src/generation). */
export interface GenerationReport {
  target: string;
  /** This run's new seed: `--seed` replays it. */
  seed: number;
  /** Each seed run, in order: seeds that failed in earlier runs are replayed first. */
  runs: { seed: number; replay: boolean; failed: boolean }[];
  /** Generated requests allowed on the target; every attempt counts. */
  budget: number;
  requests: number;
  sequences: number;
  /** One per failure class (rule, operation, pointer — never the seed or a value), shrunk. */
  failures: {
    seed: number;
    class: { rule: string; operation: string; pointer: string };
    message: string;
    sequence: string[];
    curl: string[];
  }[];
  /** Operation × documented status, parameter and enum value × positive / negative, exercised or not. */
  coverage: {
    exercised: number;
    total: number;
    percent: number;
    cells: { operation: string; dimension: string; key: string; polarity: string; requests: number }[];
  };
  /**
   * The statuses the spec documents that generation never got on this target's series, by name
   * (`createEntry 403`): 0 requests in this run and in every run the history keeps. Set from the
   * history when there is one; without it, absent, and the views name what this run alone did not get.
   */
  neverSeen?: string[];
}

export interface RunReport {
  schemaVersion: 2;
  runId: string;
  specHash: string;
  startedAt: string;
  finishedAt: string;
  /** Phase → milliseconds (e.g. `prism-start`, `target:mock`, `validation`, `reporting`). */
  durations: Record<string, number>;
  targets: TargetInfo[];
  steps: StepResult[];
  findings: (ContractFinding & FindingHistory)[];
  /** The findings grouped by the spec node they contradict and their rule family, worst first. */
  headlines: Headline[];
  /** What the previous run of each target had, this one has not, and this one looked at again. */
  resolved: ResolvedFinding[];
  /**
   * What the previous run of each target had that this one could not see: the steps that
   * showed it did not run (a narrowed run, a GET-only live run, an operation a proxy session
   * never called). Still open: neither resolved nor seen.
   */
  notChecked: ResolvedFinding[];
  /**
   * The last 30 runs of the history that share a target with this one, oldest first, this run the
   * last item; empty without a history (`--no-history`, or one that could not be read).
   */
  trend: TrendPoint[];
  /** Every request sent by a step, retried attempts included, in run order; secrets redacted. */
  exchanges: ReportExchange[];
  /** Baseline entries past their expiry date: they fail the run. */
  expiredBaseline: { rule: string; operation: string; pointer: string; reason: string; expires: string }[];
  /** Notes printed in the summary, e.g. "live: writes disabled (no --allow-writes): only GET steps ran". */
  notes: string[];
  /** The run's new generation seed (printed; `--seed` replays it); absent when nothing was generated. */
  seed?: number;
  /** Generation per stateful target; empty when nothing was generated (`--examples 0`, `--scenario`). */
  generation?: GenerationReport[];
  /** One per writable, stateful target; its verdict is also the step `cleanup › cleanup-verified`. */
  cleanup: CleanupResult[];
  /** Set when SIGINT or SIGTERM stopped the run: the steps are those it finished. */
  interrupted?: "SIGINT" | "SIGTERM";
  failOn: Severity;
  /** 0, 1 or 2 (see the README); 130 / 143 when interrupted by SIGINT / SIGTERM. */
  exitCode: 0 | 1 | 2 | 130 | 143;
}
