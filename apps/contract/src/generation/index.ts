/**
 * Generated inputs and model-based sequences (issue 18), in one call: fast-check generates
 * sequences of commands from the spec's schemas — positive and negative examples, operations on
 * the run's own marked entries — sends them to one target, compares it with the model after each
 * command, and shrinks a failing sequence to the shortest that still fails the same way. It
 * returns data (no printing); the same seed and options replay the same requests.
 */
import { randomInt } from "node:crypto";
import type { Exchange } from "@impersonation-registry/engine";
import { toCurl } from "@impersonation-registry/engine";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import fc from "fast-check";
import { DEFAULT_RETRY_POLICY, type RetryPolicy } from "../executor/retry-policy.ts";
import type { Ledger } from "../safety/ledger.ts";
import type { Marker } from "../safety/marker.ts";
import { specFacts } from "../scenarios/spec-inputs.ts";
import type { Target } from "../targets/index.ts";
import { swarm } from "./actions.ts";
import { type Coverage, CoverageCounter } from "./coverage.ts";
import { generators } from "./examples.ts";
import { GENERATED } from "./generation-plan.ts";
import { classKey, Failure, type FailureClass } from "./judge.ts";
import { commandArbitrary, type World } from "./model-commands.ts";
import { verifyState } from "./perform.ts";
import { RegistryModel } from "./registry-model.ts";
import { type Context, Session } from "./sequence-session.ts";
import { Budget, BudgetSpent, Wire } from "./wire.ts";

export type { Coverage, CoverageCell } from "./coverage.ts";
export { type Example, type Generators, generators } from "./examples.ts";
export { DEFAULT_BUDGET, GENERATED } from "./generation-plan.ts";
export type { FailureClass } from "./judge.ts";
export { RegistryModel } from "./registry-model.ts";
export type { Violation } from "./violations.ts";

export interface GenerationOptions {
  spec: SpecDocument;
  target: Target;
  /** The run's marker: every generated create carries it in its name (and invalid ones in comments too). */
  marker: Marker;
  /** Replays a run exactly; drawn at random when absent, and returned either way. */
  seed?: number;
  /** Requests generation may send to this target: every attempt counts, the cleanup's deletes included; 0 sends none. */
  budget: number;
  /** Negative examples too (default true). */
  negative?: boolean;
  /** Sequences of several commands (default true); false sends examples one command at a time. */
  sequences?: boolean;
  /** Commands per sequence, at most (default 20). */
  maxCommands?: number;
  /** Distinct failure classes to find and shrink before stopping (default 3). */
  maxFailures?: number;
  signal?: AbortSignal;
  policy?: RetryPolicy;
  /** Per attempt (default 30 s). */
  timeoutMs?: number;
  /** The run's ledger: generated creates and deletes are journaled and covered by the run's cleanup. */
  ledger?: Ledger;
}

export interface GenerationFailure {
  /** What failed, never the values that showed it: the same fault gives the same class whatever the seed. */
  class: FailureClass;
  message: string;
  /** The shrunk sequence, command by command, as it ran. */
  sequence: string[];
  /** Its requests (the cleanup's deletes left out), and each as a curl line (secrets as `$CLOUDFLARE_…`). */
  requests: Exchange[];
  curl: string[];
}

export interface GenerationResult {
  seed: number;
  budget: number;
  /** Requests sent, every attempt counted; never more than the budget. */
  requests: number;
  /** Sequences run, and the commands they ran (each a generated example), shrinking included. */
  sequences: number;
  commands: number;
  /** Every request sent, in order, for the engine's checks. */
  exchanges: Exchange[];
  failures: GenerationFailure[];
  coverage: Coverage;
  /** The signal stopped it: what ran is reported. */
  interrupted: boolean;
}

/** The share of what is left that exploring keeps for shrinking the failure it finds. */
const SHRINK_SHARE = 0.3;
const SEQUENCES_PER_ROUND = 10;

