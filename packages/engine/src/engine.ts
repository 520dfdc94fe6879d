/**
 * The contract engine: what the runner calls. `createEngine` indexes the spec
 * and compiles every validator once; `check` runs every response rule of the
 * registry on one exchange, `checkRequest` every request rule (what a consumer
 * sent, for the proxy), `compare` compares the same step on two targets.
 */
import { dedupeFindings } from "@impersonation-registry/findings";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import { indexRequests, type RequestIndex } from "./checks/request.ts";
import type { CheckContext } from "./checks/types.ts";
import { compareExchanges } from "./compare.ts";
import { completeFinding } from "./finding.ts";
import type { ContractFinding, Exchange } from "./model.ts";
import { REQUEST_RULES, RESPONSE_RULES } from "./rules.ts";
import { indexSpec, type SpecIndex } from "./spec-index.ts";

export interface EngineOptions {
  /** The clock deprecations are judged by (`x-end-of-life`); defaults to the engine's creation time. */
  now?: Date;
}

export interface Engine {
  index: SpecIndex;
  check(exchange: Exchange): ContractFinding[];
  checkRequest(exchange: Exchange): ContractFinding[];
  compare(a: Exchange, b: Exchange): ContractFinding[];
}

export function createEngine(spec: SpecDocument, options: EngineOptions = {}): Engine {
  const context: CheckContext = { index: indexSpec(spec), now: options.now ?? new Date() };
  const check = (exchange: Exchange): ContractFinding[] =>
    dedupeFindings(
      RESPONSE_RULES.flatMap((rule) =>
        rule.check(exchange, context).map((drift) => completeFinding(rule, drift, exchange)),
      ),
    );
  // Compiled on first use: a contract run never judges requests.
  let requests: RequestIndex | undefined;
  const checkRequest = (exchange: Exchange): ContractFinding[] => {
    requests ??= indexRequests(spec);
    const requestContext = { ...context, requests };
    return dedupeFindings(
      REQUEST_RULES.flatMap((rule) =>
        rule.check(exchange, requestContext).map((drift) => completeFinding(rule, drift, exchange)),
      ),
    );
  };
  return {
    index: context.index,
    check,
    checkRequest,
    compare: (a, b) => dedupeFindings(compareExchanges(a, b, context.index, check)),
  };
}
