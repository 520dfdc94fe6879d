/**
 * What the list parameters DO, judged on entries the run creates, so it holds
 * on any stateful account (live included) and touches nothing else: search
 * finds one name and not another, a provenance filter keeps only its
 * provenance, each order × direction sorts within a page and across the
 * boundary of two pages, and a walk with a small `per_page` sees every entry
 * exactly once with a consistent `result_info`. The five entries are named and
 * addressed so that name order, email order and creation order all differ:
 * a server that ignores `order` or `direction` cannot pass by accident.
 */
import type { ListEntriesQuery } from "@impersonation-registry/types";
import { type Entry, entriesOf, entryOf, resultInfoOf, resultOf, stateful, succeeds } from "./expect.ts";
import { COLLECTION, ITEM } from "./operations.ts";
import { sorted } from "./order.ts";
import { MANUAL_PROVENANCE, type SpecFacts } from "./spec-inputs.ts";
import type { Expectation, Reply, Scenario, StepDef, StepEnv } from "./types.ts";

const NAME = "list-behaviour";

/** In creation order: names sort alpha…echo, emails e1…e5, and neither order is the creation order. */
const ENTRIES = [
  { label: "delta", email: "e3" },
  { label: "alpha", email: "e5" },
  { label: "echo", email: "e1" },
  { label: "bravo", email: "e4" },
  { label: "charlie", email: "e2" },
] as const;

/** Small pages, so five entries take three pages and the walk crosses two page boundaries. */
const WALK_PER_PAGE = 2;
const WALK_PAGES = Math.ceil(ENTRIES.length / WALK_PER_PAGE);
/** Two pages of this size hold the five entries: the boundary between them is what order must respect. */
const ORDER_PER_PAGE = 3;

interface State {
  created: Entry[];
  /** Page 1 of each order × direction, to judge the boundary with page 2. */
  firstPages: Map<string, Entry[]>;
  walk: { seen: string[]; pagesSeen: number; ended?: string };
}

/** Matches this scenario's entries of this run, and nothing else on the account. */
const term = (env: StepEnv) => env.marker.name(NAME);
const ids = (entries: Entry[]) => entries.map((entry) => String(entry.id));
const ownIds = (state: State) => ids(state.created);

const needsEntries = (state: State) =>
  state.created.length === ENTRIES.length
    ? undefined
    : `only ${state.created.length} of ${ENTRIES.length} entries were created`;

const list = (env: StepEnv, query: ListEntriesQuery) =>
  env.api.GET(COLLECTION, { params: { path: { account_id: env.accountId }, query } });

function listStep(
  name: string,
  query: (env: StepEnv, state: State) => ListEntriesQuery,
  expect: Expectation<State>[],
  extra: Partial<StepDef<State>> = {},
): StepDef<State> {
  return {
    name,
    operation: "listEntries",
    blockedBy: needsEntries,
    send: (env, state) => list(env, query(env, state)),
    expect: [succeeds(), ...expect],
    ...extra,
  };
}

const creates: StepDef<State>[] = ENTRIES.map(({ label, email }, index) => ({
  name: `create ${label}`,
  operation: "createEntry",
  send: (env) =>
    env.api.POST(COLLECTION, {
      params: { path: { account_id: env.accountId } },
      body: {
        name: `${term(env)} ${label}`,
        email: env.marker.email(`lb-${email}`),
        is_email_regex: false,
        comments: env.marker.comments,
      },
    }),
  expect: [succeeds()],
  remember: (reply, state) => {
    const entry = entryOf(reply);
    if (entry !== undefined && typeof entry.id === "string") state.created[index] = entry;
  },
}));

const search: StepDef<State> = listStep(
  "search one name",
  (env) => ({ search: `${term(env)} alpha`, per_page: 1000 }),
  [
    stateful("finds that entry and none of the other four", (reply, state) => {
      const found = new Set(ids(entriesOf(reply)));
      const [wanted, ...others] = [state.created[1], ...state.created.filter((_, i) => i !== 1)];
      if (!found.has(String(wanted?.id))) return "the entry searched for is missing";
      const wrong = others.filter((entry) => found.has(String(entry.id)));
      return wrong.length === 0 ? undefined : `${wrong.length} of the other entries are listed too`;
    }),
  ],
);

function provenanceStep(provenance: string): StepDef<State> {
  const mine = provenance === MANUAL_PROVENANCE;
  return listStep(
    `provenance ${provenance}`,
    (env) => ({ search: term(env), provenance, per_page: 1000 }) as ListEntriesQuery,
    [
      stateful(`every entry has provenance ${provenance}`, (reply) => {
        const wrong = entriesOf(reply).filter((entry) => entry.provenance !== provenance);
        return wrong.length === 0
          ? undefined
          : `${wrong.length} do not, e.g. ${JSON.stringify(wrong[0]?.provenance)}`;
      }),
      // The run's entries are manual: the manual filter must return them all, a directory one none.
      stateful(
        mine ? "lists the five entries created" : "lists none of the entries created",
        (reply, state) => {
          const found = new Set(ids(entriesOf(reply)));
          const listed = ownIds(state).filter((id) => found.has(id)).length;
          const wanted = mine ? ENTRIES.length : 0;
          return listed === wanted ? undefined : `${listed} of them listed`;
        },
      ),
    ],
  );
}

