/**
 * The contract engine's public API. Pure: data in, data out — no file,
 * database, network or process access (a test holds it to that), so the
 * executor, the proxy, the history and the renderers all judge the same way.
 */
export {
  applyBaseline,
  type Baseline,
  type BaselineEntry,
  BaselineError,
  type BaselineErrorCode,
  type BaselineOutcome,
  type ExpiredEntry,
  parseBaseline,
} from "./baseline.ts";
export { type RequestCheck, templatePattern } from "./checks/request.ts";
export type { Check, CheckContext, Drift } from "./checks/types.ts";
export { statusName, unseenStatuses } from "./coverage.ts";
export { toCurl, UNKNOWN_TOKEN } from "./curl.ts";
export { allowsType, schemaAt } from "./documented.ts";
export { createEngine, type Engine, type EngineOptions } from "./engine.ts";
export { cutText, keptBody, numberExchanges } from "./exchanges.ts";
export { findingAt } from "./finding.ts";
export {
  addOccurrences,
  type FindingIdentity,
  findingKey,
  findingTargets,
  fingerprint,
  PAIR,
  stepKey,
  targetIdentity,
} from "./identity.ts";
export * from "./json.ts";
export type * from "./model.ts";
export { SIGNAL_EXIT } from "./model.ts";
export { REPORT_SCHEMA_PATH } from "./report-schema.ts";
export { type RuleDefinition, SPEC_RULES, type SpecRuleId } from "./rules.ts";
export { type DocumentedResponse, indexSpec, isJsonMediaType, type SpecIndex } from "./spec-index.ts";
export { validateExchanges } from "./validate.ts";
export { exitCodeFor, isFailing, type ReportOutcome } from "./verdict.ts";
