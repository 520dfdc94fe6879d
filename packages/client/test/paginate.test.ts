/** The pure stop rules of paginate, table-driven (listAll against a real server is in faults.test.ts). */
import { describe, expect, test } from "vitest";
import { ImpersonationRegistryError, PaginationError } from "../src/errors.ts";
import { type Page, paginate } from "../src/paginate.ts";

interface Item {
  id?: string;
}

/** Page `i` of the walk (counted from its first request) is `answers(i)`. */
type Answers = (request: number) => Page<Item>;

const items = (...ids: (string | undefined)[]): Item[] => ids.map((id) => (id === undefined ? {} : { id }));
/** A server that answers the given pages in order, then empty pages. */
const inOrder =
  (...pages: Page<Item>[]): Answers =>
  (request) =>
    pages[request] ?? { items: [] };
/** A server that never runs out: every page full of ids it has not sent before. */
const freshForever =
  (perPage: number, totalCount?: number): Answers =>
  (request) => ({
    items: items(...Array.from({ length: perPage }, (_, i) => `e${request * perPage + i}`)),
    resultInfo: totalCount === undefined ? {} : { total_count: totalCount },
  });

interface Want {
  ids: (string | undefined)[];
  requested: number[];
  error?: { reason: PaginationError["reason"]; page: number; message: string };
}

async function walk(answers: Answers, perPage: number, firstPage?: number) {
  const requested: number[] = [];
  const ids: (string | undefined)[] = [];
  let error: unknown;
  try {
    const pages = paginate(
      async (page) => {
        requested.push(page);
        return answers(requested.length - 1);
      },
      { perPage, idOf: (item) => item.id, describe: "GET /things", ...(firstPage && { firstPage }) },
    );
    for await (const item of pages) ids.push(item.id);
  } catch (caught) {
    error = caught;
  }
  return { ids, requested, error };
}

describe("paginate", () => {
  const cases: [string, { answers: Answers; perPage: number; firstPage?: number }, Want][] = [
    [
      "ends on a short page",
      { answers: inOrder({ items: items("a", "b") }, { items: items("c") }), perPage: 2 },
      { ids: ["a", "b", "c"], requested: [1, 2] },
    ],
    [
      "ends on an empty page",
      { answers: inOrder({ items: items("a", "b") }), perPage: 2 },
      { ids: ["a", "b"], requested: [1, 2] },
    ],
    [
      "an empty first page is an empty listing",
      { answers: inOrder(), perPage: 2 },
      { ids: [], requested: [1] },
    ],
    [
      "an exact multiple of perPage, then the empty page",
      { answers: inOrder({ items: items("a", "b") }, { items: items("c", "d") }), perPage: 2 },
      { ids: ["a", "b", "c", "d"], requested: [1, 2, 3] },
    ],
    [
      "starts at firstPage",
      { answers: inOrder({ items: items("e", "f") }, { items: items("g") }), perPage: 2, firstPage: 3 },
      { ids: ["e", "f", "g"], requested: [3, 4] },
    ],
    [
      "a page that repeats the previous one's ids stops the walk, unyielded",
      { answers: inOrder({ items: items("a", "b") }, { items: items("a", "b") }), perPage: 2 },
      {
        ids: ["a", "b"],
        requested: [1, 2],
        error: {
          reason: "repeated-page",
          page: 2,
          message: 'page 2 repeated the ids of page 1 on GET /things: the server seems to ignore "page"',
        },
      },
    ],
    [
      "the repeat is named by page number from firstPage",
      {
        answers: inOrder({ items: items("a", "b") }, { items: items("c", "d") }, { items: items("c", "d") }),
        perPage: 2,
        firstPage: 5,
      },
      {
        ids: ["a", "b", "c", "d"],
        requested: [5, 6, 7],
        error: {
          reason: "repeated-page",
          page: 7,
          message: 'page 7 repeated the ids of page 6 on GET /things: the server seems to ignore "page"',
        },
      },
    ],
    [
      "the same ids in another order are another page",
      { answers: inOrder({ items: items("a", "b") }, { items: items("b", "a") }), perPage: 2 },
      { ids: ["a", "b", "b", "a"], requested: [1, 2, 3] },
    ],
    [
      "items without an id never make a repeat",
      {
        answers: inOrder({ items: items(undefined, undefined) }, { items: items(undefined, undefined) }),
        perPage: 2,
      },
      { ids: [undefined, undefined, undefined, undefined], requested: [1, 2, 3] },
    ],
    [
      "more full pages than ceil(total_count / perPage) + 1 stops the walk",
      { answers: freshForever(2, 3), perPage: 2 },
      {
        ids: ["e0", "e1", "e2", "e3", "e4", "e5"],
        requested: [1, 2, 3, 4],
        error: {
          reason: "too-many-pages",
          page: 4,
          message:
            "page 4 is full page 4, more than total_count 3 allows at 2 per page on GET /things: the listing does not end",
        },
      },
    ],
    [
      "one full page more than total_count, for entries created during the walk, still ends normally",
      {
        answers: inOrder(
          { items: items("a", "b"), resultInfo: { total_count: 4 } },
          { items: items("c", "d") },
          { items: items("e", "f") },
        ),
        perPage: 2,
      },
      { ids: ["a", "b", "c", "d", "e", "f"], requested: [1, 2, 3, 4] },
    ],
    [
      "the bound comes from the first page with a total_count, and counts the full pages before it",
      {
        answers: (request) => ({
          items: freshForever(2)(request).items,
          resultInfo: [{}, { total_count: 1 }][request] ?? { total_count: 1000 },
        }),
        perPage: 2,
      },
      {
        ids: ["e0", "e1", "e2", "e3"],
        requested: [1, 2, 3],
        error: {
          reason: "too-many-pages",
          page: 3,
          message:
            "page 3 is full page 3, more than total_count 1 allows at 2 per page on GET /things: the listing does not end",
        },
      },
    ],
    [
      "without total_count, fresh full pages go on until a short page",
      {
        answers: (request) => (request < 6 ? freshForever(2)(request) : { items: items("last") }),
        perPage: 2,
      },
      {
        ids: [...Array.from({ length: 12 }, (_, i) => `e${i}`), "last"],
        requested: [1, 2, 3, 4, 5, 6, 7],
      },
    ],
  ];
  for (const [name, given, want] of cases) {
    test(name, async () => {
      const { ids, requested, error } = await walk(given.answers, given.perPage, given.firstPage);
      expect({ ids, requested }).toEqual({ ids: want.ids, requested: want.requested });
      if (want.error) {
        expect(error).toBeInstanceOf(PaginationError);
        expect(error).toBeInstanceOf(ImpersonationRegistryError);
        expect(error).toMatchObject(want.error);
      } else {
        expect(error).toBeUndefined();
      }
    });
  }

  test.each([0, -1, 1.5, Number.NaN])("perPage %s is refused before any request", async (perPage) => {
    const { requested, error } = await walk(inOrder(), perPage);
    expect(requested).toEqual([]);
    expect(error).toBeInstanceOf(ImpersonationRegistryError);
    expect((error as Error).message).toBe(`perPage must be an integer ≥ 1, got ${perPage}`);
  });
});
