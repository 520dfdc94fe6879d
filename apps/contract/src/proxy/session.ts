/**
 * A proxy session's memory. Every exchange is validated with the engine as
 * soon as it completes, then forgotten but for what the report needs, so a
 * session of any length stays within bounds:
 *
 * - findings merged by rule, target, operation and pointer (the step is the
 *   operation, so each has one occurrence), at most MAX_FINDINGS of them;
 * - the exchanges findings point at, and the last KEEP_LAST (also bounded in
 *   characters), for report.json, `suggest` and exchanges.har;
 * - per operation: how many requests, how many got no answer, the last reason.
 *
 * Everything recorded is redacted first (`credentials.ts`).
 */

import {
  applyBaseline,
  type Baseline,
  type Capabilities,
  type ContractFinding,
  cutText,
  type Engine,
  type Exchange,
  exitCodeFor,
  findingKey,
  keptBody,
  type OperationId,
  parseJson,
  type ReportExchange,
  type RunReport,
  type StepResult,
  type TargetInfo,
  targetIdentity,
} from "@impersonation-registry/engine";
import type { Severity } from "@impersonation-registry/findings";
import {
  annotateFindings,
  OBSERVED_RULES,
  type RunHistory,
  type RunHistoryInput,
  STEP_RULES,
} from "@impersonation-registry/history";
import { headlinesOf, locateFindings } from "../headlines.ts";
import type { SpecLines } from "../spec-lines.ts";
import { decodeContent, MAX_CAPTURED_BYTES, utf8 } from "./body.ts";
import type { Credentials } from "./credentials.ts";
import type { OperationMatcher } from "./operation-matcher.ts";

/** The report's one target and scenario: exchanges of the proxy are `proxy › <operationId>`. */
export const TARGET = "proxy";
export const SCENARIO = "proxy";

/** Real traffic to a real server: nothing is assumed away. */
export const CAPABILITIES: Capabilities = {
  stateful: true,
  writable: true,
  exactStatuses: true,
  answersMalformedBodies: true,
};

/** The session's one target: the upstream is what makes it another server. */
export function proxyTarget(upstream: URL): TargetInfo {
  const baseUrl = upstream.href.replace(/\/$/, "");
  return { name: TARGET, identity: targetIdentity(TARGET, baseUrl), baseUrl, capabilities: CAPABILITIES };
}

export const KEEP_LAST = 100;
/** The last KEEP_LAST exchanges hold at most this many characters of bodies between them. */
const KEEP_LAST_CHARS = 16 * 1024 * 1024;
export const MAX_FINDINGS = 500;

/** A body as the forwarder copied it: the bytes, unless there were more than it keeps. */
export interface CapturedBody {
  bytes: Buffer | undefined;
  /** Bytes on the wire (still content-encoded). */
  size: number;
}

/** What the forwarder saw of one request. */
export interface Observation {
  /** 1, 2… in order of arrival: the exchange's id is `x<seq>`. */
  seq: number;
  startedAt: Date;
  method: string;
  /** The request target exactly as sent, e.g. `/client/v4/accounts/…?page=2`. */
  target: string;
  httpVersion: string;
  /** Name, value, name, value… as on the wire. */
  requestHeaders: readonly string[];
  requestBody: CapturedBody;
  durationMs: number;
  outcome:
    | {
        kind: "response";
        status: number;
        statusText: string;
        httpVersion: string;
        headers: readonly string[];
        body: CapturedBody;
        /** Until the response's headers arrived. */
        waitMs: number;
      }
    /** No complete answer from the upstream; `answer` is what the proxy sent instead, if anything. */
    | {
        kind: "error";
        reason: string;
        answer?: { status: number; headers: Record<string, string>; text: string };
      };
}

/** A body as a record keeps it: redacted text (cut over 1 MB), or base64 for bytes that are not UTF-8. */
export interface KeptBody {
  text: string;
  base64: boolean;
  truncated: boolean;
  /** Decoded bytes. */
  size: number;
}

