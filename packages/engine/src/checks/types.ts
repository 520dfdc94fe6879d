import type { Exchange } from "../model.ts";
import type { SpecIndex } from "../spec-index.ts";

/** What a check may consult besides the exchange. `now` decides which deprecations are past their end of life. */
export interface CheckContext {
  index: SpecIndex;
  now: Date;
}

/**
 * One drift as a check sees it. The engine completes it into a ContractFinding
 * (rule and severity from the registry, target/scenario/step, message, curl),
 * so a check can never disagree with the table about its own severity.
 */
export interface Drift {
  /** Into the body (`/result/name`), or `/status`, or `/headers/<lower-case name>`; array indexes as `*`. */
  pointer: string;
  expected: unknown;
  observed: unknown;
}

/** The one signature every check has. */
export type Check = (exchange: Exchange, context: CheckContext) => Drift[];
