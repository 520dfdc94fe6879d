/**
 * fast-check model-based commands over the registry: create, re-create, PATCH, delete, get, list,
 * walk, probes of deleted and unknown ids, and the negative examples — each sent to the target
 * (only ever to entries this sequence created), judged against the model, then applied to it.
 * After a write on a stateful target the entry is read back and the sequence's entries are
 * listed through the run's marker, so the target is compared with the model after every command.
 */
import { PaginationError, paginate } from "@impersonation-registry/client";
import fc from "fast-check";
import type { Capabilities, OperationId } from "../model.ts";
import { describeError } from "../runner/errors.ts";
import { entriesOf, entryOf, resultInfoOf } from "../scenarios/expect.ts";
import type { Marker } from "../scenarios/marker.ts";
import { COLLECTION, ITEM } from "../scenarios/operations.ts";
import { MANUAL_PROVENANCE } from "../scenarios/spec-inputs.ts";
import type { RawApi, Reply } from "../scenarios/types.ts";
import type { CoverageCounter, Sent } from "./coverage.ts";
import type { Example, Generators } from "./examples.ts";
import {
  Failure,
  fail,
  judgeAnswer,
  judgeComplete,
  judgeCreated,
  judgeEntry,
  judgeModifiedAt,
  judgePage,
  judgeWalk,
} from "./judge.ts";
import {
  type Fields,
  type ListQuery,
  MODIFIED_AT,
  type ModelEntry,
  type Outcome,
  PROVENANCE,
  type RegistryModel,
} from "./registry-model.ts";
import { codePoints, patternCharacter } from "./strings.ts";
import { type Draft, resolve } from "./values.ts";
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

/** fast-check's model: the registry as this sequence should have made it. */
export interface World {
  registry: RegistryModel;
  /** The kinds of command this sequence may run (swarm testing, see `swarm`). */
  enabled: ReadonlySet<Kind>;
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

  /** Deletes every entry the sequence still owns, whatever happened: the budget always keeps a request for each. */
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

/** Where a piece of an entry's text starts and how long it is, in code points. */
interface Piece {
  pick: number;
  field: "name" | "email";
  start: number;
  length: number;
}

type Term =
  /** The search the list query generator made (or none). */
  | { from: "spec" }
  | { from: "marker" }
  | ({ from: "entry" } & Piece)
  /** A piece of an entry's text with the code point at `at` replaced by `character` (a pattern character). */
  | ({ from: "near-miss"; at: number; character: string } & Piece);

export type Action =
  /** `manual`: a directory provenance in the body is replaced by the manual one (see `keepsManual`). */
  | { kind: "create"; body: Draft; sameNameAs: number | undefined; manual: boolean }
  | { kind: "recreate"; pick: number }
  | { kind: "patch"; pick: number; body: Draft; manual: boolean }
  | { kind: "delete"; pick: number }
  | { kind: "get"; pick: number }
  | { kind: "get-unknown"; id: string }
  | { kind: "list"; query: Draft; term: Term }
  | { kind: "walk"; query: Draft; perPage: number }
  | { kind: "gone"; operation: "getEntry" | "updateEntry" | "deleteEntry"; pick: number; body: Draft }
  | { kind: "invalid"; example: Example; pick: number };

export class GeneratedCommand implements fc.AsyncCommand<World, Session> {
  readonly action: Action;
  constructor(action: Action) {
    this.action = action;
  }
  check(world: Readonly<World>): boolean {
    return world.enabled.has(this.action.kind) && applicable(this.action, world.registry);
  }
  async run(world: World, session: Session): Promise<void> {
    await perform(this.action, world.registry, session);
  }
  toString(): string {
    return this.action.kind;
  }
}

export type Kind = Action["kind"];

/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012): each sequence runs only a random
 * subset of the kinds of command (each kept three times in four), creates always among them. A sequence of a few kinds reaches
 * deeper into each — several PATCHes of one entry, a walk over entries of one name, a create after
 * a delete — than one that spreads itself over all; shrinking drops the kinds a failure does not need.
 */
export function swarm(kinds: readonly Kind[]): fc.Arbitrary<ReadonlySet<Kind>> {
  const features: Kind[] = [...new Set(kinds.map(featureOf))].filter((feature) => feature !== "create");
  const kept = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false));
  return fc
    .tuple(...features.map(() => kept))
    .map((on) => new Set(kinds.filter((kind) => kind === "create" || on[features.indexOf(featureOf(kind))])));
}