/** One exchange as the session remembers it, for report.json and exchanges.har. */
export interface Kept {
  seq: number;
  id: string;
  operation: OperationId | undefined;
  startedAt: string;
  durationMs: number;
  waitMs: number;
  request: {
    method: string;
    url: string;
    httpVersion: string;
    headers: Record<string, string>;
    body: KeptBody | undefined;
    bodySize: number;
  };
  response:
    | {
        status: number;
        statusText: string;
        httpVersion: string;
        headers: Record<string, string>;
        body: KeptBody | undefined;
        bodySize: number;
      }
    | undefined;
  /** Why the upstream gave no (complete) answer. */
  error: string | undefined;
}

export interface SessionEvents {
  /** A finding this session had not seen before. */
  finding?(finding: ContractFinding, accepted: boolean): void;
  /** The first request of an operation (or outside the spec) that got no answer from the upstream. */
  upstreamError?(operation: string, reason: string): void;
}

export interface SessionOptions {
  engine: Engine;
  match: OperationMatcher;
  credentials: Credentials;
  /** `https://api.cloudflare.com/client/v4`: the report's target and where exchanges' URLs point. */
  upstream: URL;
  runId: string;
  specHash: string;
  /** The spec's text, whose lines the findings' headlines point at. */
  lines: SpecLines;
  startedAt: Date;
  failOn: Severity;
  baseline: Baseline;
  events?: SessionEvents;
  keepLast?: number;
  maxFindings?: number;
  /**
   * The session's history, opened for what the session has kept so far (its exchanges, one
   * observation each: every proxied answer is final): judged and annotated on every report,
   * recorded with the final one, under target `proxy`. None with --no-history.
   */
  history?: (run: Pick<RunHistoryInput, "exchanges" | "steps">) => RunHistory;
}

export interface Session {
  record(observation: Observation): void;
  /** The consumer closed the connection before the answer was complete. */
  abandoned(): void;
  /** A connection sent bytes that are not an HTTP request (the proxy answered 400). */
  notHttp(): void;
  /** The report so far; the `final` one is recorded in the history. */
  report(now?: Date, final?: boolean): RunReport;
  /** The kept exchanges, oldest first. */
  kept(): Kept[];
}

interface OperationTally {
  requests: number;
  errors: number;
  lastError?: string;
  durationMs: number;
}

