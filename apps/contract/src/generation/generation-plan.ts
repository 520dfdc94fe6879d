/**
 * What a run asks of generation, and its names: small on purpose, so parsing the
 * command line loads no generator (fast-check stays out of `history` and `accept`).
 */
import { randomInt } from "node:crypto";

/** The scenario name generated exchanges and steps are reported under (and `--scenario` selects). */
export const GENERATED = "generated";

/** A default budget that keeps a live run (about 125 fixed requests) well under Cloudflare's 1,200 per 5 minutes. */
export const DEFAULT_BUDGET = 600;

/** What `--seed`, `--examples` and `--coverage-min` ask of a run. */
export interface GenerationPlan {
  /** Generated requests per target per run, replays included. */
  budget: number;
  /** This run's new seed; drawn at random when absent. */
  seed?: number;
  /** Fails the run when a target's coverage is below this percentage. */
  coverageMin?: number;
}

/** The run's one new seed: `--seed`, or drawn now, and printed either way. */
export function drawSeed(plan: GenerationPlan): number {
  return plan.seed ?? randomInt(0, 2 ** 31 - 1);
}
