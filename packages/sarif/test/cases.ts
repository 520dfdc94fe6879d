/**
 * What the contract's findings point at, and where in the real spec each must
 * land. Rules, operations, statuses and pointers are those of the rule fixtures
 * (packages/engine/test/fixtures/<rule>.trigger.json, packages/history's observed
 * rules) and the pointers pinned in packages/engine/test/rules.test.ts and
 * request.test.ts; spec:diff's pointers are those apps/spec-diff/src/diff.ts writes.
 */
import type { Fallback, SpecPointer } from "../src/locate.ts";

const LIST = "/paths/~1accounts~1{account_id}~1email-security~1settings~1impersonation_registry";
const ENTRY = `${LIST}~1{impersonation_registry_id}`;
const SCHEMAS = "/components/schemas";
const ENTRY_FIELD = `${SCHEMAS}/ImpersonationRegistryEntry/properties`;

export interface LocateCase {
  rule: string;
  target: SpecPointer;
  yamlPath: string;
  fallback?: Fallback;
  missing?: string;
}

const response = (operation: string, status: number | undefined, pointer: string) =>
  status === undefined ? { operation, pointer } : { operation, status, pointer };
const request = (operation: string, pointer: string): SpecPointer => ({ operation, pointer, in: "request" });

export const CONTRACT_CASES: LocateCase[] = [
  {
    rule: "undocumented-status",
    target: response("getEntry", 302, "/status"),
    yamlPath: `${ENTRY}/get`,
    fallback: "operation",
  },
  {
    rule: "server-error",
    target: response("createEntry", 500, "/status"),
    yamlPath: `${LIST}/post/responses/5XX`,
  },
  {
    rule: "content-type",
    target: response("getEntry", 200, "/headers/content-type"),
    yamlPath: "/components/responses/Entry/content",
  },
  { rule: "invalid-json", target: response("getEntry", 200, ""), yamlPath: `${SCHEMAS}/EntryEnvelope` },
  {
    rule: "envelope-success",
    target: response("getEntry", 404, "/success"),
    yamlPath: `${SCHEMAS}/ErrorEnvelope/properties/success`,
  },
  {
    rule: "envelope-errors",
    target: response("getEntry", 404, "/errors"),
    yamlPath: `${SCHEMAS}/ErrorEnvelope/properties/errors`,
  },
  {
    rule: "envelope-result",
    target: response("getEntry", 404, "/result"),
    yamlPath: `${SCHEMAS}/ErrorEnvelope/properties/result`,
  },
  {
    rule: "schema-required",
    target: response("getEntry", 200, "/messages"),
    yamlPath: `${SCHEMAS}/ResponseMessages`,
  },
  {
    rule: "schema-type",
    target: response("listEntries", 200, "/result/*/name"),
    yamlPath: `${ENTRY_FIELD}/name`,
  },
  {
    rule: "schema-nullable",
    target: response("getEntry", 200, "/result/email"),
    yamlPath: `${ENTRY_FIELD}/email`,
  },
  {
    rule: "schema-enum",
    target: response("getEntry", 200, "/result/provenance"),
    yamlPath: `${SCHEMAS}/Provenance`,
  },
  {
    rule: "schema-format",
    target: response("getEntry", 200, "/result/created_at"),
    yamlPath: `${ENTRY_FIELD}/created_at`,
  },
  {
    rule: "schema-constraint",
    target: response("getEntry", 200, "/result/name"),
    yamlPath: `${ENTRY_FIELD}/name`,
  },
  {
    rule: "undocumented-field",
    target: response("listEntries", 200, "/result/*/full_name"),
    yamlPath: `${SCHEMAS}/ImpersonationRegistryEntry`,
    fallback: "schema",
    missing: "/full_name",
  },
  {
    rule: "deprecated-past-eol",
    target: response("getEntry", 200, "/result/last_modified"),
    yamlPath: `${ENTRY_FIELD}/last_modified`,
  },
  {
    rule: "deprecated-removed-early",
    target: response("getEntry", 200, "/result/last_modified"),
    yamlPath: `${ENTRY_FIELD}/last_modified`,
  },
  {
    rule: "missing-header",
    target: response("getEntry", 200, "/headers/cf-ray"),
    yamlPath: "/components/headers/CfRay",
  },
  {
    rule: "header-schema",
    target: response("listEntries", 429, "/headers/retry-after"),
    yamlPath: "/components/headers/RetryAfter",
  },
  {
    rule: "compare-status",
    target: response("createEntry", 422, "/status"),
    yamlPath: `${LIST}/post/responses/4XX`,
  },
  // A status key that is all digits (`"200":`) is a map key, not a list index.
  {
    rule: "compare-status",
    target: response("getEntry", 200, "/status"),
    yamlPath: `${ENTRY}/get/responses/200`,
  },
  {
    rule: "compare-key",
    target: response("getEntry", 200, "/result/full_name"),
    yamlPath: `${SCHEMAS}/ImpersonationRegistryEntry`,
    fallback: "schema",
    missing: "/full_name",
  },
  {
    rule: "compare-type",
    target: response("getEntry", 200, "/result/directory_id"),
    yamlPath: `${ENTRY_FIELD}/directory_id`,
  },
  {
    rule: "compare-nullability",
    target: response("getEntry", 200, "/result/comments"),
    yamlPath: `${ENTRY_FIELD}/comments`,
  },
  {
    rule: "compare-header",
    target: response("getEntry", 200, "/headers/cf-ray"),
    yamlPath: "/components/headers/CfRay",
  },
  {
    rule: "observed-field-vanished",
    target: response("listEntries", 200, "/result/*/modified_at"),
    yamlPath: `${ENTRY_FIELD}/modified_at`,
  },
  {
    rule: "observed-type-changed",
    target: response("getEntry", 200, "/result/is_email_regex"),
    yamlPath: `${ENTRY_FIELD}/is_email_regex`,
  },
  {
    rule: "observed-status-changed",
    target: response("getEntry", 500, "/status"),
    yamlPath: `${ENTRY}/get/responses/5XX`,
  },
  {
    rule: "observed-error-code-changed",
    target: response("createEntry", 400, "/errors/*/code"),
    yamlPath: `${SCHEMAS}/ResponseError/properties/code`,
  },
  {
    rule: "observed-enum-value-new",
    target: response("getEntry", 200, "/result/provenance"),
    yamlPath: `${SCHEMAS}/Provenance`,
  },
  // Observed rules may carry no status: the first documented response that has the field.
  {
    rule: "observed-type-changed",
    target: response("updateEntry", undefined, "/result/is_email_regex"),
    yamlPath: `${ENTRY_FIELD}/is_email_regex`,
  },
  {
    rule: "latency-regression",
    target: response("listEntries", undefined, "/duration"),
    yamlPath: `${LIST}/get`,
  },
  {
    rule: "request-invalid",
    target: request("listEntries", "/headers/authorization"),
    yamlPath: "/security",
  },
  {
    rule: "request-invalid",
    target: request("listEntries", "/query/per_page"),
    yamlPath: `${LIST}/get/parameters/3`,
  },
  {
    rule: "request-invalid",
    target: request("listEntries", "/query/order"),
    yamlPath: `${LIST}/get/parameters/1`,
  },
  {
    rule: "request-invalid",
    target: request("getEntry", "/path/impersonation_registry_id"),
    yamlPath: "/components/parameters/EntryId",
  },
  {
    rule: "request-invalid",
    target: request("deleteEntry", "/path/account_id"),
    yamlPath: "/components/parameters/AccountId",
  },
  {
    rule: "request-invalid",
    target: request("createEntry", "/body"),
    yamlPath: `${SCHEMAS}/CreateEntryBody`,
  },
  {
    rule: "request-invalid",
    target: request("createEntry", "/headers/content-type"),
    yamlPath: `${LIST}/post/requestBody/content`,
  },
  {
    rule: "request-invalid",
    target: request("createEntry", "/body/is_email_regex"),
    yamlPath: `${SCHEMAS}/CreateEntryBody/properties/is_email_regex`,
  },
  {
    rule: "request-invalid",
    target: request("updateEntry", "/body/name"),
    yamlPath: `${SCHEMAS}/UpdateEntryBody/properties/name`,
  },
  {
    rule: "request-invalid",
    target: request("updateEntry", "/body"),
    yamlPath: `${SCHEMAS}/UpdateEntryBody`,
  },
  // A request without a body, a header the operation does not document: nothing narrower than the operation.
  {
    rule: "request-invalid",
    target: request("getEntry", "/body"),
    yamlPath: `${ENTRY}/get`,
    fallback: "operation",
  },
  {
    rule: "request-invalid",
    target: request("getEntry", "/headers/x-unknown"),
    yamlPath: `${ENTRY}/get`,
    fallback: "operation",
  },
];

