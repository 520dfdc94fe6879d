/**
 * The one rules table the app judges with: the rules the spec decides (the
 * engine's) and the rules a target's own history decides (the history's).
 * Composed here, so neither package imports the other's rules.
 */
import { type RuleDefinition, SPEC_RULES } from "@impersonation-registry/engine";
import { OBSERVED_RULES } from "@impersonation-registry/history";

export const RULES = [...SPEC_RULES, ...OBSERVED_RULES] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULES)[number]["id"];

export const RULE_IDS: readonly RuleId[] = RULES.map((rule) => rule.id);