/** What depends on deletes goes with them: re-creating a deleted entry, probing one. */
function featureOf(kind: Kind): Kind {
  return kind === "recreate" || kind === "gone" ? "delete" : kind;
}

/**
 * The command arbitrary, and the kinds it makes: positive operations always; negative examples on
 * request; probes of state where the target keeps it.
 */
export function commandArbitrary(
  gen: Generators,
  options: { negative: boolean; stateful: boolean },
): { command: fc.Arbitrary<GeneratedCommand>; kinds: Kind[] } {
  // Unbiased: a biased nat is mostly 0, and every command would pick the first entry.
  const pick = fc.noBias(fc.nat({ max: 1_000 }));
  const body = gen.updateBody;
  const perPage = gen.inputs.listEntries.query.per_page;
  // Pages of one to three entries, one most often: a walk over a sequence's few entries crosses a
  // boundary between every two of them.
  const fewest = perPage?.minimum ?? 1;
  const smallPages = fc.oneof(fc.constant(fewest), fc.integer({ min: fewest, max: fewest + 2 }));
  const piece = {
    pick,
    field: fc.constantFrom("name" as const, "email" as const),
    start: fc.nat({ max: 64 }),
    length: fc.integer({ min: 1, max: 12 }),
  };
  const term: fc.Arbitrary<Term> = fc.oneof(
    fc.constant({ from: "spec" } as const),
    fc.constant({ from: "marker" } as const),
    { weight: 2, arbitrary: fc.record({ from: fc.constant("entry" as const), ...piece }) },
    {
      weight: 3,
      arbitrary: fc.record({
        from: fc.constant("near-miss" as const),
        ...piece,
        at: fc.nat(),
        character: patternCharacter,
      }),
    },
  );
  // A walk goes over all the sequence's entries, sorted each way the spec offers, so that page
  // boundaries fall between ties; filters are the single lists' business.
  const { order, direction } = gen.inputs.listEntries.query;
  const sorting = fc.record(
    {
      order: fc.constantFrom(...((order?.enum as string[] | undefined) ?? [])),
      direction: fc.constantFrom(...((direction?.enum as string[] | undefined) ?? [])),
    },
    { requiredKeys: order?.enum ? ["order"] : [] },
  );
  const weighted = (weight: number, arbitrary: fc.Arbitrary<Action>) => ({ weight, arbitrary });
  // Three writes in four keep their entry manual: a directory-synced entry refuses every PATCH after
  // it, so a sequence of them would test one refusal over and over.
  const keepsManual = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false));
  const actions = [
    weighted(
      8,
      fc
        .record({
          body: gen.createBody,
          // Half the creates take the name of an entry already there: people share names, and ties test order and paging.
          sameNameAs: fc.oneof(fc.constant(undefined), pick),
          manual: keepsManual,
        })
        .map(({ body, sameNameAs, manual }) => ({ kind: "create", body, sameNameAs, manual })),
    ),
    weighted(
      4,
      fc
        .record({ pick, body, manual: keepsManual })
        .map(({ pick, body, manual }) => ({ kind: "patch", pick, body, manual })),
    ),
    weighted(
      2,
      pick.map((pick) => ({ kind: "delete", pick })),
    ),
    weighted(
      1,
      pick.map((pick) => ({ kind: "get", pick })),
    ),
    weighted(
      6,
      fc.record({ query: gen.listQuery, term }).map(({ query, term }) => ({ kind: "list", query, term })),
    ),
  ];
  if (options.stateful) {
    actions.push(
      weighted(
        4,
        fc
          .record({ query: sorting, perPage: smallPages })
          .map(({ query, perPage }) => ({ kind: "walk", query, perPage })),
      ),
      weighted(
        2,
        pick.map((pick) => ({ kind: "recreate", pick })),
      ),
      weighted(
        1,
        gen.entryId.map((id) => ({ kind: "get-unknown", id })),
      ),
      weighted(
        1,
        fc
          .record({
            operation: fc.constantFrom("getEntry" as const, "updateEntry" as const, "deleteEntry" as const),
            pick,
            body,
          })
          .map(({ operation, pick, body }) => ({ kind: "gone", operation, pick, body })),
      ),
    );
  }
  if (options.negative) {
    const weights: Partial<Record<OperationId, number>> = { createEntry: 2, updateEntry: 2 };
    for (const [operation, example] of Object.entries(gen.invalid)) {
      if (example === undefined) continue;
      actions.push(
        weighted(
          weights[operation as OperationId] ?? 1,
          fc.record({ example, pick }).map(({ example, pick }) => ({ kind: "invalid", example, pick })),
        ),
      );
    }
  }
  const kinds: Kind[] = ["create", "patch", "delete", "get", "list"];
  if (options.stateful) kinds.push("walk", "recreate", "get-unknown", "gone");
  if (options.negative) kinds.push("invalid");
  const command = fc
    .oneof(...(actions as { weight: number; arbitrary: fc.Arbitrary<Action> }[]))
    .map((action) => new GeneratedCommand(action));
  return { command, kinds };
}

