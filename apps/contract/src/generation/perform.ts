/**
 * What each action does to the target and expects of it: sent (only ever to entries the sequence
 * created), judged against the model's prediction, then applied to the model. After a write on a
 * stateful target the entry it touched is read back; at the end of a sequence its entries are
 * listed through the run's marker (`verifyState`).
 */
import { PaginationError, paginate } from "@impersonation-registry/client";
import type { OperationId } from "@impersonation-registry/engine";
import { entriesOf, entryOf, resultInfoOf } from "../scenarios/expect.ts";
import { COLLECTION, ITEM } from "../scenarios/operations.ts";
import { MANUAL_PROVENANCE } from "../scenarios/spec-inputs.ts";
import type { Action, Term } from "./actions.ts";
import type { Example } from "./examples.ts";
import {
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
import { item, type Session } from "./sequence-session.ts";
import { codePoints } from "./strings.ts";
import { type Draft, resolve } from "./values.ts";

/** Whether the model has what the action needs: an entry to change, a deleted one to probe, a manual one to PATCH, two to walk over. */
export function applicable(action: Action, registry: RegistryModel): boolean {
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
    // A walk over fewer than two entries crosses no page boundary between them.
    case "walk":
      return registry.live().length >= 2;
    case "invalid":
      return invalidTarget(action.example, action.pick, registry) !== null;
    default:
      return true;
  }
}

/** Sends the action, judges the answer against the model, applies it to the model. */
export function perform(action: Action, registry: RegistryModel, session: Session): Promise<void> {
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