export function createSession(options: SessionOptions): Session {
  const { engine, credentials, events } = options;
  const keepLast = options.keepLast ?? KEEP_LAST;
  const maxFindings = options.maxFindings ?? MAX_FINDINGS;
  const origin = options.upstream.origin;
  const findings = new Map<string, ContractFinding>();
  const pinned = new Map<number, Kept>();
  const recent: Kept[] = [];
  let recentChars = 0;
  const tallies = new Map<OperationId, OperationTally>();
  const counts = {
    total: 0,
    unmatched: 0,
    unmatchedErrors: 0,
    tooLarge: 0,
    undecodable: 0,
    abandoned: 0,
    notHttp: 0,
    droppedFindings: 0,
    failedChecks: 0,
  };
  let lastUnmatched = "";
  let lastUnmatchedError = "";
  let lastFailedCheck = "";
  let validationMs = 0;

  const keep = (kept: Kept) => {
    recent.push(kept);
    recentChars += charsOf(kept);
    while (recent.length > keepLast || (recentChars > KEEP_LAST_CHARS && recent.length > 1)) {
      recentChars -= charsOf(recent.shift() as Kept);
    }
  };

  /** The request is judged unless its body was too large to copy; the response, unless it was. */
  const judge = (exchange: Exchange, kept: Kept, parts: { request: boolean; response: boolean }) => {
    const started = performance.now();
    const found = [
      ...(parts.response ? engine.check(exchange) : []),
      ...(parts.request ? engine.checkRequest(exchange) : []),
    ];
    validationMs += performance.now() - started;
    for (const finding of found) {
      const key = findingKey(finding);
      if (findings.has(key)) continue;
      if (findings.size >= maxFindings) {
        counts.droppedFindings++;
        continue;
      }
      findings.set(key, finding);
      pinned.set(kept.seq, kept);
      const accepted = applyBaseline([finding], options.baseline, options.startedAt).findings[0]?.accepted;
      events?.finding?.(finding, accepted !== undefined);
    }
  };

  const recordOne = (observation: Observation) => {
    counts.total++;
    const operation = options.match(observation.method, observation.target);
    const { outcome } = observation;
    // Request headers first: they teach the credentials every later redaction uses.
    const requestHeaders = credentials.headers(observation.requestHeaders);
    const requestBody = decoded(observation.requestBody, requestHeaders, credentials);
    const responseHeaders = outcome.kind === "response" ? credentials.headers(outcome.headers) : {};
    const responseBody =
      outcome.kind === "response" ? decoded(outcome.body, responseHeaders, credentials) : { text: "" };
    const kept = keptOf(observation, operation, {
      url: credentials.redact(origin + observation.target),
      requestHeaders,
      requestBody,
      responseHeaders,
      responseBody,
    });
    keep(kept);
    if (operation === undefined) {
      counts.unmatched++;
      lastUnmatched = `${observation.method} ${credentials.redact(observation.target.split("?", 1)[0] ?? "")}`;
      if (outcome.kind === "error") {
        if (counts.unmatchedErrors++ === 0) events?.upstreamError?.("(outside the spec)", outcome.reason);
        lastUnmatchedError = outcome.reason;
      }
      return;
    }
    const tally = tallies.get(operation) ?? { requests: 0, errors: 0, durationMs: 0 };
    tallies.set(operation, tally);
    tally.requests++;
    if (responseBody.tooLarge || requestBody.tooLarge) counts.tooLarge++;
    if (responseBody.problem || requestBody.problem) counts.undecodable++;
    const request = requestOf(kept.request, requestBody.text);
    if (outcome.kind === "error") {
      if (tally.errors++ === 0) events?.upstreamError?.(operation, outcome.reason);
      tally.lastError = `${outcome.reason} (${observation.method} ${kept.request.url})`;
      // What the consumer sent is judged all the same; its finding names no exchange of report.json,
      // which keeps only answered ones (exchanges.har has this one, with the proxy's 502).
      const unanswered = {
        status: 0,
        headers: {},
        body: undefined,
        text: "",
        durationMs: observation.durationMs,
      };
      const sent: Exchange = {
        target: TARGET,
        scenario: SCENARIO,
        step: operation,
        operation,
        request,
        response: unanswered,
        attempts: 1,
      };
      judge(sent, kept, { request: !requestBody.tooLarge, response: false });
      return;
    }
    tally.durationMs += observation.durationMs;
    const exchange: Exchange = {
      id: kept.id,
      target: TARGET,
      scenario: SCENARIO,
      step: operation,
      operation,
      request,
      response: {
        status: outcome.status,
        headers: responseHeaders,
        body: parseJson(responseBody.text),
        text: responseBody.text,
        durationMs: observation.durationMs,
      },
      attempts: 1,
    };
    judge(exchange, kept, { request: !requestBody.tooLarge, response: !responseBody.tooLarge });
  };

  const keptNow = () => {
    const all = new Map<number, Kept>(pinned);
    for (const kept of recent) all.set(kept.seq, kept);
    return [...all.values()].sort((a, b) => a.seq - b.seq);
  };

  return {
    record(observation) {
      try {
        recordOne(observation);
      } catch (error) {
        // A bug here must not take the consumer's traffic down with it: said in the report.
        counts.failedChecks++;
        lastFailedCheck = (error as Error).message;
      }
    },
    abandoned: () => {
      counts.abandoned++;
    },
    notHttp: () => {
      counts.notHttp++;
    },
    kept: keptNow,
    report(now = new Date(), final = false) {
      const kept = keptNow();
      const exchanges = kept.flatMap((k) =>
        k.operation && k.response && !k.error ? [reportExchangeOf(k)] : [],
      );
      const steps = [...tallies].map(([operation, tally]) => stepOf(operation, tally));
      const history = options.history?.({
        exchanges: exchanges.map(asExchange),
        // Every proxied answer is final (the proxy never retries): one observation per exchange.
        steps: exchanges.map(({ target, scenario, step }) => ({ target, scenario, step, attempts: 1 })),
      });
      const observed = history?.judge(OBSERVED_RULES, engine.index) ?? [];
      const { findings: judged, expired } = applyBaseline(
        [...findings.values(), ...observed],
        options.baseline,
        options.startedAt,
      );
      const annotated = history?.annotate(judged);
      const report: RunReport = {
        schemaVersion: 2,
        runId: options.runId,
        specHash: options.specHash,
        startedAt: options.startedAt.toISOString(),
        finishedAt: now.toISOString(),
        durations: {
          session: Math.max(0, now.getTime() - options.startedAt.getTime()),
          validation: Math.round(validationMs),
        },
        targets: [proxyTarget(options.upstream)],
        steps,
        findings: annotated?.findings ?? annotateWithout(judged, options),
        headlines: [],
        resolved: annotated?.resolved ?? [],
        notChecked: annotated?.notChecked ?? [],
        exchanges,
        expiredBaseline: expired,
        notes: notesOf(counts, kept.length, { lastUnmatched, lastUnmatchedError, lastFailedCheck }),
        cleanup: [],
        trend: [],
        failOn: options.failOn,
        exitCode: 0,
      };
      report.headlines = headlinesOf(locateFindings(report), options.lines);
      report.exitCode = exitCodeFor(report);
      report.trend = history?.trend(report) ?? [];
      if (final) history?.record(report);
      return report;
    },
  };
}

