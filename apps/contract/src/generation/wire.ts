/**
 * Generated requests go to the target through the typed client's raw layer and the runner's
 * recorder (credentials redacted, the client's retry rules), exactly as the scenarios' do, and
 * are kept as Exchanges. Every attempt spends one request of the budget, and a request goes out
 * only if what is left still pays for deleting every entry generation owns: the budget is never
 * exceeded, and the cleanup can always run.
 */
import type { Exchange, OperationId } from "@impersonation-registry/engine";
import { type Attempt, createRecorder } from "../executor/capture.ts";
import { rawClients } from "../executor/clients.ts";
import { finalReply, toExchanges, track } from "../executor/execute.ts";
import type { RetryPolicy } from "../executor/retry-policy.ts";
import type { Ledger } from "../safety/ledger.ts";
import { isWrite } from "../scenarios/operations.ts";
import type { RawApi, Reply } from "../scenarios/types.ts";
import type { Target } from "../targets/index.ts";

/** The budget allows no more requests of this kind: the sequence that asked ends, and passes. */
export class BudgetSpent extends Error {
  override name = "BudgetSpent";
}

export class Budget {
  readonly limit: number;
  #used = 0;
  /** What exploring may spend; the rest is kept for shrinking a failure once one is found. */
  #ceiling: number;

  constructor(limit: number) {
    this.limit = limit;
    this.#ceiling = limit;
  }

  get used(): number {
    return this.#used;
  }

  /** Keeps `reserve` requests for shrinking: exploring stops short of them. */
  keep(reserve: number): void {
    this.#ceiling = this.limit - reserve;
  }

  /** A failure was found: shrinking may spend everything. */
  shrink(): void {
    this.#ceiling = this.limit;
  }

  /** Whether exploring can still send a request with nothing owned. */
  exploring(): boolean {
    return this.#used < this.#ceiling;
  }

  /** Spends one request if it fits, leaving `reserve` requests unspent; a cleanup may use all of the limit. */
  take(reserve: number, cleanup: boolean): boolean {
    if (this.#used + 1 + reserve > (cleanup ? this.limit : this.#ceiling)) return false;
    this.#used++;
    return true;
  }
}

export interface WireOptions {
  target: Target;
  budget: Budget;
  signal: AbortSignal;
  policy: RetryPolicy;
  timeoutMs: number;
  /** The run's ledger: creates and deletes are journaled, and the run's cleanup covers generated entries. */
  ledger: Ledger | undefined;
  /** The scenario name generated exchanges are reported under. */
  scenario: string;
}

export interface Outgoing {
  step: string;
  operation: OperationId;
  send(api: RawApi): Promise<unknown>;
  /** A delete of the cleanup: it may spend the budget kept for it. */
  cleanup?: boolean;
}

export class Wire {
  readonly #options: WireOptions;
  readonly #recorder: ReturnType<typeof createRecorder>;
  readonly #api: RawApi;
  /** Entries generation created and has not deleted: each is owed one delete. */
  readonly #owned = new Set<string>();
  readonly exchanges: Exchange[] = [];
  #current: { request: Outgoing; reserve: number } | undefined;

  constructor(options: WireOptions) {
    this.#options = options;
    this.#recorder = createRecorder({
      secrets: options.target.secrets,
      signal: options.signal,
      policy: options.policy,
      timeoutMs: options.timeoutMs,
      allowRetry: () => this.#admit(),
      onSend: (method, body) => {
        if (method === "POST" && this.#current)
          options.ledger?.createSent(
            options.target.info.name,
            options.scenario,
            this.#current.request.step,
            String((body as { name?: unknown } | undefined)?.name ?? ""),
          );
      },
    });
    const fetch = (request: Request) => {
      if (!this.#admit()) return Promise.reject(new BudgetSpent("the request budget is spent"));
      return this.#recorder.fetch(request);
    };
    this.#api = rawClients(options.target, fetch).api;
  }

  get owned(): ReadonlySet<string> {
    return this.#owned;
  }

  /** Sends one request (retried per the policy while the budget allows) and returns its final answer. */
  async send(request: Outgoing): Promise<Reply> {
    const { target, ledger, scenario } = this.#options;
    // The last guard of a target that may not be written (live without --allow-writes): never reached by design.
    if (isWrite(request.operation) && !target.info.capabilities.writable)
      throw new Error(`generation may not write to ${target.info.name}: ${request.step}`);
    // A create may leave one more entry to delete; a cleanup delete leaves one fewer.
    const owed = this.#owned.size + (request.operation === "createEntry" ? 1 : 0) - (request.cleanup ? 1 : 0);
    this.#current = { request, reserve: Math.max(0, owed) };
    const base = { target: target.info.name, scenario, step: request.step, operation: request.operation };
    let attempts: Attempt[] = [];
    try {
      await request.send(this.#api);
    } finally {
      attempts = this.#recorder.take();
      this.#current = undefined;
      this.exchanges.push(...toExchanges(base, attempts));
    }
    const reply = finalReply(attempts);
    if (ledger) track(ledger, base, reply);
    this.#own(request.operation, reply);
    return reply;
  }

  #own(operation: OperationId, reply: Reply): void {
    const result = (reply.body as { result?: { id?: unknown } } | undefined)?.result;
    const ok = reply.status >= 200 && reply.status < 300 && typeof result?.id === "string";
    if (!ok) return;
    if (operation === "createEntry") this.#owned.add(result.id as string);
    if (operation === "deleteEntry") this.#owned.delete(result.id as string);
  }

  #admit(): boolean {
    const current = this.#current;
    return (
      current !== undefined && this.#options.budget.take(current.reserve, current.request.cleanup === true)
    );
  }
}
