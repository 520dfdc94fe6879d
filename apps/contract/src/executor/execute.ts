/**
 * Runs one scenario on one target, step after step, and reports every step:
 * sent and judged, not applicable with its reason, or errored. Expectations
 * are judged here; the responses go back as exchanges for the engine's checks.
 */
import type { Capabilities, Exchange, StepResult } from "@impersonation-registry/engine";
import { describeError } from "../errors.ts";
import type { Ledger } from "../safety/ledger.ts";
import type { Marker } from "../safety/marker.ts";
import { isWrite } from "../scenarios/operations.ts";
import type { Expectation, Reply, Scenario, StepDef, StepEnv } from "../scenarios/types.ts";
import type { Target } from "../targets/index.ts";
import { type Attempt, createRecorder } from "./capture.ts";
import { rawClients } from "./clients.ts";
import type { RetryPolicy } from "./retry-policy.ts";

export const STATELESS = "not applicable (stateless target)";
/** Prism answers a refusal with a status of the documented range of its own choosing (422, 401). */
export const ANY_DOCUMENTED_STATUS =
  "not applicable (this target picks any status of the documented 4XX range for a refusal)";

export interface ExecuteOptions {
  marker: Marker;
  ledger: Ledger;
  signal: AbortSignal;
  policy: RetryPolicy;
  timeoutMs: number;
}

export interface ScenarioOutcome {
  target: string;
  scenario: string;
  steps: StepResult[];
  exchanges: Exchange[];
  durationMs: number;
}

export async function executeScenario(
  scenario: Scenario,
  target: Target,
  options: ExecuteOptions,
): Promise<ScenarioOutcome> {
  const started = performance.now();
  const name = target.info.name;
  let current: StepDef<unknown> | undefined;
  const recorder = createRecorder({
    secrets: target.secrets,
    signal: options.signal,
    policy: options.policy,
    timeoutMs: options.timeoutMs,
    onSend: (method, body) => {
      if (method === "POST" && current) {
        options.ledger.createSent(
          name,
          scenario.name,
          current.name,
          String((body as { name?: unknown })?.name ?? ""),
        );
      }
    },
  });
  const env: StepEnv = {
    ...rawClients(target, recorder.fetch),
    accountId: target.accountId,
    marker: options.marker,
  };
  const state = scenario.init();
  const steps: StepResult[] = [];
  const exchanges: Exchange[] = [];
  let halted: string | undefined;

  for (const step of scenario.steps) {
    const base = { target: name, scenario: scenario.name, step: step.name, operation: step.operation };
    const skip = (reason: string): StepResult => ({
      ...base,
      status: "not-applicable",
      reason,
      expectations: [],
      durationMs: 0,
      attempts: 0,
    });
    if (options.signal.aborted) halted ??= "not run: the run was interrupted";
    const notSent = halted ?? whyNotSent(step, state, target);
    if (notSent) {
      steps.push(skip(notSent));
      continue;
    }
    current = step;
    const stepStarted = performance.now();
    let attempts: Attempt[] = [];
    try {
      await step.send(env, state);
      attempts = recorder.take();
      const reply = finalReply(attempts);
      track(options.ledger, base, reply);
      const judged = judge(step, reply, state, target.info.capabilities);
      step.remember?.(reply, state);
      steps.push({
        ...base,
        ...judged,
        durationMs: performance.now() - stepStarted,
        ...attemptsOf(attempts),
      });
    } catch (error) {
      attempts = attempts.length > 0 ? attempts : recorder.take();
      const reason = options.signal.aborted ? "interrupted" : describeError(error);
      steps.push({
        ...base,
        status: "errored",
        reason,
        expectations: [],
        durationMs: performance.now() - stepStarted,
        ...attemptsOf(attempts),
      });
      halted = `not run: step "${step.name}" errored`;
    }
    exchanges.push(...toExchanges(base, attempts));
  }
  return { target: name, scenario: scenario.name, steps, exchanges, durationMs: performance.now() - started };
}

