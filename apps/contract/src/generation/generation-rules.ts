/**
 * The rules generation judges by, and its shrunk failures as findings. A failure's class — the
 * expectation that failed, the operation, the pointer — is the finding's step, operation and
 * pointer, so its fingerprint names the class and never the seed or a value: the history follows
 * it from run to run, the baseline can accept it, and every report shows its curl lines.
 */
import type { ContractFinding, RuleDefinition, TargetInfo } from "@impersonation-registry/engine";
import { GENERATED } from "./generation-plan.ts";

export const GENERATION_RULES = [
  {
    id: "generated-model-mismatch",
    severity: "breaking",
    title:
      "A generated example or sequence got an answer the reference model of the registry (the seeds and the spec) does not allow.",
    help: "The target broke an expectation no fixed scenario checks, on inputs or an order of operations generated from the spec. The finding's curl lines replay the shrunk sequence; `--seed` replays the whole run. Fix the server, or, when the model is wrong, the spec or the model.",
    scope: "generated",
  },
  {
    id: "generated-spec-disagreement",
    severity: "breaking",
    title:
      "The mock, which validates requests against the spec, refused an example generated as valid from the spec, or accepted one generated to break a rule of its schema.",
    help: "Not a server's fault: the generator and the spec disagree. Either the generator misreads the spec (fix apps/contract/src/generation) or the spec says two things at once (fix it and review it through spec:diff).",
    scope: "generated",
  },
] as const satisfies readonly RuleDefinition[];

/** Generation's findings are about one failure class: their fingerprint names it (the step). */
export const GENERATION_STEP_RULES: readonly string[] = GENERATION_RULES.map((rule) => rule.id);

/** What a shrunk failure carries into its finding. */
export interface ShrunkFailure {
  seed: number;
  class: { rule: string; operation: string; pointer: string };
  message: string;
  sequence: readonly string[];
  curl: readonly string[];
}

/**
 * A shrunk failure on a target as a finding. On a target that keeps no state (the mock) generation
 * judges requests by the spec alone, so what fails there is the generator's or the spec's.
 */
export function generationFinding(target: TargetInfo, failure: ShrunkFailure): ContractFinding {
  const [mismatch, disagreement] = GENERATION_RULES;
  const rule = target.capabilities.stateful ? mismatch : disagreement;
  const { rule: expectation, operation, pointer } = failure.class;
  return {
    rule: rule.id,
    severity: rule.severity,
    target: target.name,
    scenario: GENERATED,
    step: expectation,
    operation,
    pointer,
    expected: expectation,
    observed: failure.message,
    message: `${failure.message} · seed ${failure.seed}, shrunk to ${failure.sequence.length} command(s): ${failure.sequence.join(" → ")}`,
    curl: failure.curl.join("\n"),
    occurrences: [{ scenario: GENERATED, step: expectation }],
  };
}