/** A kept exchange as the history observes it. */
function asExchange(exchange: ReportExchange): Exchange {
  const { attempt, response, ...rest } = exchange;
  return {
    ...rest,
    attempts: attempt,
    response: { ...response, body: response.body, text: response.text ?? "" },
  };
}

/** Without a history every finding is new, first seen now, in this one session. */
function annotateWithout(findings: readonly ContractFinding[], options: SessionOptions) {
  return annotateFindings(
    findings,
    {
      runId: options.runId,
      startedAt: options.startedAt.toISOString(),
      series: new Map(),
      observations: [],
      stepRules: STEP_RULES,
    },
    undefined,
  ).findings;
}

/** An operation's requests as one step: errored (which fails the run) when any got no answer. */
function stepOf(operation: OperationId, tally: OperationTally): StepResult {
  const answered = tally.errors === 0;
  const reason = `${tally.errors} of ${tally.requests} requests got no answer from the upstream; last: ${tally.lastError}`;
  return {
    target: TARGET,
    scenario: SCENARIO,
    step: operation,
    operation,
    status: answered ? "passed" : "errored",
    ...(!answered && { reason }),
    expectations: [
      {
        name: "every request got an answer from the upstream",
        verdict: answered ? "met" : "unmet",
        ...(!answered && { detail: reason }),
      },
    ],
    durationMs: Math.round(tally.durationMs),
    attempts: tally.requests,
  };
}

function notesOf(
  counts: Record<string, number>,
  kept: number,
  last: { lastUnmatched: string; lastUnmatchedError: string; lastFailedCheck: string },
): string[] {
  const notes = [
    `proxy: ${counts.total} requests proxied; report.json and exchanges.har keep ${kept} of them (those findings point at, and the last ${KEEP_LAST})`,
  ];
  if (counts.unmatched)
    notes.push(`${counts.unmatched} requests matched no operation of the spec (last: ${last.lastUnmatched})`);
  if (counts.unmatchedErrors)
    notes.push(
      `${counts.unmatchedErrors} of them got no answer from the upstream (last: ${last.lastUnmatchedError})`,
    );
  if (counts.tooLarge)
    notes.push(
      `${counts.tooLarge} bodies over ${MAX_CAPTURED_BYTES / 1024 / 1024} MB were forwarded whole but not validated`,
    );
  if (counts.undecodable) notes.push(`${counts.undecodable} bodies did not decode (see their findings)`);
  if (counts.abandoned)
    notes.push(`${counts.abandoned} requests were abandoned by the consumer before the answer was complete`);
  if (counts.notHttp)
    notes.push(`${counts.notHttp} connections sent something that is not HTTP: the proxy answered 400`);
  if (counts.droppedFindings)
    notes.push(`${counts.droppedFindings} further distinct findings were not kept (limit ${MAX_FINDINGS})`);
  if (counts.failedChecks)
    notes.push(`${counts.failedChecks} exchanges could not be validated (last: ${last.lastFailedCheck})`);
  return notes;
}

interface Seen {
  url: string;
  requestHeaders: Record<string, string>;
  requestBody: Decoded;
  responseHeaders: Record<string, string>;
  responseBody: Decoded;
}

