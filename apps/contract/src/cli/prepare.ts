/**
 * From a parsed `run` command to the options of one run: the spec, the chosen
 * scenarios, the baseline, where reports go. Shared by the CLI and the
 * benchmark, so both run exactly what `npm run contract` runs.
 */
import { resolve } from "node:path";
import { RunnerError } from "../errors.ts";
import { newRunId } from "../executor/run-id.ts";
import { GENERATED } from "../generation/generation-plan.ts";
import type { RunOptions } from "../run.ts";
import { buildScenarios } from "../scenarios/index.ts";
import type { Scenario } from "../scenarios/types.ts";
import { readSpecLines } from "../spec-lines.ts";
import type { Command } from "./args.ts";
import { defaultReportsRoot } from "./paths.ts";
import { readBaseline } from "./read-baseline.ts";
import { loadSpec } from "./spec.ts";

export type RunCommand = Extract<Command, { kind: "run" }>;

export async function prepareRun(
  command: RunCommand,
  context: { signal: AbortSignal; env: Record<string, string | undefined> },
): Promise<RunOptions> {
  const { spec, specHash, specPath } = await loadSpec(command.specPath);
  return {
    ...command,
    ...context,
    runId: newRunId(),
    spec,
    specHash,
    specPath,
    // The file --spec names, or the YAML the bundled spec is generated from: parsed once per run.
    specLines: readSpecLines(command.specPath === undefined ? undefined : resolve(command.specPath)),
    scenarios: selectScenarios(buildScenarios(spec), command.scenarios),
    reportsRoot: command.reportDir === undefined ? defaultReportsRoot : resolve(command.reportDir),
    baseline: readBaseline(command.baselinePath),
  };
}

/** The scenarios --scenario names (`generated`, generation, is not one of the list's: see args.ts). */
function selectScenarios(all: Scenario[], names: readonly string[]): Scenario[] {
  if (names.length === 0) return all;
  const unknown = names.filter(
    (name) => name !== GENERATED && !all.some((scenario) => scenario.name === name),
  );
  if (unknown.length > 0) {
    const known = [...all.map((scenario) => scenario.name), GENERATED].join(", ");
    throw new RunnerError("usage", `unknown scenario ${unknown.join(", ")}; scenarios: ${known}`);
  }
  return all.filter((scenario) => names.includes(scenario.name));
}
