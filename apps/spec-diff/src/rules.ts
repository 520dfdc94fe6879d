/**
 * Every rule spec:diff can report, in one flat table (the oasdiff model): a
 * kebab-case id, its severity for consumers of the generated types and the
 * client, and a one-line explanation. The diff walker only ever names ids from
 * this table, and the meta-test checks each id has a fixture pair.
 */
import type { Rule } from "@impersonation-registry/findings";

export const RULES = [
  // breaking: code written against the old spec stops compiling or stops working
  { id: "operation-removed", severity: "breaking", title: "An operation was removed." },
  {
    id: "operation-id-changed",
    severity: "breaking",
    title: "An operationId changed; `operations[…]` keys move.",
  },
  { id: "parameter-removed", severity: "breaking", title: "A parameter was removed." },
  {
    id: "request-parameter-required",
    severity: "breaking",
    title: "A new required parameter, or an optional parameter made required.",
  },
  { id: "request-property-removed", severity: "breaking", title: "A request body or field was removed." },
  {
    id: "request-property-required",
    severity: "breaking",
    title: "A new required request body or field, or an optional one made required.",
  },
  { id: "request-enum-value-removed", severity: "breaking", title: "A request enum lost a value." },
  {
    id: "request-max-length-decreased",
    severity: "breaking",
    title: "A request maxLength was added or lowered.",
  },
  { id: "request-maximum-decreased", severity: "breaking", title: "A request maximum was added or lowered." },
  { id: "request-pattern-added", severity: "breaking", title: "A request pattern was added or changed." },
  {
    id: "request-constraint-tightened",
    severity: "breaking",
    title: "Another request constraint (minLength, minimum, items, properties) was tightened.",
  },
  { id: "request-nullable-removed", severity: "breaking", title: "A request value no longer accepts null." },
  { id: "type-changed", severity: "breaking", title: "A schema type (or its composition) changed." },
  { id: "media-type-removed", severity: "breaking", title: "A request or response media type was removed." },
  { id: "response-status-removed", severity: "breaking", title: "A documented response status was removed." },
  { id: "response-header-removed", severity: "breaking", title: "A documented response header was removed." },
  { id: "response-property-removed", severity: "breaking", title: "A response field was removed." },
  {
    id: "response-property-became-optional",
    severity: "breaking",
    title: "A required response field became optional.",
  },
  {
    id: "response-property-became-nullable",
    severity: "breaking",
    title: "A response value became nullable.",
  },
  {
    id: "response-enum-value-added",
    severity: "breaking",
    title: "A response enum gained a value; the generated union widens and exhaustive switches break.",
  },
  { id: "security-changed", severity: "breaking", title: "The operation's security requirement changed." },
  // additive: old clients keep working; the types grow
  { id: "operation-added", severity: "additive", title: "An operation was added." },
  { id: "parameter-added", severity: "additive", title: "An optional parameter was added." },
  { id: "request-property-added", severity: "additive", title: "An optional request field was added." },
  {
    id: "request-constraint-relaxed",
    severity: "additive",
    title:
      "A request accepts more: a value or constraint loosened, an enum value added, a field made optional.",
  },
  { id: "media-type-added", severity: "additive", title: "A request or response media type was added." },
  { id: "response-status-added", severity: "additive", title: "A response status was documented." },
  { id: "response-header-added", severity: "additive", title: "A response header was documented." },
  { id: "response-property-added", severity: "additive", title: "A response field was added." },
  {
    id: "response-narrowed",
    severity: "additive",
    title: "A response became more specific (enum value removed, field required or non-nullable).",
  },
  // info: nothing a compiler or a request notices
  { id: "description-changed", severity: "info", title: "A summary, title or description changed." },
  { id: "example-changed", severity: "info", title: "An example changed." },
  { id: "deprecation-changed", severity: "info", title: "Something was deprecated or un-deprecated." },
  {
    id: "other-changed",
    severity: "info",
    title: "Another keyword changed (format, default, tags, extensions, response-only constraints…).",
  },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]["id"];

const byId = new Map<string, Rule>(RULES.map((rule) => [rule.id, rule]));

export function ruleById(id: RuleId): Rule {
  return byId.get(id) as Rule;
}