function applicable(action: Action, registry: RegistryModel): boolean {
  switch (action.kind) {
    case "patch":
    case "delete":
    case "get":
      return registry.live().length > 0;
    case "recreate":
    case "gone":
      return registry.gone().length > 0;
    case "get-unknown":
      return registry.known(action.id) === undefined;
    case "invalid":
      return invalidTarget(action.example, action.pick, registry) !== null;
    default:
      return true;
  }
}

function perform(action: Action, registry: RegistryModel, session: Session): Promise<void> {
  switch (action.kind) {
    case "create": {
      const live = registry.live();
      const body = manualIf(action.manual, resolve(action.body, {}));
      if (action.sameNameAs !== undefined && live.length > 0) {
        const twin = pickFrom(live, action.sameNameAs);
        body[session.context.gen.marked.property] = twin.fields[session.context.gen.marked.property];
      }
      return create(registry, session, body, `create ${brief(body)}`);
    }
    case "recreate": {
      const entry = pickFrom(registry.gone(), action.pick);
      return create(
        registry,
        session,
        { ...entry.written },
        `re-create deleted ${registry.label(entry.id)} ${brief(entry.written)}`,
      );
    }
    case "patch":
      return patch(
        registry,
        session,
        pickFrom(registry.live(), action.pick),
        manualIf(action.manual, action.body),
      );
    case "delete":
      return remove(registry, session, pickFrom(registry.live(), action.pick));
    case "get":
      return get(registry, session, pickFrom(registry.live(), action.pick).id, "get");
    case "get-unknown":
      return get(registry, session, action.id, `get an id nobody created ${action.id}`);
    case "list":
      return list(registry, session, action.query, action.term);
    case "walk":
      return walk(registry, session, action.query, action.perPage);
    case "gone":
      return gone(registry, session, action);
    case "invalid":
      return invalid(registry, session, action.example, action.pick);
  }
}

async function create(registry: RegistryModel, session: Session, body: Fields, what: string): Promise<void> {
  const { capabilities, accountId } = session.context;
  const outcome = registry.create(body);
  session.ran.push(what);
  const reply = await session.send(
    what,
    { operation: "createEntry", path: { account_id: accountId }, body },
    (api) => api.POST(COLLECTION, { params: { path: { account_id: accountId } }, body: body as never }),
  );
  if (judgeAnswer("createEntry", outcome, reply, capabilities, undefined) === "refused")
    return afterWrite(registry, session);
  const answer = entryOf(reply) ?? {};
  if (capabilities.stateful) {
    judgeEntry("returns what was written", "createEntry", registry, body, reply);
    judgeCreated(registry, session.context.serverSet, answer);
  }
  const entry = registry.created(answer, body);
  return afterWrite(registry, session, entry.id);
}

async function patch(
  registry: RegistryModel,
  session: Session,
  entry: ModelEntry,
  draft: Draft,
): Promise<void> {
  const { capabilities } = session.context;
  const body = resolve(draft, entry.fields);
  const before = { ...entry.fields };
  const outcome = registry.patch(entry.id, body);
  const what = `patch ${registry.label(entry.id)} ${brief(body)}`;
  session.ran.push(what);
  const reply = await session.send(
    what,
    { operation: "updateEntry", path: pathOf(session, entry.id), body },
    (api) => api.PATCH(ITEM, { ...item(session.context, entry.id), body: body as never }),
  );
  const verdict = judgeAnswer("updateEntry", outcome, reply, capabilities, undefined);
  if (verdict === "accepted" && outcome.kind !== "refused") {
    if (capabilities.stateful) {
      const answer = judgeEntry("returns what was written", "updateEntry", registry, outcome.fields, reply, [
        MODIFIED_AT,
      ]);
      judgeModifiedAt(before, answer);
    }
    registry.patched(entry.id, body, entryOf(reply) ?? {});
  }
  return afterWrite(registry, session, entry.id);
}

