/**
 * Every rule of the contract checks, in one table: id, severity, a one-line
 * explanation, and the handler. Response rules judge one exchange; comparison
 * rules judge the same step on two targets (their handler is `compare.ts`):
 * their severity here is the one they have when the spec allows both sides —
 * when it forbids one side, the finding takes the severity of the response
 * rule that side breaks. Observed rules judge a stateful target against its
 * own earlier runs (handlers in `history/`; at least 3 earlier runs needed).
 * Request rules judge what a consumer sent, on the exchanges of the proxy only
 * (a run's invalid-input scenario sends invalid requests on purpose).
 */
import type { Rule } from "@impersonation-registry/findings";
import {
  latencyRegression,
  type ObservedCheck,
  observedEnumValueNew,
  observedErrorCodeChanged,
  observedFieldVanished,
  observedStatusChanged,
  observedTypeChanged,
} from "../history/index.ts";
import { contentType, invalidJson } from "./content-type.ts";
import { deprecatedPastEndOfLife, deprecatedRemovedEarly } from "./deprecated.ts";
import { envelopeErrors, envelopeResult, envelopeSuccess } from "./envelope.ts";
import { headerSchema, missingHeader } from "./headers.ts";
import { type RequestCheck, requestInvalid } from "./request.ts";
import {
  schemaConstraint,
  schemaEnum,
  schemaFormat,
  schemaNullable,
  schemaRequired,
  schemaType,
} from "./schema.ts";
import { serverError, undocumentedStatus } from "./status.ts";
import type { Check } from "./types.ts";
import { undocumentedField } from "./undocumented-field.ts";

export type RuleDefinition = Rule &
  (
    | { scope: "response"; check: Check }
    | { scope: "request"; check: RequestCheck }
    | { scope: "comparison" }
    | { scope: "observed"; check: ObservedCheck }
  );

export const RULES = [
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
  {
    id: "observed-field-vanished",
    severity: "breaking",
    title:
      "A field present in every response of this operation and status in the target's earlier runs is absent.",
    scope: "observed",
    check: observedFieldVanished,
  },
  {
    id: "observed-type-changed",
    severity: "breaking",
    title: "A field has a JSON type it never had in the target's earlier runs.",
    scope: "observed",
    check: observedTypeChanged,
  },
  {
    id: "observed-status-changed",
    severity: "breaking",
    title: "The step answered a status it never answered in the target's earlier runs.",
    scope: "observed",
    check: observedStatusChanged,
  },
  {
    id: "observed-error-code-changed",
    severity: "additive",
    title: "The step answered its usual status with a set of errors[].code never seen there before.",
    scope: "observed",
    check: observedErrorCodeChanged,
  },
  {
    id: "observed-enum-value-new",
    severity: "info",
    title: "An enum-like string field has a value never seen in the target's earlier runs.",
    scope: "observed",
    check: observedEnumValueNew,
  },
  {
    id: "latency-regression",
    severity: "additive",
    title: "The operation's p95 is over 1.5 × the median of its p95 in the last 7 runs, and 50 ms above it.",
    scope: "observed",
    check: latencyRegression,
  },
] as const satisfies readonly RuleDefinition[];

export type RuleId = (typeof RULES)[number]["id"];

export const RESPONSE_RULES = RULES.filter((rule) => rule.scope === "response");

export const OBSERVED_RULES = RULES.filter((rule) => rule.scope === "observed");
export const REQUEST_RULES = RULES.filter((rule) => rule.scope === "request");

export function ruleById(id: RuleId): RuleDefinition {
  const rule = RULES.find((candidate) => candidate.id === id);
  if (!rule) throw new Error(`unknown rule "${id}"`);
  return rule;
}
