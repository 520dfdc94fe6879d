/**
 * The target as one generated sequence talks to it (fast-check's "real system"): every request
 * through the budgeted wire, labelled with its sequence and command, counted in the coverage; at
 * the end, a delete for each entry the sequence still owns.
 */
import type { Capabilities } from "@impersonation-registry/engine";
import { describeError } from "../errors.ts";
import type { Marker } from "../safety/marker.ts";
import { ITEM } from "../scenarios/operations.ts";
import type { RawApi, Reply } from "../scenarios/types.ts";
import type { CoverageCounter, Sent } from "./coverage.ts";
import type { Generators } from "./examples.ts";
import { Failure } from "./judge.ts";
import { BudgetSpent, type Wire } from "./wire.ts";

/** What a run's commands share. */
export interface Context {
  gen: Generators;
  marker: Marker;
  capabilities: Capabilities;
  accountId: string;
  /** The entry fields the server sets, which a create must answer. */
  serverSet: string[];
  coverage: CoverageCounter;
}

/** fast-check's real system: the target, as one sequence talks to it. */
export class Session {
  readonly wire: Wire;
  readonly context: Context;
  readonly name: string;
  /** The commands run, as a person reads them (with the entries they resolved to). */
  readonly ran: string[] = [];
  /** Where this sequence's exchanges start in the wire's. */
  readonly firstExchange: number;

  constructor(wire: Wire, context: Context, name: string) {
    this.wire = wire;
    this.context = context;
    this.name = name;
    this.firstExchange = wire.exchanges.length;
  }

  /** Sends one request; no answer at all (a reset, a timeout) is a failure of the target's, like a wrong one. */
  async send(
    what: string,
    sent: Sent,
    call: (api: RawApi) => Promise<unknown>,
    cleanup = false,
  ): Promise<Reply> {
    const step = `${this.name} › ${cleanup ? "cleanup" : this.ran.length}: ${what}`;
    let reply: Reply;
    try {
      reply = await this.wire.send({ step, operation: sent.operation, send: call, cleanup });
    } catch (error) {
      if (error instanceof BudgetSpent || (error as Error).name === "AbortError") throw error;
      throw new Failure(
        { rule: "answers", operation: sent.operation, pointer: "/status" },
        `no answer: ${describeError(error)}`,
      );
    }
    if (!cleanup) this.context.coverage.record(sent, reply.status);
    return reply;
  }

  /**
   * Deletes every entry the sequence still owns, whatever happened: the budget always keeps a
   * request for each. A delete that fails is left to the run's verified cleanup (the ledger has the entry).
   */
  async cleanup(): Promise<void> {
    for (const id of [...this.wire.owned]) {
      await this.send(
        "delete",
        { operation: "deleteEntry" },
        (api) => api.DELETE(ITEM, item(this.context, id)),
        true,
      ).catch(() => undefined);
    }
  }
}

/** The path parameters of one entry of the run's account. */
export function item(context: Context, id: string) {
  return { params: { path: { account_id: context.accountId, impersonation_registry_id: id } } };
}
