/**
 * The drift matrix's table: profile → what must name it in a default run. Shared by the matrix test,
 * which proves it, and the README test, which keeps the README's table in agreement.
 */
import type { DriftProfileId } from "@impersonation-registry/sandbox";

export type Caught =
  /**
   * A finding of this rule (at this pointer, on the sandbox) fails the run; for generation's
   * findings, `step` is the failure class's expectation (its fingerprint names it).
   */
  | { rule: string; pointer: string; step?: string }
  /** This step fails (`scenario › step`), with a reason matching `because`. */
  | { step: string; because: RegExp }
  /** The run passes at the default severity, for this reason; this rule still reports the drift. */
  | { passesBecause: string; rule?: string };

/** Profile → what must name it. The README's "Drift matrix" table says the same, in prose. */
export const MATRIX: Partial<Record<DriftProfileId, Caught[]>> = {
  "rename-field": [
    { step: "lifecycle › create", because: /sets id, created_at, modified_at: modified_at missing/ },
  ],
  "extra-field": [
    {
      passesBecause:
        "an added field breaks no consumer: undocumented-field is additive, and fails a run with --fail-on additive",
      rule: "undocumented-field",
    },
  ],
  "type-change": [{ rule: "schema-type", pointer: "/result/*/is_email_regex" }],
  "drop-required": [{ rule: "schema-required", pointer: "/messages" }],
  "unknown-enum": [{ rule: "schema-enum", pointer: "/result/*/provenance" }],
  "undocumented-status": [{ rule: "undocumented-status", pointer: "/status" }],
  "wrong-content-type": [{ rule: "content-type", pointer: "/headers/content-type" }],
  "null-not-nullable": [{ rule: "schema-nullable", pointer: "/result/*/name" }],
  "search-ignored": [
    { step: "list-behaviour › search one name", because: /of the other entries are listed too/ },
  ],
  "filter-ignored": [
    {
      step: "list-behaviour › provenance SNOOPY-OFFICE_365",
      because: /every entry has provenance SNOOPY-OFFICE_365/,
    },
  ],
  "filter-empty": [
    {
      step: "list-behaviour › provenance A1S_INTERNAL",
      because: /lists the five entries created: 0 of them/,
    },
  ],
  "order-ignored": [{ step: "list-behaviour › order name asc, page 1", because: /not sorted/ }],
  "per-page-clamped": [{ step: "list-parameters › per_page 1000", because: /per_page 50/ }],
  "page-ignored": [{ step: "list-behaviour › walk page 2", because: /entries of earlier pages again/ }],
  "delete-noop": [
    { step: "lifecycle › get after delete", because: /status 200/ },
    { step: "cleanup › cleanup-verified", because: /are still there/ },
  ],
  "patch-noop": [
    { step: "lifecycle › get after patch", because: /returns the patched entry: differs in .*name/ },
  ],
  "patch-resets": [{ step: "lifecycle › patch name", because: /differs in comments/ }],
  "list-leaks-deleted": [{ step: "lifecycle › gone from list", because: /still in the search results/ }],
  "error-status-swap": [
    {
      step: "invalid-input › create: missing required email",
      because: /answers 400 \(invalid input\): status 422/,
    },
  ],
  "error-code-change": [
    {
      passesBecause:
        "the spec documents no error code for validation errors (its examples show only auth, routing and rate-limit codes) and Cloudflare publishes none, so a new code breaks no documented promise; the history rule observed-error-code-changed (additive) reports it once a target has 3 earlier runs",
    },
  ],
  "missing-field": [{ step: "lifecycle › create", because: /returns what was sent: differs in email/ }],
  "result-info-wrong": [
    { step: "list-behaviour › walk page 1", because: /count 3 for 2 entries.*total_count undefined/ },
  ],
  "cf-ray-missing": [{ rule: "missing-header", pointer: "/headers/cf-ray" }],
  // Bug classes generated inputs and sequences find (src/generation/, test/generation/); the first
  // five only they find: no fixed scenario sends what shows them, so a default run of the scenarios passes.
  // Only generated inputs and sequences find these: no fixed scenario sends what shows them.
  "name-truncated": [
    { rule: "generated-model-mismatch", pointer: "/result/name", step: "returns what was written" },
  ],
  "emoji-mangled": [
    { rule: "generated-model-mismatch", pointer: "/result/name", step: "returns what was written" },
  ],
  "search-wildcards": [
    { rule: "generated-model-mismatch", pointer: "/result", step: "lists no entry the query excludes" },
  ],
  "paging-skips-ties": [
    {
      rule: "generated-model-mismatch",
      pointer: "/result",
      step: "a walk sees every entry the query must find",
    },
  ],
  "id-resurrected": [{ rule: "generated-model-mismatch", pointer: "/result/id", step: "issues a new id" }],
  "patch-stale": [
    {
      step: "lifecycle › patch provenance to SNOOPY-CASB_OFFICE_365",
      because: /changes the provenance and no other field: differs in name/,
    },
  ],
};
