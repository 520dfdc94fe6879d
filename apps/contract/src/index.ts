/**
 * The contract app as a library: what the CLI does, for scripts and tests that
 * drive a run themselves. The judge, the memory and the views are packages of
 * their own (`@impersonation-registry/engine`, `…/history`, `…/reports`); the
 * run's data types are re-exported here as they always were.
 */

export type * from "@impersonation-registry/engine";
export { parseCommand } from "./cli/args.ts";
export { prepareRun } from "./cli/prepare.ts";
export { STATELESS } from "./executor/execute.ts";
export { type RunEvents, type RunOptions, runContract } from "./run.ts";
export { type JournalEvent, readJournal } from "./safety/journal.ts";
export { MARKER_PREFIX, markedRunId } from "./safety/marker.ts";
export { type SweepResult, sweep } from "./safety/sweep.ts";
export { buildScenarios } from "./scenarios/index.ts";
export type { Expectation, Reply, Scenario, StepDef, StepEnv } from "./scenarios/types.ts";
export { TARGET_NAMES, type Target, type TargetName } from "./targets/index.ts";