export async function runGenerated(options: GenerationOptions): Promise<GenerationResult> {
  if (!Number.isInteger(options.budget) || options.budget < 0)
    throw new RangeError(
      `the generation budget must be a whole number of requests, 0 or more; got ${options.budget}`,
    );
  const seed = options.seed ?? randomInt(0, 2 ** 31 - 1);
  const signal = options.signal ?? new AbortController().signal;
  const { capabilities } = options.target.info;
  const gen = generators(options.spec, options.marker);
  const coverage = new CoverageCounter(gen.inputs, gen.check);
  const budget = new Budget(options.budget);
  const wire = new Wire({
    target: options.target,
    budget,
    signal,
    policy: options.policy ?? DEFAULT_RETRY_POLICY,
    timeoutMs: options.timeoutMs ?? 30_000,
    ledger: options.ledger,
    scenario: GENERATED,
  });
  const context: Context = {
    gen,
    marker: options.marker,
    capabilities,
    accountId: options.target.accountId,
    serverSet: specFacts(options.spec).serverSetFields,
    coverage,
  };
  const rules = {
    entry: gen.inputs.entry,
    create: gen.inputs.createEntry.body ?? {},
    update: gen.inputs.updateEntry.body ?? {},
    check: gen.check,
  };
  const { command, kinds } = commandArbitrary(gen, {
    negative: options.negative ?? true,
    stateful: capabilities.stateful,
    writable: capabilities.writable,
  });
  const sequencesOf = fc.tuple(
    options.sequences === false ? fc.constant(new Set(kinds)) : swarm(kinds),
    fc.commands([command], {
      maxCommands: options.sequences === false ? 1 : (options.maxCommands ?? 20),
      size: "medium",
      disableReplayLog: true,
    }),
  );
  const failures: GenerationFailure[] = [];
  let sequences = 0;
  let commandsRun = 0;
  let crash: unknown;

  // Exploring keeps a share of the budget for shrinking what it finds; once nothing is left to
  // explore with, one more pass may spend that share too.
  let reserve = Math.floor(options.budget * SHRINK_SHARE);
  for (let round = 0; failures.length < (options.maxFailures ?? 3) && !signal.aborted; round++) {
    budget.keep(reserve);
    if (!budget.exploring()) {
      if (reserve === 0) break;
      reserve = 0;
      continue;
    }
    const known = new Set(failures.map((failure) => classKey(failure.class)));
    /** The class this round shrinks: the first new one found; a sequence failing otherwise passes. */
    let shrinking: string | undefined;
    let smallest: GenerationFailure | undefined;
    // A precondition failure that interrupts ends fast-check's run — exploring or shrinking — and
    // keeps the smallest failure found so far: what happens once the budget cannot pay for more.
    const stop = () => new fc.PreconditionFailure(true);
    const property = fc.asyncProperty(sequencesOf, async ([enabled, cmds]) => {
      if (crash !== undefined || signal.aborted) throw stop();
      if (!(shrinking === undefined ? budget.exploring() : budget.used < budget.limit)) throw stop();
      const session = new Session(wire, context, `sequence ${++sequences}`);
      const world: World = { registry: new RegistryModel(rules), enabled };
      const { failure, spent, error } = await runSequence(world, session, cmds);
      commandsRun += session.ran.length;
      if (error !== undefined && !signal.aborted) crash = error;
      if (failure === undefined) {
        // A sequence the budget cut short proves nothing: shrinking ends with what it has.
        if (spent && shrinking !== undefined) throw stop();
        return;
      }
      const key = classKey(failure.failureClass);
      if (known.has(key) || (shrinking !== undefined && key !== shrinking)) return;
      shrinking ??= key;
      budget.shrink();
      smallest = reported(failure, session);
      throw failure;
    });
    // Rounds of a few sequences each, seeded one after the other: a spent budget ends the run
    // without generating sequences that could never be sent.
    const spent = budget.used;
    const details = await fc.check(property, { seed: (seed + round) | 0, numRuns: SEQUENCES_PER_ROUND });
    if (crash !== undefined) throw crash;
    if (budget.used === spent) break;
    if (details.failed && smallest !== undefined) {
      failures.push(smallest);
      reserve = Math.floor((options.budget - budget.used) * SHRINK_SHARE);
    }
  }
  return {
    seed,
    budget: options.budget,
    requests: budget.used,
    sequences,
    commands: commandsRun,
    exchanges: wire.exchanges,
    failures,
    coverage: coverage.result(),
    interrupted: signal.aborted,
  };
}

/**
 * One sequence, the final check of its entries, then its cleanup whatever happened: the target's
 * failure, whether the budget cut it short, or an error of generation's own (or an abort).
 */
async function runSequence(
  world: World,
  session: Session,
  cmds: Iterable<fc.AsyncCommand<World, Session>>,
): Promise<{ failure?: Failure; spent: boolean; error?: unknown }> {
  try {
    await fc.asyncModelRun(() => ({ model: world, real: session }), cmds);
    await verifyState(world.registry, session);
    return { spent: false };
  } catch (error) {
    if (error instanceof Failure) return { failure: error, spent: false };
    if (error instanceof BudgetSpent) return { spent: true };
    return { spent: false, error };
  } finally {
    await session.cleanup();
  }
}

/** A failing sequence as the report shows it: its commands, its requests and their curl lines. */
function reported(failure: Failure, session: Session): GenerationFailure {
  const requests = session.wire.exchanges
    .slice(session.firstExchange)
    .filter((exchange) => !exchange.step.includes("› cleanup:"));
  return {
    class: failure.failureClass,
    message: failure.message,
    sequence: [...session.ran],
    requests,
    curl: requests.map((exchange) => toCurl(exchange)),
  };
}