async function remove(registry: RegistryModel, session: Session, entry: ModelEntry): Promise<void> {
  const { capabilities } = session.context;
  const outcome = registry.delete(entry.id);
  const what = `delete ${registry.label(entry.id)}`;
  session.ran.push(what);
  const reply = await session.send(
    what,
    { operation: "deleteEntry", path: pathOf(session, entry.id) },
    (api) => api.DELETE(ITEM, item(session.context, entry.id)),
  );
  if (judgeAnswer("deleteEntry", outcome, reply, capabilities, undefined) === "accepted") {
    if (capabilities.stateful)
      judgeEntry("returns the id deleted", "deleteEntry", registry, { id: entry.id }, reply);
    registry.deleted(entry.id);
  }
  return afterWrite(registry, session, entry.id);
}

async function get(registry: RegistryModel, session: Session, id: string, what: string): Promise<void> {
  session.ran.push(registry.known(id) ? `${what} ${registry.label(id)}` : what);
  await readBack(registry, session, id, what);
}

/** A GET judged by the model: the entry as it knows it, or refused when it is not (any longer) there. */
async function readBack(registry: RegistryModel, session: Session, id: string, what: string): Promise<void> {
  const outcome = registry.get(id);
  const reply = await session.send(what, { operation: "getEntry", path: pathOf(session, id) }, (api) =>
    api.GET(ITEM, item(session.context, id)),
  );
  if (
    judgeAnswer("getEntry", outcome, reply, session.context.capabilities, undefined) === "accepted" &&
    outcome.kind === "accepted"
  )
    if (session.context.capabilities.stateful)
      judgeEntry("reads back as written", "getEntry", registry, outcome.fields, reply);
}

/** After a write on a stateful target, the entry it touched read back: as the model has it, or its 404. */
async function afterWrite(registry: RegistryModel, session: Session, id?: string): Promise<void> {
  if (session.context.capabilities.stateful && id !== undefined)
    await readBack(registry, session, id, `read back ${registry.label(id)}`);
}

/**
 * At the end of a sequence on a stateful target, its entries listed through the marker: every live
 * one as the model has it, no deleted one — what every write may have changed besides its own entry.
 */
export async function verifyState(registry: RegistryModel, session: Session): Promise<void> {
  if (!session.context.capabilities.stateful || registry.issuedCount() === 0) return;
  const query: ListQuery = { search: session.context.marker.text };
  const perPage = session.context.gen.inputs.listEntries.query.per_page?.maximum;
  session.ran.push("list the sequence's entries");
  const reply = await session.send(
    "list the sequence's entries",
    {
      operation: "listEntries",
      path: { account_id: session.context.accountId },
      query: { ...query, per_page: perPage },
    },
    (api) =>
      api.GET(COLLECTION, {
        params: {
          path: { account_id: session.context.accountId },
          query: { ...query, per_page: perPage } as never,
        },
      }),
  );
  const own = judgePage(registry, reply, { query, page: 1, perPage, seenBefore: 0 });
  if (perPage !== undefined && entriesOf(reply).length < perPage)
    judgeComplete(registry, own, query, "lists");
}

/** The first page of a filtered, sorted list (the pages after it are the walk's). */
async function list(registry: RegistryModel, session: Session, draft: Draft, term: Term): Promise<void> {
  const { capabilities, accountId } = session.context;
  const { page: _page, ...generated } = resolve(draft, {});
  const search = searchFor(term, registry, session, generated.search);
  const query: Record<string, unknown> = { ...generated };
  if (search === undefined) delete query.search;
  else query.search = search;
  const what = `list ${brief(query)}`;
  session.ran.push(what);
  const reply = await session.send(
    what,
    { operation: "listEntries", path: { account_id: accountId }, query },
    (api) => api.GET(COLLECTION, { params: { path: { account_id: accountId }, query: query as never } }),
  );
  if (!capabilities.stateful) {
    judgeAnswer("listEntries", { kind: "accepted", fields: {} }, reply, capabilities, undefined);
    return;
  }
  const page = 1;
  const perPage = typeof query.per_page === "number" ? query.per_page : defaultPerPage(session);
  const asked = listQuery(query);
  const own = judgePage(registry, reply, {
    query: asked,
    page,
    perPage: query.per_page === undefined ? undefined : perPage,
    seenBefore: 0,
  });
  // A first page shorter than a page holds everything the query matches.
  if (perPage !== undefined && entriesOf(reply).length < perPage)
    judgeComplete(registry, own, asked, "lists");
}