function keptOf(observation: Observation, operation: OperationId | undefined, seen: Seen): Kept {
  const { outcome } = observation;
  const answer = outcome.kind === "error" ? outcome.answer : undefined;
  return {
    seq: observation.seq,
    id: `x${observation.seq}`,
    operation,
    startedAt: observation.startedAt.toISOString(),
    durationMs: observation.durationMs,
    waitMs: outcome.kind === "response" ? outcome.waitMs : observation.durationMs,
    request: {
      method: observation.method,
      url: seen.url,
      httpVersion: observation.httpVersion,
      headers: seen.requestHeaders,
      body: keptBodyOf(observation.requestBody.size, seen.requestBody),
      bodySize: observation.requestBody.size,
    },
    response:
      outcome.kind === "response"
        ? {
            status: outcome.status,
            statusText: outcome.statusText,
            httpVersion: outcome.httpVersion,
            headers: seen.responseHeaders,
            body: keptBodyOf(outcome.body.size, seen.responseBody),
            bodySize: outcome.body.size,
          }
        : answer && {
            status: answer.status,
            statusText: "Bad Gateway",
            httpVersion: "1.1",
            headers: answer.headers,
            body: {
              text: answer.text,
              base64: false,
              truncated: false,
              size: Buffer.byteLength(answer.text),
            },
            bodySize: Buffer.byteLength(answer.text),
          },
    error: outcome.kind === "error" ? outcome.reason : undefined,
  };
}

interface Decoded {
  /** Redacted text for validation; for bytes that are not text, a phrase saying what they are. */
  text: string;
  bytes?: Buffer;
  tooLarge?: true;
  problem?: string;
}

function decoded(body: CapturedBody, headers: Record<string, string>, credentials: Credentials): Decoded {
  if (body.size === 0) return { text: "" };
  if (body.bytes === undefined) return { text: "", tooLarge: true };
  const content = decodeContent(body.bytes, headers["content-encoding"]);
  if ("error" in content) return { text: `(${content.error})`, bytes: body.bytes, problem: content.error };
  const text = utf8(content.bytes);
  if (text === undefined)
    return { text: `(${content.bytes.length} bytes that are not UTF-8)`, bytes: content.bytes };
  return { text: credentials.redact(text) };
}

function keptBodyOf(size: number, content: Decoded): KeptBody | undefined {
  if (size === 0) return undefined;
  if (content.tooLarge) return { text: "", base64: false, truncated: true, size };
  if (content.bytes) {
    const cut = cutText(content.bytes.toString("base64"));
    return { text: cut.text, base64: true, truncated: cut.truncated, size: content.bytes.length };
  }
  const cut = cutText(content.text);
  return { text: cut.text, base64: false, truncated: cut.truncated, size: Buffer.byteLength(content.text) };
}

function charsOf(kept: Kept): number {
  return (kept.request.body?.text.length ?? 0) + (kept.response?.body?.text.length ?? 0);
}

/**
 * The request as the checks and curl lines see it: JSON parsed, any other body as text (for bytes
 * that are not text, the phrase saying so: a check then sees that the body is not JSON).
 */
function requestOf(request: Kept["request"], text: string): Exchange["request"] {
  const { method, url, headers } = request;
  const json = parseJson(text);
  return {
    method,
    url,
    headers,
    ...(json !== undefined && { body: json }),
    ...(text !== "" && json === undefined && { bodyText: text }),
  };
}

function reportExchangeOf(kept: Kept): ReportExchange {
  const response = kept.response as NonNullable<Kept["response"]>;
  const body = response.body;
  const shown = (): Pick<ReportExchange["response"], "body" | "text" | "truncated"> => {
    if (body === undefined) return {};
    if (body.truncated || body.base64) return { text: body.text, ...(body.truncated && { truncated: true }) };
    return keptBody(body.text, parseJson(body.text));
  };
  return {
    id: kept.id,
    target: TARGET,
    scenario: SCENARIO,
    step: kept.operation as string,
    operation: kept.operation as OperationId,
    attempt: 1,
    request: requestOf(kept.request, kept.request.body?.base64 ? "" : (kept.request.body?.text ?? "")),
    response: {
      status: response.status,
      headers: response.headers,
      ...shown(),
      durationMs: Math.round(kept.durationMs * 10) / 10,
    },
  };
}