export const SPEC_DIFF_CASES: LocateCase[] = [
  {
    rule: "request-constraint-tightened",
    target: {
      operation: "listEntries",
      in: "operation",
      pointer: "/parameters/query/per_page/schema/maximum",
    },
    yamlPath: `${LIST}/get/parameters/3/schema/maximum`,
  },
  {
    rule: "parameter-removed",
    target: { operation: "getEntry", in: "operation", pointer: "/parameters/path/account_id" },
    yamlPath: "/components/parameters/AccountId",
  },
  {
    rule: "type-changed",
    target: {
      operation: "getEntry",
      in: "operation",
      pointer: "/responses/200/content/application~1json/schema/properties/result/properties/name/type",
    },
    yamlPath: `${ENTRY_FIELD}/name/type`,
  },
  {
    rule: "request-property-required",
    target: { operation: "createEntry", in: "operation", pointer: "/requestBody/required" },
    yamlPath: `${LIST}/post/requestBody/required`,
  },
  {
    rule: "response-removed",
    target: { operation: "getEntry", in: "operation", pointer: "/responses/201" },
    yamlPath: `${ENTRY}/get/responses`,
    fallback: "enclosing",
    missing: "/201",
  },
  {
    rule: "description-changed",
    target: { operation: "(document)", in: "document", pointer: "/info/title" },
    yamlPath: "/info/title",
  },
  {
    rule: "operation-removed",
    target: { operation: "archiveEntry", in: "operation", pointer: "" },
    yamlPath: "",
    fallback: "document",
  },
];
