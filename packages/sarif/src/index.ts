/**
 * Findings where people look: the spec node a finding contradicts (its line and
 * column), SARIF 2.1.0 logs for code scanning and workflow commands for pull
 * request annotations. Internal package: consumed as TypeScript source. The
 * schema validator is the `./validate` subpath.
 */
export { ANNOTATION_LIMIT, escapeData, escapeProperty, workflowCommands } from "./annotations.ts";
export { type FindingGroup, type GroupableFinding, groupFindings, type RuleFamily } from "./group.ts";
export {
  type Fallback,
  type PointerIn,
  type SpecLocation,
  type SpecLocator,
  type SpecPointer,
  specLocator,
} from "./locate.ts";
export type * from "./log.ts";
export {
  buildSarif,
  FINGERPRINT_KEY,
  type GroupOptions,
  LEVELS,
  SARIF_SCHEMA_URI,
  type SarifFinding,
  type SarifOptions,
  type SarifRule,
} from "./sarif.ts";
export type { Region } from "./source.ts";
