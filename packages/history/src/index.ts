/**
 * The contract run's memory: the one entry point of the history. A SQLite
 * store of runs, their findings (with fingerprints) and compact observations
 * of every exchange; the observed-contract rules that judge a target against
 * its own earlier runs; the annotation of findings (new, first seen, runs seen
 * in, resolved). It judges with the engine and hands its observed rules to
 * whoever composes the rules table; the `history` command's rendering is the app's.
 */
export {
  type Annotated,
  annotateFindings,
  findingFingerprint,
  type HistoryView,
  type RunPlace,
  seriesOf,
} from "./annotate.ts";
export { judgeObserved } from "./judge.ts";
export { observe } from "./observe.ts";
export {
  type EarlierRun,
  latencyRegression,
  MIN_EARLIER_RUNS,
  MIN_TRAFFIC_RESPONSES,
  median,
  OBSERVED_RULES,
  type ObservationSource,
  type ObservedCheck,
  type ObservedContext,
  type ObservedDrift,
  type ObservedRule,
  observedEnumValueNew,
  observedErrorCodeChanged,
  observedFieldVanished,
  observedStatusChanged,
  observedTypeChanged,
  STEP_RULES,
  WHOLE_RUN,
} from "./rules.ts";
export {
  EARLIER_RUNS,
  type FinalReport,
  type HistoryConfig,
  type HistoryNotice,
  openRunHistory,
  type RecordedGeneration,
  type RunHistory,
  type RunHistoryInput,
  rememberedSeeds,
  TREND_RUNS,
} from "./session.ts";
export { identifierLike, shapeOf } from "./shape.ts";
export {
  type FingerprintStats,
  HistoryError,
  type HistoryErrorCode,
  HistoryStore,
  type RecordedRun,
  type StoredFinding,
  type StoredRun,
  type StoredSeries,
} from "./store.ts";
export type {
  AnnotatedFinding,
  CoverageCell,
  CurrentObservation,
  FindingHistory,
  FindingPlace,
  Observation,
  ObservedShape,
  PointerShape,
  ResolvedFinding,
} from "./types.ts";
