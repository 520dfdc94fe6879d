/**
 * Generation as a part of a run: after a target's fixed scenarios, the seeds
 * that failed there before are replayed first (until they pass), then a new seed
 * explores, each with its share of the run's budget. What it found becomes a
 * finding per failure class (rules.ts) — its shrunk sequence in the message,
 * its curl lines in every report — so the exit code, the history and the
 * baseline treat it like any other drift; the scenario `generated` has a step
 * for what it explored and one for the coverage gate.
 */
import type { ContractFinding, GenerationReport, StepResult } from "@impersonation-registry/engine";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import type { ScenarioOutcome } from "../executor/execute.ts";
import type { RetryPolicy } from "../executor/retry-policy.ts";
import type { Ledger } from "../safety/ledger.ts";
import type { Marker } from "../safety/marker.ts";
import type { Target } from "../targets/index.ts";
import { GENERATED, type GenerationPlan } from "./generation-plan.ts";
import { generationFinding } from "./generation-rules.ts";
import { type GenerationResult, runGenerated } from "./index.ts";

/** At most this many remembered failing seeds are replayed in one run: the budget must leave room to explore. */
const MAX_REPLAYS = 2;

export async function runGeneration(
  target: Target,
  context: {
    spec: SpecDocument;
    plan: GenerationPlan;
    seed: number;
    /** Seeds of this target's series that failed in earlier runs, newest first. */
    remembered: readonly number[];
    marker: Marker;
    ledger: Ledger;
    signal: AbortSignal;
    policy: RetryPolicy;
    timeoutMs: number;
  },
): Promise<{ outcome: ScenarioOutcome; report: GenerationReport; findings: ContractFinding[] }> {
  const started = performance.now();
  const replays = context.remembered.filter((seed) => seed !== context.seed).slice(0, MAX_REPLAYS);
  const seeds = [...replays, context.seed];
  const share = Math.floor(context.plan.budget / seeds.length);
  const results: GenerationResult[] = [];
  for (const [i, seed] of seeds.entries()) {
    if (context.signal.aborted) break;
    // The new seed gets what the replays left unspent.
    const spent = results.reduce((sum, result) => sum + result.requests, 0);
    const budget = i === seeds.length - 1 ? context.plan.budget - spent : share;
    results.push(
      await runGenerated({
        spec: context.spec,
        target,
        marker: context.marker,
        seed,
        budget,
        signal: context.signal,
        ledger: context.ledger,
        policy: context.policy,
        timeoutMs: context.timeoutMs,
      }),
    );
  }
  const report = summarize(target.info.name, context.seed, replays, results, context.plan.budget);
  return {
    outcome: {
      target: target.info.name,
      scenario: GENERATED,
      steps: stepsOf(report, context.plan.coverageMin, performance.now() - started),
      // Step names without the values a command sent (run ids, generated text): a finding's steps
      // reach the history, which keeps no values; the values are in the failures' sequences.
      exchanges: results.flatMap((result) =>
        result.exchanges.map((exchange) => ({ ...exchange, step: exchange.step.replace(/:.*$/s, "") })),
      ),
      durationMs: performance.now() - started,
    },
    report,
    findings: report.failures.map((failure) => generationFinding(target.info, failure)),
  };
}

function summarize(
  target: string,
  seed: number,
  replays: readonly number[],
  results: readonly GenerationResult[],
  budget: number,
): GenerationReport {
  const last = results.at(-1);
  const cells = last?.coverage.cells ?? [];
  return {
    target,
    seed,
    runs: results.map((result, i) => ({
      seed: result.seed,
      replay: i < replays.length,
      failed: result.failures.length > 0,
    })),
    budget,
    requests: results.reduce((sum, result) => sum + result.requests, 0),
    sequences: results.reduce((sum, result) => sum + result.sequences, 0),
    failures: results.flatMap((result) =>
      result.failures.map((failure) => ({
        seed: result.seed,
        class: failure.class,
        message: failure.message,
        sequence: failure.sequence,
        curl: failure.curl,
      })),
    ),
    coverage: {
      exercised: last?.coverage.exercised ?? 0,
      total: last?.coverage.total ?? 0,
      percent: last?.coverage.percent ?? 0,
      cells: cells.map(({ operation, dimension, key, polarity, requests }) => ({
        operation,
        dimension,
        key,
        polarity,
        requests,
      })),
    },
  };
}

/**
 * What generation explored (its failure classes are findings, judged at `--fail-on` like any other
 * drift, and acceptable in the baseline), then the coverage gate.
 */
function stepsOf(
  report: GenerationReport,
  coverageMin: number | undefined,
  durationMs: number,
): StepResult[] {
  const base = { target: report.target, scenario: GENERATED, durationMs, attempts: 1, expectations: [] };
  const steps: StepResult[] = [
    {
      ...base,
      step: `${report.sequences} sequences, ${report.requests} requests`,
      operation: "listEntries",
      status: "passed",
    },
  ];
  if (coverageMin !== undefined) {
    const below = report.coverage.percent < coverageMin;
    steps.push({
      ...base,
      step: `coverage ≥ ${coverageMin}%`,
      operation: "listEntries",
      status: below ? "failed" : "passed",
      ...(below && {
        reason: `coverage ${report.coverage.percent}% (${report.coverage.exercised} of ${report.coverage.total} cells) is below --coverage-min ${coverageMin}`,
      }),
    });
  }
  return steps;
}
