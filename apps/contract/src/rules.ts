/**
 * The one rules table the app judges with: the rules the spec decides (the
 * engine's), the rules a target's own history decides (the history's) and the
 * rules the reference model decides on generated inputs (generation's).
 * Composed here, so neither package imports the other's rules. Beside it, the
 * rule families: rules that see one kind of drift from different sides, so
 * the views and SARIF give them one headline per spec node.
 */
import { type RuleDefinition, SPEC_RULES } from "@impersonation-registry/engine";
import { OBSERVED_RULES } from "@impersonation-registry/history";
import { GENERATION_RULES } from "./generation/generation-rules.ts";

export const RULES = [
  ...SPEC_RULES,
  ...OBSERVED_RULES,
  ...GENERATION_RULES,
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULES)[number]["id"];

export const RULE_IDS: readonly RuleId[] = RULES.map((rule) => rule.id);

/**
 * One kind of drift, seen against the spec, against the other target and against the target's own
 * history: `is_email_regex` sent as a string is `schema-type` on the sandbox and `compare-type`
 * beside the mock, and `observed-type-changed` once the history knows it as a boolean. A rule in no
 * family is a family of its own.
 */
export const RULE_FAMILIES = {
  type: ["schema-type", "compare-type", "observed-type-changed"],
  presence: [
    "schema-required",
    "undocumented-field",
    "deprecated-past-eol",
    "deprecated-removed-early",
    "compare-key",
    "observed-field-vanished",
  ],
  nullability: ["schema-nullable", "compare-nullability"],
  values: ["schema-enum", "observed-enum-value-new"],
  status: ["undocumented-status", "compare-status", "observed-status-changed"],
  headers: ["missing-header", "header-schema", "compare-header"],
} as const satisfies Record<string, readonly RuleId[]>;

const FAMILY_OF = new Map<string, string>(
  Object.entries(RULE_FAMILIES).flatMap(([family, rules]) => rules.map((rule) => [rule, family] as const)),
);

/** The family a rule belongs to: its name in RULE_FAMILIES, or the rule's own id. */
export function ruleFamily(rule: string): string {
  return FAMILY_OF.get(rule) ?? rule;
}
