/**
 * Every rule the spec decides, in one table: id, severity, a one-line
 * explanation, and the handler. Response rules judge one exchange; comparison
 * rules judge the same step on two targets (their handler is `compare.ts`):
 * their severity here is the one they have when the spec allows both sides —
 * when it forbids one side, the finding takes the severity of the response
 * rule that side breaks. Request rules judge what a consumer sent, on the exchanges of the proxy only
 * (a run's invalid-input scenario sends invalid requests on purpose).
 */
import type { Rule } from "@impersonation-registry/findings";
import { contentType, invalidJson } from "./checks/content-type.ts";
import { deprecatedPastEndOfLife, deprecatedRemovedEarly } from "./checks/deprecated.ts";
import { envelopeErrors, envelopeResult, envelopeSuccess } from "./checks/envelope.ts";
import { headerSchema, missingHeader } from "./checks/headers.ts";
import { type RequestCheck, requestInvalid } from "./checks/request.ts";
import {
  schemaConstraint,
  schemaEnum,
  schemaFormat,
  schemaNullable,
  schemaRequired,
  schemaType,
} from "./checks/schema.ts";
import { serverError, undocumentedStatus } from "./checks/status.ts";
import type { Check } from "./checks/types.ts";
import { undocumentedField } from "./checks/undocumented-field.ts";

export type RuleDefinition = Rule &
  (
    | { scope: "response"; check: Check }
    | { scope: "request"; check: RequestCheck }
    | { scope: "comparison" }
    // Judged against a target's own earlier runs: their rows and handlers live with the history,
    // which hands them to whoever composes the whole table (the engine imports no rule from elsewhere).
    | { scope: "observed" }
  );

export const SPEC_RULES = [
  {
    id: "undocumented-status",
    severity: "breaking",
    title:
      "The status is documented for the operation neither exactly, nor by a 4XX/5XX range, nor by default.",
    scope: "response",
    check: undocumentedStatus,
  },
  {
    id: "server-error",
    severity: "breaking",
    title:
      "The final answer to a request is a 5xx: the server failed even after retries, where it owed a result or a 4XX refusal.",
    scope: "response",
    check: serverError,
  },
  {
    id: "content-type",
    severity: "breaking",
    title: "The Content-Type is not a media type documented for this response.",
    scope: "response",
    check: contentType,
  },
  {
    id: "invalid-json",
    severity: "breaking",
    title: "The body is labelled JSON but does not parse as JSON.",
    scope: "response",
    check: invalidJson,
  },
  {
    id: "envelope-success",
    severity: "breaking",
    title: "`success` contradicts the status: true on a non-2xx response, or false on a 2xx one.",
    scope: "response",
    check: envelopeSuccess,
  },
  {
    id: "envelope-errors",
    severity: "breaking",
    title: "A failed response has an empty `errors` array, so a client has no error to show.",
    scope: "response",
    check: envelopeErrors,
  },
  {
    id: "envelope-result",
    severity: "breaking",
    title: "A failed response carries a `result` other than null.",
    scope: "response",
    check: envelopeResult,
  },
  {
    id: "schema-required",
    severity: "breaking",
    title: "A field the schema requires is missing.",
    scope: "response",
    check: schemaRequired,
  },
  {
    id: "schema-type",
    severity: "breaking",
    title: "A value has another JSON type than the schema's.",
    scope: "response",
    check: schemaType,
  },
  {
    id: "schema-nullable",
    severity: "breaking",
    title: "A value is null where the schema is not nullable.",
    scope: "response",
    check: schemaNullable,
  },
  {
    id: "schema-enum",
    severity: "breaking",
    title: "A value is not one of the schema's enum values.",
    scope: "response",
    check: schemaEnum,
  },
  {
    id: "schema-format",
    severity: "breaking",
    title: "A string does not have the schema's format (uuid, date-time, …).",
    scope: "response",
    check: schemaFormat,
  },
  {
    id: "schema-constraint",
    severity: "breaking",
    title: "A value breaks a schema constraint (maxLength, minimum, pattern, minItems, …).",
    scope: "response",
    check: schemaConstraint,
  },
  {
    id: "undocumented-field",
    severity: "additive",
    title: "The body has a field its schema does not document.",
    scope: "response",
    check: undocumentedField,
  },
  {
    id: "deprecated-past-eol",
    severity: "info",
    title: "A deprecated field is still sent after its end of life (`x-end-of-life`).",
    scope: "response",
    check: deprecatedPastEndOfLife,
  },
  {
    id: "deprecated-removed-early",
    severity: "breaking",
    title: "A deprecated field is gone before its announced end of life (`x-end-of-life`).",
    scope: "response",
    check: deprecatedRemovedEarly,
  },
  {
    id: "missing-header",
    severity: "breaking",
    title: "A header the spec documents as required for this response is missing.",
    scope: "response",
    check: missingHeader,
  },
  {
    id: "header-schema",
    severity: "breaking",
    title: "A documented header's value does not match its schema.",
    scope: "response",
    check: headerSchema,
  },
  {
    id: "request-invalid",
    severity: "breaking",
    title:
      "The consumer's request breaks the spec (a parameter, the credentials, the body): a consumer bug, not drift, and breaking because it works only as long as the server is more lenient than its contract.",
    scope: "request",
    check: requestInvalid,
  },
  {
    id: "compare-status",
    severity: "info",
    title: "The two targets answered the step with different statuses.",
    scope: "comparison",
  },
  {
    id: "compare-key",
    severity: "info",
    title: "A field is present on one target only.",
    scope: "comparison",
  },
  {
    id: "compare-type",
    severity: "info",
    title: "A field has different JSON types on the two targets.",
    scope: "comparison",
  },
  {
    id: "compare-nullability",
    severity: "info",
    title: "A field is null on one target and not on the other.",
    scope: "comparison",
  },
  {
    id: "compare-header",
    severity: "info",
    title: "A documented header is sent by one target only.",
    scope: "comparison",
  },
] as const satisfies readonly RuleDefinition[];

export type SpecRuleId = (typeof SPEC_RULES)[number]["id"];

export const RESPONSE_RULES = SPEC_RULES.filter((rule) => rule.scope === "response");
export const REQUEST_RULES = SPEC_RULES.filter((rule) => rule.scope === "request");

export function specRule(id: SpecRuleId): RuleDefinition {
  const rule = SPEC_RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`unknown rule "${id}"`);
  return rule;
}
