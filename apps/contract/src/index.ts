/**
 * The contract app as a library: what the CLI does, for scripts and tests that
 * drive a run themselves. The engine (checks, comparison, baseline, reports)
 * has its own entry point, `./engine.ts`.
 */

export { type JournalEvent, readJournal } from "./journal.ts";
export type * from "./model.ts";
export { type RunEvents, type RunOptions, runContract } from "./run.ts";
export { parseCommand } from "./runner/args.ts";
export { STATELESS } from "./runner/execute.ts";
export { prepareRun } from "./runner/prepare.ts";
export { buildScenarios } from "./scenarios/index.ts";
export { MARKER_PREFIX, markedRunId } from "./scenarios/marker.ts";
export type { Expectation, Reply, Scenario, StepDef, StepEnv } from "./scenarios/types.ts";
export { type SweepResult, sweep } from "./sweep.ts";
export { TARGET_NAMES, type Target, type TargetName } from "./targets/index.ts";