async function walk(registry: RegistryModel, session: Session, draft: Draft, perPage: number): Promise<void> {
  const generated = resolve(draft, {});
  const query: ListQuery = { ...listQuery(generated), search: session.context.marker.text };
  const what = `walk ${brief({ ...query, per_page: perPage })}`;
  if (process.env.DEBUG_GEN) {
    const names = registry.live().map((e) => e.fields.name);
    console.error(
      "walk",
      query.order,
      perPage,
      "live",
      names.length,
      "dups",
      names.length - new Set(names).size,
    );
  }
  session.ran.push(what);
  const seen: ModelEntry[] = [];
  let listed = 0;
  const pages = paginate(
    async (page) => {
      const sent = { ...query, page, per_page: perPage };
      const path = { account_id: session.context.accountId };
      const reply = await session.send(
        `${what} page ${page}`,
        { operation: "listEntries", path, query: sent },
        (api) => api.GET(COLLECTION, { params: { path, query: sent as never } }),
      );
      seen.push(...judgePage(registry, reply, { query, page, perPage, seenBefore: listed }));
      listed += entriesOf(reply).length;
      return { items: entriesOf(reply), resultInfo: resultInfoOf(reply) };
    },
    { perPage, idOf: (item) => item.id, describe: "the sequence's entries" },
  );
  try {
    for await (const _ of pages);
  } catch (error) {
    if (error instanceof PaginationError) fail("a walk ends", "listEntries", "/result", error.message);
    throw error;
  }
  judgeWalk(registry, seen, query);
}

async function gone(
  registry: RegistryModel,
  session: Session,
  action: Extract<Action, { kind: "gone" }>,
): Promise<void> {
  const entry = pickFrom(registry.gone(), action.pick);
  const label = registry.label(entry.id);
  if (action.operation === "getEntry") return get(registry, session, entry.id, "get deleted");
  const { capabilities } = session.context;
  if (action.operation === "deleteEntry") {
    const what = `delete deleted ${label}`;
    session.ran.push(what);
    const reply = await session.send(
      what,
      { operation: "deleteEntry", path: pathOf(session, entry.id) },
      (api) => api.DELETE(ITEM, item(session.context, entry.id)),
    );
    judgeAnswer("deleteEntry", registry.delete(entry.id), reply, capabilities, undefined);
    return afterWrite(registry, session, entry.id);
  }
  const body = resolve(action.body, entry.fields);
  const what = `patch deleted ${label} ${brief(body)}`;
  session.ran.push(what);
  const reply = await session.send(
    what,
    { operation: "updateEntry", path: pathOf(session, entry.id), body },
    (api) => api.PATCH(ITEM, { ...item(session.context, entry.id), body: body as never }),
  );
  judgeAnswer("updateEntry", registry.patch(entry.id, body), reply, capabilities, undefined);
  return afterWrite(registry, session, entry.id);
}

/**
 * The entry a negative example is sent to, if it needs one: a PATCH body to a manual entry (so the
 * refusal has one cause), a broken account id to any live entry. Null when none fits; undefined
 * when the example needs none (a create, a list, a malformed id).
 */
function invalidTarget(
  example: Example,
  pick: number,
  registry: RegistryModel,
): ModelEntry | undefined | null {
  const { operation, violation } = example;
  if (operation === "createEntry" || operation === "listEntries") return undefined;
  if (violation?.location === "path" && violation.name !== "account_id") return undefined;
  const candidates = registry
    .live()
    .filter((entry) => violation?.location === "path" || registry.patch(entry.id, {}).kind === "accepted");
  return candidates.length === 0 ? null : pickFrom(candidates, pick);
}