/** Why a step is not sent on this target, as the reason reported; undefined when it is sent. */
function whyNotSent(step: StepDef<unknown>, state: unknown, target: Target): string | undefined {
  if (isWrite(step.operation) && !target.info.capabilities.writable) {
    return `not applicable (writes disabled on ${target.info.name}: run with --allow-writes)`;
  }
  if (step.malformedBody && !target.info.capabilities.answersMalformedBodies) {
    return "not applicable (this target never answers a body that is not JSON)";
  }
  const blocked = step.blockedBy?.(state);
  return blocked === undefined ? undefined : `not sent: ${blocked}`;
}

function attemptsOf(attempts: Attempt[]) {
  return { attempts: attempts.length, statuses: attempts.map((attempt) => attempt.response?.status ?? null) };
}

/** Why an expectation does not apply on this target, or to this reply; undefined when it is judged. */
function notApplicable(
  expectation: Expectation<unknown>,
  reply: Reply,
  state: unknown,
  capabilities: Capabilities,
): string | undefined {
  if (expectation.stateful && !capabilities.stateful) return STATELESS;
  if (expectation.exactStatus && !capabilities.exactStatuses) return ANY_DOCUMENTED_STATUS;
  const why = expectation.inapplicable?.(reply, state);
  return why === undefined ? undefined : `not applicable (${why})`;
}

function judge(step: StepDef<unknown>, reply: Reply, state: unknown, capabilities: Capabilities) {
  const expectations = step.expect.map((expectation) => {
    const why = notApplicable(expectation, reply, state, capabilities);
    if (why !== undefined) return { name: expectation.name, verdict: "not-applicable" as const, detail: why };
    const detail = expectation.check(reply, state);
    return detail === undefined
      ? { name: expectation.name, verdict: "met" as const }
      : { name: expectation.name, verdict: "unmet" as const, detail };
  });
  const unmet = expectations.find((e) => e.verdict === "unmet");
  if (unmet) return { status: "failed" as const, reason: `${unmet.name}: ${unmet.detail}`, expectations };
  // Not applicable only when every expectation was; a step with none is judged by the checks alone.
  if (expectations.length > 0 && expectations.every((e) => e.verdict === "not-applicable")) {
    return { status: "not-applicable" as const, reason: expectations[0]?.detail ?? STATELESS, expectations };
  }
  return { status: "passed" as const, expectations };
}

/** A request's final answer; without one, an error saying why none came (the connection's error). */
export function finalReply(attempts: readonly Attempt[]): Reply {
  const final = attempts.at(-1);
  if (!final?.response) throw new Error(final?.error ?? "the step sent no request");
  return { status: final.response.status, headers: final.response.headers, body: final.response.body };
}

/** Creates and deletes that took effect go to the ledger (and so to the journal) before anything else. */
export function track(
  ledger: Ledger,
  step: { target: string; scenario: string; step: string; operation: string },
  reply: Reply,
) {
  const result =
    (reply.body as { result?: { id?: unknown; name?: unknown } } | undefined)?.result ?? undefined;
  if (step.operation === "createEntry") {
    ledger.createAnswered(step.target, step.scenario, step.step, reply.status, result ?? undefined);
  } else if (
    step.operation === "deleteEntry" &&
    reply.status >= 200 &&
    reply.status < 300 &&
    typeof result?.id === "string"
  ) {
    ledger.deleted(step.target, result.id, "scenario");
  }
}

/** Every attempt that got a response is an exchange the engine validates; `attempts` counts up to the final one. */
export function toExchanges(
  base: Omit<Exchange, "request" | "response" | "attempts" | "retried">,
  attempts: Attempt[],
): Exchange[] {
  return attempts.flatMap((attempt, index) =>
    attempt.response
      ? [
          {
            ...base,
            request: attempt.request,
            response: attempt.response,
            attempts: index + 1,
            retried: index < attempts.length - 1,
          },
        ]
      : [],
  );
}
