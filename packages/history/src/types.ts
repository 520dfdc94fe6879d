/**
 * The data the history keeps and hands back: compact observations of
 * exchanges (no body, no header, no secret), and the identity a finding has
 * across runs. Plain JSON-serialisable data, like model.ts.
 */
import type {
  ContractFinding,
  FindingHistory,
  GenerationReport,
  JsonType,
} from "@impersonation-registry/engine";

export type { FindingHistory, FindingPlace, ResolvedFinding } from "@impersonation-registry/engine";

/** What one JSON pointer of a body looked like in one response. */
export interface PointerShape {
  /** The JSON types seen there, sorted. */
  types: JsonType[];
  /** Only some of the objects that could hold this key had it (some list items lack it). */
  partial?: true;
  /**
   * The distinct strings seen there, sorted, when there are fewer than 20, each is at most 64
   * characters and none looks like an identifier (see `identifierLike`). Absent otherwise.
   */
  values?: string[];
}

/** Every pointer of a body, array items as `*`: `/result/*\/email` → its shape. */
export type ObservedShape = Record<string, PointerShape>;

/** One exchange as the history keeps it: where, what status and error codes, how long, what shape. */
export interface Observation {
  target: string;
  operation: string;
  scenario: string;
  step: string;
  status: number;
  /** The `errors[].code`s of the body, sorted, without repeats. */
  errorCodes: (number | string)[];
  durationMs: number;
  shape: ObservedShape;
}

/** An observation of the run in progress: its curl line goes into findings, never into the store. */
export interface CurrentObservation extends Observation {
  curl: string;
}

export type AnnotatedFinding = ContractFinding & FindingHistory;

/** One cell of a target's generation coverage (operation × dimension × key × polarity), as the engine reports it. */
export type CoverageCell = GenerationReport["coverage"]["cells"][number];
