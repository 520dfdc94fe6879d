/**
 * A scenario is data: a name and a list of steps, written once and run on
 * every target. Each step sends one request through the client's raw layer and
 * lists its expectations; the runner decides, from the target's capabilities
 * alone, which expectations apply (stateful ones need a stateful target) and
 * whether a write may be sent at all. Every step is always reported, with a
 * reason when it was not sent or not judged.
 */
import type { ImpersonationRegistryClient } from "@impersonation-registry/client";
import type { OperationId } from "@impersonation-registry/engine";
import type { Marker } from "../safety/marker.ts";

export type RawApi = ImpersonationRegistryClient["raw"];

/** The final response of a step, as the runner recorded it (credentials redacted). */
export interface Reply {
  status: number;
  headers: Record<string, string>;
  /** Parsed JSON, undefined when the body was not JSON. */
  body: unknown;
}

export interface StepEnv {
  /** Authenticated with the target's credentials. */
  api: RawApi;
  /** Sends no credentials at all. */
  anonymous: RawApi;
  /** Sends a token of Cloudflare's shape (40 characters) that nobody issued. */
  badToken: RawApi;
  accountId: string;
  marker: Marker;
}

export interface Expectation<S> {
  name: string;
  /**
   * Needs a target that keeps state between requests (read-your-writes, 404
   * after delete, a credential store). On a stateless target it is reported as
   * "not applicable (stateless target)"; the request is still sent and validated.
   */
  stateful?: boolean;
  /**
   * Judges the exact status of a refusal (400, not just any 4XX). On a target that picks its own
   * status within the documented range (Prism) it is reported as not applicable, with that reason.
   */
  exactStatus?: boolean;
  /** Why this expectation cannot be judged on this reply (e.g. nothing known to look for); undefined when it can. */
  inapplicable?(reply: Reply, state: S): string | undefined;
  /** Undefined when met; otherwise what was observed, in one line. */
  check(reply: Reply, state: S): string | undefined;
}

export interface StepDef<S> {
  name: string;
  operation: OperationId;
  /** Sends a body that is not JSON: only to targets that answer one (see Capabilities). */
  malformedBody?: boolean;
  /** Why the step cannot be sent, given what earlier steps left in `state`; undefined when it can. */
  blockedBy?(state: S): string | undefined;
  /** Sends exactly one request (the runner may repeat it per its retry policy). */
  send(env: StepEnv, state: S): Promise<unknown>;
  expect: Expectation<S>[];
  /** Keeps what later steps need (an id, a count) from the reply. */
  remember?(reply: Reply, state: S): void;
}

export interface Scenario<S = unknown> {
  name: string;
  summary: string;
  /** Fresh state for each run of the scenario on a target. */
  init(): S;
  steps: StepDef<S>[];
}
