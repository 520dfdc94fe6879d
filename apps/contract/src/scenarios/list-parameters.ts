/**
 * The list operation's parameters on the account as it is (so it runs on a
 * read-only live run too), from the spec: each order × direction, per_page 1
 * and its maximum, a page past the end, each provenance, search. What a
 * parameter does to the result needs real data, so those expectations are
 * stateful; every response is validated everywhere. `list-behaviour` judges
 * the same parameters more strictly, on entries the run creates.
 */
import type { ListEntriesQuery } from "@impersonation-registry/types";
import { markedRunId } from "../safety/marker.ts";
import { type Entry, entriesOf, resultInfoOf, stateful, succeeds } from "./expect.ts";
import { COLLECTION } from "./operations.ts";
import { sorted } from "./order.ts";
import type { SpecFacts } from "./spec-inputs.ts";
import type { Expectation, Scenario, StepDef, StepEnv } from "./types.ts";

interface State {
  total?: number;
  /** A name from the first page, to search for. */
  searchFor?: { id: string; term: string };
  /** One entry of each provenance seen on a full-size page: a filter by that provenance must return it. */
  known: Map<string, string>;
}

const MAX_PER_PAGE = 1000;

const list = (query: ListEntriesQuery) => (env: StepEnv) =>
  env.api.GET(COLLECTION, { params: { path: { account_id: env.accountId }, query } });

function listStep(name: string, query: ListEntriesQuery, expect: Expectation<State>[]): StepDef<State> {
  return { name, operation: "listEntries", send: list(query), expect: [succeeds(), ...expect] };
}

const everyEntry = (name: string, test: (entry: Entry) => boolean) =>
  stateful<State>(name, (reply) => {
    const wrong = entriesOf(reply).filter((entry) => !test(entry));
    return wrong.length === 0
      ? undefined
      : `${wrong.length} entries do not, e.g. ${JSON.stringify(wrong[0]?.id)}`;
  });

/** A filter by `provenance` keeps the entries of that provenance: one seen unfiltered must come back. */
function returnsKnown(provenance: string): Expectation<State> {
  return {
    ...stateful<State>(`returns an entry of provenance ${provenance} seen unfiltered`, (reply, state) => {
      const found = entriesOf(reply);
      // A full page may have cut it off: only a shorter one proves it missing.
      if (found.length >= MAX_PER_PAGE) return undefined;
      return found.some((entry) => entry.id === state.known.get(provenance))
        ? undefined
        : `${JSON.stringify(state.known.get(provenance))} is missing`;
    }),
    inapplicable: (_, state) =>
      state.known.has(provenance) ? undefined : `no entry of provenance ${provenance} on the unfiltered page`,
  };
}

function perPage(size: number): Expectation<State> {
  return stateful(
    `at most ${size} entries, result_info.per_page ${size} and count the page's length`,
    (reply) => {
      const count = entriesOf(reply).length;
      const info = resultInfoOf(reply);
      return count <= size && info?.per_page === size && info.count === count
        ? undefined
        : `${count} entries, per_page ${JSON.stringify(info?.per_page)}, count ${JSON.stringify(info?.count)}`;
    },
  );
}

export function listParameters(facts: SpecFacts): Scenario<State> {
  const steps: StepDef<State>[] = [
    {
      ...listStep(
        "list with defaults",
        {},
        facts.perPageDefault === undefined ? [] : [perPage(facts.perPageDefault)],
      ),
      remember: (reply, state) => {
        const info = resultInfoOf(reply);
        state.total = typeof info?.total_count === "number" ? info.total_count : undefined;
        const first = entriesOf(reply).find(
          (entry) =>
            typeof entry.name === "string" && entry.name.length > 0 && markedRunId(entry) === undefined,
        );
        if (first) state.searchFor = { id: String(first.id), term: String(first.name) };
      },
    },
    ...facts.orders.flatMap((order) =>
      facts.directions.map((direction) =>
        listStep(
          `order ${order} ${direction}`,
          { order, direction, per_page: MAX_PER_PAGE } as ListEntriesQuery,
          [sorted(order, direction)],
        ),
      ),
    ),
    listStep("per_page 1", { per_page: 1 }, [perPage(1)]),
    {
      ...listStep(`per_page ${MAX_PER_PAGE}`, { per_page: MAX_PER_PAGE }, [perPage(MAX_PER_PAGE)]),
      remember: (reply, state) => {
        // Not an entry a contract run made: this run's other scenarios delete theirs meanwhile.
        for (const entry of entriesOf(reply)) {
          if (markedRunId(entry) !== undefined) continue;
          if (typeof entry.provenance === "string" && !state.known.has(entry.provenance))
            state.known.set(entry.provenance, String(entry.id));
        }
      },
    },
    {
      name: "a page past the end",
      operation: "listEntries",
      blockedBy: (state) =>
        state.total === undefined ? "no total_count: step list with defaults returned none" : undefined,
      // Pages of the maximum size, two past the last full one: entries created meanwhile cannot reach it.
      send: (env, state) =>
        list({ per_page: MAX_PER_PAGE, page: Math.floor((state.total ?? 0) / MAX_PER_PAGE) + 2 })(env),
      expect: [
        succeeds(),
        stateful("is empty", (reply) => (entriesOf(reply).length === 0 ? undefined : "not empty")),
      ],
    },
    ...facts.provenances.map((provenance) =>
      listStep(`provenance ${provenance}`, { provenance, per_page: MAX_PER_PAGE } as ListEntriesQuery, [
        everyEntry(`every entry has provenance ${provenance}`, (entry) => entry.provenance === provenance),
        returnsKnown(provenance),
      ]),
    ),
    {
      name: "search",
      operation: "listEntries",
      blockedBy: (state) => (state.searchFor ? undefined : "nothing to search for: the first page was empty"),
      send: (env, state) => list({ search: state.searchFor?.term, per_page: MAX_PER_PAGE })(env),
      expect: [
        succeeds(),
        stateful("finds the entry whose name was searched", (reply, state) =>
          entriesOf(reply).some((entry) => entry.id === state.searchFor?.id) ? undefined : "not found",
        ),
      ],
    },
  ];
  return {
    name: "list-parameters",
    summary: "each order × direction, per_page 1 and 1000, a page past the end, each provenance, search",
    init: () => ({ known: new Map() }),
    steps,
  };
}