async function invalid(
  registry: RegistryModel,
  session: Session,
  example: Example,
  pick: number,
): Promise<void> {
  const { capabilities, accountId } = session.context;
  const { operation, violation } = example;
  const entry = invalidTarget(example, pick, registry) ?? undefined;
  const outcome: Outcome = { kind: "refused", causes: [violation?.cause ?? "invalid input"] };
  const path: Record<string, string> = {
    account_id: accountId,
    ...(operation === "createEntry" || operation === "listEntries"
      ? {}
      : { impersonation_registry_id: entry?.id ?? "" }),
    ...example.path,
  };
  const body = example.body === undefined ? undefined : resolve(example.body, entry?.fields ?? {});
  const query = example.query === undefined ? undefined : resolve(example.query, {});
  const what = `${operationVerb(operation)} (negative: ${violation?.label}) ${brief({ ...example.path, ...(body && { body }), ...(query && { query }) })}`;
  session.ran.push(what);
  const params = { params: { path, ...(query && { query }) } } as never;
  const withBody = { ...(params as object), body } as never;
  const reply = await session.send(what, { operation, path, query, body, violation }, (api) => {
    switch (operation) {
      case "createEntry":
        return api.POST(COLLECTION, withBody);
      case "updateEntry":
        return api.PATCH(ITEM, withBody);
      case "deleteEntry":
        return api.DELETE(ITEM, params);
      case "listEntries":
        return api.GET(COLLECTION, params);
      case "getEntry":
        return api.GET(ITEM, params);
    }
  });
  judgeAnswer(operation, outcome, reply, capabilities, violation);
  if (operation !== "getEntry" && operation !== "listEntries") await afterWrite(registry, session, entry?.id);
}

function searchFor(
  term: Term,
  registry: RegistryModel,
  session: Session,
  generated: unknown,
): string | undefined {
  switch (term.from) {
    case "spec":
      return typeof generated === "string" ? generated : undefined;
    case "marker":
      return session.context.marker.text;
    case "entry":
    case "near-miss": {
      const live = registry.live();
      if (live.length === 0) return session.context.marker.text;
      const text = Array.from(String(pickFrom(live, term.pick).fields[term.field] ?? ""));
      const start = text.length === 0 ? 0 : term.start % text.length;
      const piece = text.slice(start, start + term.length);
      if (term.from === "near-miss" && piece.length > 0) piece[term.at % piece.length] = term.character;
      return piece.join("");
    }
  }
}

function listQuery(query: Record<string, unknown>): ListQuery {
  const out: ListQuery = {};
  for (const name of ["search", "provenance", "order", "direction"] as const) {
    const value = query[name];
    if (typeof value === "string") out[name] = value;
  }
  return out;
}

function defaultPerPage(session: Session): number | undefined {
  const value = session.context.gen.inputs.listEntries.query.per_page?.default;
  return typeof value === "number" ? value : undefined;
}

/** The body with a directory provenance replaced by the manual one, when `manual`. */
function manualIf(manual: boolean, body: Draft): Draft {
  const provenance = body[PROVENANCE];
  return manual && provenance !== undefined && provenance !== MANUAL_PROVENANCE
    ? { ...body, [PROVENANCE]: MANUAL_PROVENANCE }
    : body;
}

function pickFrom<T>(items: readonly T[], pick: number): T {
  return items[pick % items.length] as T;
}

function item(context: Context, id: string) {
  return { params: { path: { account_id: context.accountId, impersonation_registry_id: id } } };
}

function pathOf(session: Session, id: string) {
  return { account_id: session.context.accountId, impersonation_registry_id: id };
}

function operationVerb(operation: OperationId): string {
  return {
    createEntry: "create",
    updateEntry: "patch",
    deleteEntry: "delete",
    getEntry: "get",
    listEntries: "list",
  }[operation];
}

/** A body or query as one readable line: long strings shown by their start and length. */
function brief(value: Record<string, unknown>): string {
  const shortened = Object.fromEntries(
    Object.entries(value).map(([name, field]) =>
      typeof field === "string" && codePoints(field) > 48
        ? [name, `${Array.from(field).slice(0, 40).join("")}…(${codePoints(field)} chars)`]
        : [name, field],
    ),
  );
  const text = JSON.stringify(shortened);
  return text.length <= 300 ? text : `${text.slice(0, 297)}…`;
}
