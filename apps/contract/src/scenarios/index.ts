import type { SpecDocument } from "@impersonation-registry/types/spec";
import { auth } from "./auth.ts";
import { directorySynced } from "./directory-synced.ts";
import { invalidInput } from "./invalid-input.ts";
import { lifecycle } from "./lifecycle.ts";
import { listBehaviour } from "./list-behaviour.ts";
import { listParameters } from "./list-parameters.ts";
import { regexEntries } from "./regex-entries.ts";
import { specFacts } from "./spec-inputs.ts";
import type { Scenario } from "./types.ts";

export type { Reply, Scenario, StepDef, StepEnv } from "./types.ts";

/** Every scenario, built from the spec (invalid inputs and parameter values are derived from it). */
export function buildScenarios(spec: SpecDocument): Scenario[] {
  const facts = specFacts(spec);
  return [
    lifecycle(facts),
    listParameters(facts),
    listBehaviour(facts),
    regexEntries,
    invalidInput(facts),
    auth,
    directorySynced(facts),
  ] as Scenario[];
}
