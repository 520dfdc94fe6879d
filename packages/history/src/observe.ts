/**
 * From a run's exchanges to what the history keeps of them. Only the final
 * attempt of each step is observed: a retried attempt (the 500 before the
 * retry that worked) says something about the transport, not about the
 * contract, and would teach the history statuses and shapes the step never
 * settles on. Steps that were not sent have no exchange, so nothing of them
 * is observed either.
 */

import { type Exchange, type StepResult, stepKey, toCurl } from "@impersonation-registry/engine";
import { shapeOf } from "./shape.ts";
import type { CurrentObservation } from "./types.ts";

export function observe(
  exchanges: readonly Exchange[],
  steps: readonly Pick<StepResult, "target" | "scenario" | "step" | "attempts">[],
): CurrentObservation[] {
  const attempts = new Map(
    steps.map((step) => [stepKey(step.target, step.scenario, step.step), step.attempts]),
  );
  return exchanges
    .filter(
      (exchange) =>
        exchange.attempts === attempts.get(stepKey(exchange.target, exchange.scenario, exchange.step)),
    )
    .map((exchange) => ({
      target: exchange.target,
      operation: exchange.operation,
      scenario: exchange.scenario,
      step: exchange.step,
      status: exchange.response.status,
      errorCodes: errorCodesOf(exchange.response.body),
      durationMs: Math.round(exchange.response.durationMs * 10) / 10,
      shape: shapeOf(exchange.response.body),
      curl: toCurl(exchange),
    }));
}

function errorCodesOf(body: unknown): (number | string)[] {
  const errors = (body as { errors?: unknown } | null | undefined)?.errors;
  if (!Array.isArray(errors)) return [];
  const codes = errors
    .map((error) => (error as { code?: unknown } | null)?.code)
    .filter((code): code is number | string => typeof code === "number" || typeof code === "string");
  return [...new Set(codes)].sort((a, b) => String(a).localeCompare(String(b), "en", { numeric: true }));
}