function orderSteps(facts: SpecFacts): StepDef<State>[] {
  return facts.orders.flatMap((order) =>
    facts.directions.flatMap((direction) => {
      const key = `${order} ${direction}`;
      const query = (page: number) => (env: StepEnv) =>
        ({ search: term(env), order, direction, page, per_page: ORDER_PER_PAGE }) as ListEntriesQuery;
      return [
        listStep(`order ${key}, page 1`, query(1), [sorted(order, direction)], {
          remember: (reply, state) => {
            state.firstPages.set(key, entriesOf(reply));
          },
        }),
        listStep(`order ${key}, page 2`, query(2), [
          sorted(order, direction),
          stateful(
            "continues page 1 in order, and the two pages hold the five entries once",
            (reply, state) => {
              const first = state.firstPages.get(key) ?? [];
              const both = [...first, ...entriesOf(reply)];
              const across = sorted<State>(order, direction).check(
                { ...reply, body: { result: both } },
                state,
              );
              if (across !== undefined) return `across the page boundary, ${across}`;
              const all = ids(both);
              const own = ownIds(state);
              return all.length === own.length && own.every((id) => all.includes(id))
                ? undefined
                : `pages 1 and 2 hold ${all.length} entries, ${new Set(all).size} distinct, for ${own.length} created`;
            },
          ),
        ]),
      ];
    }),
  );
}

/** `result_info` of one walk page: count, page and per_page as sent, total_count at least what was seen. */
function consistentResultInfo(page: number): Expectation<State> {
  return stateful("result_info agrees with the page", (reply, state) => {
    const info = resultInfoOf(reply);
    const length = entriesOf(reply).length;
    const problems = [
      info?.count === length ? "" : `count ${JSON.stringify(info?.count)} for ${length} entries`,
      info?.page === page ? "" : `page ${JSON.stringify(info?.page)} for page ${page}`,
      info?.per_page === WALK_PER_PAGE
        ? ""
        : `per_page ${JSON.stringify(info?.per_page)} for ${WALK_PER_PAGE}`,
      typeof info?.total_count === "number" && info.total_count >= state.walk.seen.length + length
        ? ""
        : `total_count ${JSON.stringify(info?.total_count)} below the ${state.walk.seen.length + length} entries seen`,
    ].filter(Boolean);
    return problems.length === 0 ? undefined : problems.join("; ");
  });
}

const newIds = stateful<State>("shows no entry an earlier page showed", (reply, state) => {
  const again = ids(entriesOf(reply)).filter((id) => state.walk.seen.includes(id));
  return again.length === 0 ? undefined : `${again.length} entries of earlier pages again`;
});

/** Keeps the walk's ids, and ends it on a short or empty page, or a page that repeats the previous one. */
function rememberWalk(reply: Reply, state: State, page: number): void {
  const pageIds = ids(entriesOf(reply));
  const previous = state.walk.seen.slice(-WALK_PER_PAGE);
  state.walk.pagesSeen = page;
  if (pageIds.length > 0 && pageIds.every((id) => previous.includes(id)))
    state.walk.ended = `page ${page} repeated page ${page - 1}`;
  else if (pageIds.length < WALK_PER_PAGE) state.walk.ended = `page ${page} was the last (short)`;
  state.walk.seen.push(...pageIds);
}

const walkQuery = (page: number) => (env: StepEnv) => ({ search: term(env), page, per_page: WALK_PER_PAGE });

const walk: StepDef<State>[] = [
  ...Array.from({ length: WALK_PAGES }, (_, i) =>
    listStep(`walk page ${i + 1}`, walkQuery(i + 1), [consistentResultInfo(i + 1), newIds], {
      blockedBy: (state) =>
        needsEntries(state) ?? (state.walk.ended ? `the walk ended: ${state.walk.ended}` : undefined),
      remember: (reply, state) => rememberWalk(reply, state, i + 1),
    }),
  ),
  {
    name: "walk: the page past the end",
    operation: "listEntries",
    blockedBy: needsEntries,
    send: (env, state) => list(env, walkQuery(state.walk.pagesSeen + 1)(env)),
    expect: [
      succeeds(),
      stateful("is empty", (reply) =>
        entriesOf(reply).length === 0 ? undefined : `${entriesOf(reply).length} entries`,
      ),
      stateful("the walk saw every entry created, each once", (_, state) => {
        const missing = ownIds(state).filter((id) => !state.walk.seen.includes(id));
        const twice = state.walk.seen.length - new Set(state.walk.seen).size;
        if (missing.length === 0 && twice === 0) return undefined;
        return `${missing.length} missing, ${twice} seen twice${state.walk.ended ? ` (${state.walk.ended})` : ""}`;
      }),
    ],
  },
];

const deletes: StepDef<State>[] = ENTRIES.map(({ label }, index) => ({
  name: `delete ${label}`,
  operation: "deleteEntry",
  blockedBy: (state) =>
    typeof state.created[index]?.id === "string"
      ? undefined
      : `no entry id: step create ${label} returned none`,
  send: (env, state) =>
    env.api.DELETE(ITEM, {
      params: {
        path: { account_id: env.accountId, impersonation_registry_id: String(state.created[index]?.id) },
      },
    }),
  expect: [
    succeeds(),
    stateful("returns the deleted id", (reply, state) => {
      const id = (resultOf(reply) as { id?: unknown } | undefined)?.id;
      return id === state.created[index]?.id ? undefined : `id is ${JSON.stringify(id)}`;
    }),
  ],
}));

export function listBehaviour(facts: SpecFacts): Scenario<State> {
  return {
    name: NAME,
    summary:
      "on five entries it creates: search, provenance filters, each order × direction across two pages, a walk of small pages",
    init: () => ({ created: [], firstPages: new Map(), walk: { seen: [], pagesSeen: 0 } }),
    steps: [
      ...creates,
      search,
      ...facts.provenances.map(provenanceStep),
      ...orderSteps(facts),
      ...walk,
      ...deletes,
    ],
  };
}
