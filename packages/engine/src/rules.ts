/**
 * Every rule the spec decides, in one table: id, severity, a one-line
 * explanation, a help text (what it means for consumers, what to do) and the handler. Response rules judge one exchange; comparison
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

export type RuleDefinition = Rule & {
  /** What the drift means for consumers and what to do about it, in a sentence or two (SARIF's help text). */
  help: string;
} & (
    | { scope: "response"; check: Check }
    | { scope: "request"; check: RequestCheck }
    | { scope: "comparison" }
    // Judged against a target's own earlier runs: their rows and handlers live with the history,
    // which hands them to whoever composes the whole table (the engine imports no rule from elsewhere).
    | { scope: "observed" }
    // Judged by a reference model of the registry on generated inputs and sequences: their rows live
    // with the generator (apps/contract), which turns each shrunk failure into a finding.
    | { scope: "generated" }
  );

export const SPEC_RULES = [
  {
    id: "undocumented-status",
    severity: "breaking",
    title:
      "The status is documented for the operation neither exactly, nor by a 4XX/5XX range, nor by default.",
    help: "Clients generated from the spec have no type for this status and treat it as an unknown error. Document it under the operation's responses (exactly, as a 4XX/5XX range or as default), or make the server answer a documented status.",
    scope: "response",
    check: undocumentedStatus,
  },
  {
    id: "server-error",
    severity: "breaking",
    title:
      "The final answer to a request is a 5xx: the server failed even after retries, where it owed a result or a 4XX refusal.",
    help: "The request failed on the server's side, even after the client's retries; a 5xx is never the answer to a request the spec describes. Reproduce it with the finding's curl line and report it to the API's owner.",
    scope: "response",
    check: serverError,
  },
  {
    id: "content-type",
    severity: "breaking",
    title: "The Content-Type is not a media type documented for this response.",
    help: "Clients pick their parser from the Content-Type. Document the media type under the response's content, or fix the header the server sends.",
    scope: "response",
    check: contentType,
  },
  {
    id: "invalid-json",
    severity: "breaking",
    title: "The body is labelled JSON but does not parse as JSON.",
    help: "A client that trusts the Content-Type fails to parse the body. The server sends broken JSON: reproduce it with the finding's curl line and report it.",
    scope: "response",
    check: invalidJson,
  },
  {
    id: "envelope-success",
    severity: "breaking",
    title: "`success` contradicts the status: true on a non-2xx response, or false on a 2xx one.",
    help: "Clients branch on `success`; a value that contradicts the status sends them down the wrong path. The server must set `success` from the outcome.",
    scope: "response",
    check: envelopeSuccess,
  },
  {
    id: "envelope-errors",
    severity: "breaking",
    title: "A failed response has an empty `errors` array, so a client has no error to show.",
    help: "Clients show `errors[].message` when a request fails; an empty list leaves them nothing to show. The server must name at least one error.",
    scope: "response",
    check: envelopeErrors,
  },
  {
    id: "envelope-result",
    severity: "breaking",
    title: "A failed response carries a `result` other than null.",
    help: "Clients read `result` only on success; a failed response that carries one invites reading half-done data. The server must send `result: null` when it fails.",
    scope: "response",
    check: envelopeResult,
  },
  {
    id: "schema-required",
    severity: "breaking",
    title: "A field the schema requires is missing.",
    help: "The generated type says the field is always there, so a consumer that reads it gets undefined. Make the field optional in the schema if the server may leave it out, or fix the server.",
    scope: "response",
    check: schemaRequired,
  },
  {
    id: "schema-type",
    severity: "breaking",
    title: "A value has another JSON type than the schema's.",
    help: "The generated type promises another JSON type, so a consumer that uses the value as typed breaks. Change the schema's type if the server is right (`npm run contract -- suggest` writes the patch), or fix the server.",
    scope: "response",
    check: schemaType,
  },
  {
    id: "schema-nullable",
    severity: "breaking",
    title: "A value is null where the schema is not nullable.",
    help: "The generated type does not allow null, so consumers use the value unguarded. Mark the schema `nullable: true` if null is a real answer, or fix the server.",
    scope: "response",
    check: schemaNullable,
  },
  {
    id: "schema-enum",
    severity: "breaking",
    title: "A value is not one of the schema's enum values.",
    help: "Consumers switch over the enum's values and an unknown one falls through. Add the value to the enum if it is real, or fix the server.",
    scope: "response",
    check: schemaEnum,
  },
  {
    id: "schema-format",
    severity: "breaking",
    title: "A string does not have the schema's format (uuid, date-time, …).",
    help: "Consumers parse the value by its format (a uuid, a date-time) and reject this one. Correct the schema's format, or fix the server.",
    scope: "response",
    check: schemaFormat,
  },
  {
    id: "schema-constraint",
    severity: "breaking",
    title: "A value breaks a schema constraint (maxLength, minimum, pattern, minItems, …).",
    help: "Consumers that validate against the schema's constraints reject this value. Relax the constraint if the server is right, or fix the server.",
    scope: "response",
    check: schemaConstraint,
  },
  {
    id: "undocumented-field",
    severity: "additive",
    title: "The body has a field its schema does not document.",
    help: "Old consumers ignore the field, but nobody can rely on it until it is documented. Add it to the schema (additive: a minor version), or stop the server sending it.",
    scope: "response",
    check: undocumentedField,
  },
  {
    id: "deprecated-past-eol",
    severity: "info",
    title: "A deprecated field is still sent after its end of life (`x-end-of-life`).",
    help: "The field's `x-end-of-life` date has passed and the server still sends it. Remove it from the spec and the server, or move the date.",
    scope: "response",
    check: deprecatedPastEndOfLife,
  },
  {
    id: "deprecated-removed-early",
    severity: "breaking",
    title: "A deprecated field is gone before its announced end of life (`x-end-of-life`).",
    help: "Consumers were promised the field until its `x-end-of-life` date. Restore it on the server until then, or bring the announced date forward in the spec.",
    scope: "response",
    check: deprecatedRemovedEarly,
  },
  {
    id: "missing-header",
    severity: "breaking",
    title: "A header the spec documents as required for this response is missing.",
    help: "Consumers that read the header (a request id, rate limits) get nothing. Mark it optional in the spec if the server may leave it out, or fix the server.",
    scope: "response",
    check: missingHeader,
  },
  {
    id: "header-schema",
    severity: "breaking",
    title: "A documented header's value does not match its schema.",
    help: "Consumers parse the header by its schema and fail on this value. Correct the header's schema, or fix the server.",
    scope: "response",
    check: headerSchema,
  },
  {
    id: "request-invalid",
    severity: "breaking",
    title:
      "The consumer's request breaks the spec (a parameter, the credentials, the body): a consumer bug, not drift, and breaking because it works only as long as the server is more lenient than its contract.",
    help: "The consumer sends a request the spec does not allow: it works only while the server is more lenient than its contract. Fix the consumer's request (the finding's curl line shows it), or the spec if it is too strict.",
    scope: "request",
    check: requestInvalid,
  },
  {
    id: "compare-status",
    severity: "info",
    title: "The two targets answered the step with different statuses.",
    help: "The two targets answer the same request with different statuses. Within what the spec allows this is information; if consumers rely on one of them, pin it in the spec.",
    scope: "comparison",
  },
  {
    id: "compare-key",
    severity: "info",
    title: "A field is present on one target only.",
    help: "A field is present on one target only. Within what the spec allows this is information; otherwise the side that breaks the spec decides the severity: fix that side.",
    scope: "comparison",
  },
  {
    id: "compare-type",
    severity: "info",
    title: "A field has different JSON types on the two targets.",
    help: "The two targets send the field with different JSON types. Within what the spec allows this is information; otherwise fix the side that breaks the spec, or the schema if it is wrong.",
    scope: "comparison",
  },
  {
    id: "compare-nullability",
    severity: "info",
    title: "A field is null on one target and not on the other.",
    help: "One target sends null where the other sends a value. Within what the spec allows this is information; otherwise fix the side that breaks the spec.",
    scope: "comparison",
  },
  {
    id: "compare-header",
    severity: "info",
    title: "A documented header is sent by one target only.",
    help: "A documented header is sent by one target only. If consumers rely on it, mark it required in the spec and fix the target that leaves it out.",
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
