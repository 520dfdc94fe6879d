import type { ResultInfo } from "@impersonation-registry/types";
import { ImpersonationRegistryError, PaginationError } from "./errors.ts";

/** One page as a walker sees it: its items and the envelope's `result_info`. */
export interface Page<T> {
  items: T[];
  resultInfo?: ResultInfo | undefined;
}

export interface PaginateOptions<T> {
  /** The `per_page` every request asks for: a page with fewer items is the last one. */
  perPage: number;
  /** Default: 1. */
  firstPage?: number;
  /** An item's id, to notice a page that repeats the previous one; `undefined` or `null` never match. */
  idOf: (item: T) => unknown;
  /** Names the listing in errors, e.g. `GET /client/v4/accounts/…/impersonation_registry`; never a credential. */
  describe?: string;
}

/**
 * Every item of a page-numbered listing, fetching page n + 1 only once page n is used up, and
 * ending in every case:
 * - normally on a page shorter than `perPage`, empty included;
 * - with a `PaginationError` when a full page has exactly the previous page's ids (a server that
 *   ignores `page` answers page 1 forever), or when more full pages came back than
 *   ceil(total_count / perPage) + 1, with the `total_count` of the first page that had one (it
 *   counts the whole account, so it bounds filtered listings too; the + 1 leaves room for
 *   entries created during the walk).
 * The page that fails is not yielded. A `perPage` below 1 is refused before any request: no page
 * could be recognised as the last. Memory stays flat: only the previous page's ids are kept.
 * Pure and runtime-agnostic: any walker passes its own `fetchPage`.
 */
export async function* paginate<T>(
  fetchPage: (page: number) => Promise<Page<T>>,
  { perPage, firstPage = 1, idOf, describe }: PaginateOptions<T>,
): AsyncGenerator<T, void> {
  if (!Number.isInteger(perPage) || perPage < 1) {
    throw new ImpersonationRegistryError(`perPage must be an integer ≥ 1, got ${perPage}`);
  }
  const where = describe ? ` on ${describe}` : "";
  // The total_count of the first page that had one.
  let total: number | undefined;
  let fullPages = 0;
  let previousIds: unknown[] = [];
  for (let page = firstPage; ; page++) {
    const { items, resultInfo } = await fetchPage(page);
    if (items.length < perPage) {
      yield* items;
      return;
    }
    const ids = items.map(idOf);
    if (sameIds(ids, previousIds)) {
      throw new PaginationError(
        page,
        "repeated-page",
        `page ${page} repeated the ids of page ${page - 1}${where}: the server seems to ignore "page"`,
      );
    }
    fullPages++;
    const count = resultInfo?.total_count;
    if (total === undefined && typeof count === "number" && count >= 0) total = count;
    if (total !== undefined && fullPages > Math.ceil(total / perPage) + 1) {
      throw new PaginationError(
        page,
        "too-many-pages",
        `page ${page} is full page ${fullPages}, more than total_count ${total} allows at ${perPage} per page${where}: the listing does not end`,
      );
    }
    previousIds = ids;
    yield* items;
  }
}

function sameIds(ids: unknown[], previous: unknown[]): boolean {
  if (ids.length !== previous.length) return false;
  for (let i = 0; i < ids.length; i++) if (ids[i] == null || ids[i] !== previous[i]) return false;
  return true;
}
