/**
 * The list operation's parameters, from the spec: each order × direction,
 * per_page 1 and its maximum, a page past the end, each provenance, search.
 * What a parameter does to the result needs real data, so those expectations
 * are stateful; every response is validated everywhere.
 */
import type { ListEntriesQuery } from "@impersonation-registry/types";
import { type Entry, entriesOf, resultInfoOf, stateful, succeeds } from "./expect.ts";
import { COLLECTION } from "./operations.ts";
import type { SpecFacts } from "./spec-inputs.ts";
import type { Expectation, Scenario, StepDef, StepEnv } from "./types.ts";

interface State {
  total?: number;
  /** A name from the first page, to search for. */
  searchFor?: { id: string; term: string };
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

/**
 * Sorted by `key` in `direction`. Codepoint order or case-insensitive order
 * both count: the spec does not say which collation the API uses. Timestamps
 * compare as instants (`…00Z` and `…00.000Z` are the same moment).
 */
function sorted(key: string, direction: string): Expectation<State> {
  const instant = (value: string) => (/^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN);
  const codepoint = (a: string, b: string) => {
    const [ta, tb] = [instant(a), instant(b)];
    if (Number.isFinite(ta) && Number.isFinite(tb)) return ta - tb;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const caseless = (a: string, b: string) => codepoint(a.toLowerCase(), b.toLowerCase());
  return stateful(`sorted by ${key} ${direction}`, (reply) => {
    const values = entriesOf(reply).map((entry) => String(entry[key] ?? ""));
    const sign = direction === "desc" ? -1 : 1;
    const inOrder = (compare: (a: string, b: string) => number) =>
      values.every((value, i) => i === 0 || sign * compare(values[i - 1] as string, value) <= 0);
    return inOrder(codepoint) || inOrder(caseless)
      ? undefined
      : `not sorted: ${values.slice(0, 5).join(", ")}…`;
  });
}

function perPage(size: number): Expectation<State> {
  return stateful(`at most ${size} entries, result_info.per_page ${size}`, (reply) => {
    const count = entriesOf(reply).length;
    const info = resultInfoOf(reply)?.per_page;
    return count <= size && info === size ? undefined : `${count} entries, per_page ${JSON.stringify(info)}`;
  });
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
          (entry) => typeof entry.name === "string" && entry.name.length > 0,
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
    listStep(`per_page ${MAX_PER_PAGE}`, { per_page: MAX_PER_PAGE }, [perPage(MAX_PER_PAGE)]),
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
    init: () => ({}),
    steps,
  };
}
