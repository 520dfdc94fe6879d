/**
 * Drift and fault profiles: the one table. A drift profile breaks the contract of
 * the operations it lists in one precise way — a field or header of successful
 * responses, a behaviour that hurts consumers (a parameter ignored, a write not
 * stored), or the status or code of validation errors — so the contract suite
 * can prove it notices; a fault profile disturbs transport or availability to
 * test resilience. Faults hit the 1st, 3rd, 5th… request after the profile is
 * switched on, so runs are deterministic and one retry always gets through.
 */
import type {
  CreateEntryBody,
  OperationId,
  ResultInfo,
  UpdateEntryBody,
} from "@impersonation-registry/types";
import type { SuccessEnvelope } from "./envelope.ts";
import type { ApiError } from "./errors.ts";
import type { ListJson, ListRequest, SearchMatches } from "./store/entries.ts";

export type DriftProfileId =
  | "rename-field"
  | "extra-field"
  | "type-change"
  | "drop-required"
  | "unknown-enum"
  | "undocumented-status"
  | "wrong-content-type"
  | "null-not-nullable"
  | "search-ignored"
  | "filter-ignored"
  | "filter-empty"
  | "order-ignored"
  | "per-page-clamped"
  | "page-ignored"
  | "delete-noop"
  | "patch-noop"
  | "patch-resets"
  | "list-leaks-deleted"
  | "error-status-swap"
  | "error-code-change"
  | "missing-field"
  | "result-info-wrong"
  | "cf-ray-missing"
  | "name-truncated"
  | "emoji-mangled"
  | "search-wildcards"
  | "paging-skips-ties"
  | "id-resurrected"
  | "patch-stale"
  | "latency"
  | "flaky-5xx"
  | "connection-reset"
  | "internal-error"
  | "rate-limit-storm";

/** What a fault does to a request it hits. */
export type Fault =
  | { type: "delay"; ms: number }
  | { type: "error"; status: 500 | 429 }
  | { type: "reset" }
  /** An exception the sandbox did not expect, as a bug would throw: logged through `log`, answered 500. */
  | { type: "throw" };

/**
 * One row of the table. Every hook is optional and applies only to the operations the row lists
 * (except `headers`, see there); a profile sets the few hooks that make its one change.
 */
export interface DriftProfile {
  id: DriftProfileId;
  kind: "drift" | "fault";
  /** What it changes: a JSON pointer into the envelope, a header, a status, or a stored effect. */
  touches: string;
  /** The observable change, in one line. */
  description: string;
  operations: readonly OperationId[];
  /** Drift: rewrites one entry object in place. */
  entry?: (entry: Record<string, unknown>) => void;
  /** Drift: rewrites the envelope in place. */
  envelope?: (envelope: SuccessEnvelope) => void;
  /** Drift: replaces the 200 status. */
  status?: number;
  /** Drift: replaces `application/json`. */
  contentType?: string;
  /** Drift (list): the query the server runs instead of the validated one; result_info reports it as applied. */
  listQuery?: (query: ListRequest) => ListRequest;
  /**
   * Drift (list): replaces the page read from the store; `requested` is the query as the client
   * sent it; `read` reads any other page of the account as the server would.
   */
  listResult?: (page: ListJson, requested: ListRequest, read: (query: ListRequest) => ListJson) => ListJson;
  /** Drift (list): the search the server runs on name and email instead of a case-insensitive substring. */
  searchMatches?: SearchMatches;
  /** Drift (list): rewrites `result_info` in place; `requested` is the query as the client sent it. */
  resultInfo?: (info: ResultInfo, requested: ListRequest) => void;
  /** Drift (create): rewrites the validated create body before it is checked and stored. */
  createBody?: (body: CreateEntryBody) => CreateEntryBody;
  /** Drift (update): rewrites the validated PATCH body before it is checked and applied. */
  patchBody?: (patch: UpdateEntryBody) => UpdateEntryBody;
  /** Drift (update): a PATCH applies its body to the entry as it was before its previous PATCH (a cache one write behind). */
  patchesStale?: true;
  /** Drift (create, delete): a create with the email of an entry deleted while the profile is on gets that entry's id back. */
  reusesDeletedIds?: true;
  /** Drift (update): PATCH answers the patched entry but stores nothing. */
  patchDiscarded?: true;
  /**
   * Drift (delete): `kept` — DELETE answers as usual but the entry stays; `listed` — the entry is
   * deleted, but while the profile is on, lists still show it as it was (a tombstone in SQLite,
   * emptied when the profile is switched off).
   */
  deletion?: "kept" | "listed";
  /** Drift: replaces a validation error (400, code 10400); other errors stay as they are. */
  validationError?: (error: ApiError) => ApiError;
  /** Drift: rewrites the headers of every response under /client/v4 — success or error, routing errors included. */
  headers?: (headers: Headers) => void;
  /** Fault: what happens to a request that is hit. */
  fault?: Fault;
  /** Fault: true when only every other request is hit. */
  alternate?: boolean;
}

const ALL: readonly OperationId[] = ["listEntries", "getEntry", "createEntry", "updateEntry", "deleteEntry"];
/** The operations whose result contains entries (delete returns only `{ id }`). */
const WITH_ENTRIES: readonly OperationId[] = ["listEntries", "getEntry", "createEntry", "updateEntry"];
const LIST: readonly OperationId[] = ["listEntries"];

/** Where name-truncated cuts: a VARCHAR(255) under a field documented up to 1024. */
const TRUNCATED_AT = 255;

/** The parsed list query without some of its parameters, as a server that ignores them sees it. */
function without(query: ListRequest, ...names: ("search" | "provenance" | "order" | "direction")[]) {
  const kept = { ...query };
  for (const name of names) delete kept[name];
  return kept;
}

export const driftProfiles: readonly DriftProfile[] = [
  {
    id: "rename-field",
    kind: "drift",
    touches: "/result/modified_at",
    description: "modified_at is sent as modifiedAt",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.modifiedAt = entry.modified_at;
      delete entry.modified_at;
    },
  },
  {
    id: "extra-field",
    kind: "drift",
    touches: "/result/risk_level",
    description: "every entry gains an undocumented field risk_level",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.risk_level = "low";
    },
  },
  {
    id: "type-change",
    kind: "drift",
    touches: "/result/is_email_regex",
    description: 'is_email_regex is a string ("true"/"false") instead of a boolean',
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.is_email_regex = String(entry.is_email_regex);
    },
  },
  {
    id: "drop-required",
    kind: "drift",
    touches: "/messages",
    description: "the envelope's required messages array is missing",
    operations: ALL,
    envelope: (envelope) => {
      delete envelope.messages;
    },
  },
  {
    id: "unknown-enum",
    kind: "drift",
    touches: "/result/provenance",
    description: "provenance is SNOOPY-AZURE_AD, a value outside the documented enum",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.provenance = "SNOOPY-AZURE_AD";
    },
  },
  {
    id: "undocumented-status",
    kind: "drift",
    touches: "status",
    description: "success is answered with 202 instead of the documented 200",
    operations: ALL,
    status: 202,
  },
  {
    id: "wrong-content-type",
    kind: "drift",
    touches: "header content-type",
    description: "success is sent as text/plain (the body is still JSON)",
    operations: ALL,
    contentType: "text/plain; charset=utf-8",
  },
  {
    id: "null-not-nullable",
    kind: "drift",
    touches: "/result/name",
    description: "name, which is not nullable, is null",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.name = null;
    },
  },
  {
    id: "search-ignored",
    kind: "drift",
    touches: "/result (search)",
    description: "the search parameter is ignored: the list is as if it were absent",
    operations: LIST,
    listQuery: (query) => without(query, "search"),
  },
  {
    id: "filter-ignored",
    kind: "drift",
    touches: "/result (provenance)",
    description: "the provenance parameter is ignored",
    operations: LIST,
    listQuery: (query) => without(query, "provenance"),
  },
  {
    id: "filter-empty",
    kind: "drift",
    touches: "/result, /result_info/count",
    description: "a list with search or provenance answers result [] and count 0",
    operations: LIST,
    listResult: (page, requested) =>
      requested.search === undefined && requested.provenance === undefined
        ? page
        : { items: [], total: page.total },
  },
  {
    id: "order-ignored",
    kind: "drift",
    touches: "/result (order, direction)",
    description: "order and direction are ignored: always creation order, ascending",
    operations: LIST,
    listQuery: (query) => without(query, "order", "direction"),
  },
  {
    id: "per-page-clamped",
    kind: "drift",
    touches: "/result, /result_info/per_page",
    description: "a page holds at most 50 entries and result_info.per_page says 50: a silent server cap",
    operations: LIST,
    listQuery: (query) => ({ ...query, per_page: Math.min(query.per_page, 50) }),
  },
  {
    id: "page-ignored",
    kind: "drift",
    touches: "/result (page)",
    description: "every page answers page 1's entries; result_info.page still echoes the requested page",
    operations: LIST,
    listQuery: (query) => ({ ...query, page: 1 }),
    resultInfo: (info, requested) => {
      info.page = requested.page;
    },
  },
  {
    id: "delete-noop",
    kind: "drift",
    touches: "storage: the deleted entry",
    description:
      "DELETE answers 200 {id} as usual but the entry stays (get, list, patch, delete still find it)",
    operations: ["deleteEntry"],
    deletion: "kept",
  },
  {
    id: "patch-noop",
    kind: "drift",
    touches: "storage: the patched entry",
    description: "PATCH answers the entry as patched (modified_at moved) but stores nothing",
    operations: ["updateEntry"],
    patchDiscarded: true,
  },
  {
    id: "patch-resets",
    kind: "drift",
    touches:
      "/result/comments, /result/directory_id, /result/directory_node_id, /result/external_directory_node_id",
    description: "PATCH also sets every nullable field the body did not name to null, stored and answered",
    operations: ["updateEntry"],
    patchBody: (patch) => ({
      comments: null,
      directory_id: null,
      directory_node_id: null,
      external_directory_node_id: null,
      ...patch,
    }),
  },
  {
    id: "list-leaks-deleted",
    kind: "drift",
    touches: "/result (deleted entries)",
    description:
      "a deleted entry answers 404 to get, patch and delete, but lists that would match it still show it",
    operations: ["deleteEntry", "listEntries"],
    deletion: "listed",
  },
  {
    id: "error-status-swap",
    kind: "drift",
    touches: "status of validation errors",
    description: "validation errors (400 code 10400) answer 422 instead; the body is unchanged",
    operations: ALL,
    validationError: (error) => error.with({ status: 422 }),
  },
  {
    id: "error-code-change",
    kind: "drift",
    touches: "/errors/0/code",
    description: "validation errors carry code 1004 instead of 10400; the status is unchanged",
    operations: ALL,
    validationError: (error) => error.with({ code: 1004 }),
  },
  {
    id: "missing-field",
    kind: "drift",
    touches: "/result/email",
    description: "entries lose email",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      delete entry.email;
    },
  },
  {
    id: "result-info-wrong",
    kind: "drift",
    touches: "/result_info/count, /result_info/total_count",
    description: "result_info.count is the page length + 1, and total_count is absent",
    operations: LIST,
    resultInfo: (info) => {
      info.count = (info.count ?? 0) + 1;
      delete info.total_count;
    },
  },
  {
    id: "cf-ray-missing",
    kind: "drift",
    touches: "header cf-ray",
    description: "no cf-ray header on any /client/v4 response, success or error",
    operations: ALL,
    headers: (headers) => headers.delete("cf-ray"),
  },
  // The six below are bug classes real APIs have shipped that generated inputs and sequences find;
  // no fixed scenario sends a long name, an emoji, a wildcard, two entries of one name on a page
  // boundary or a create after a delete with the same address, so only generation finds the first
  // five. The lifecycle scenario's second PATCH (of the provenance) shows patch-stale too.
  {
    // An API that keeps fewer characters than it accepts: dotnet/dnceng#1233 ("The helix API lets
    // you upload workitems with a friendly name longer than 200 characters but in the backend we just
    // keep the first 200"); a column narrower than the field, as in specify/specify7#239.
    id: "name-truncated",
    kind: "drift",
    touches: "/result/name (stored)",
    description: `a name longer than ${TRUNCATED_AT} characters is stored and answered cut to its first ${TRUNCATED_AT}, without an error (the spec allows 1024)`,
    operations: ["createEntry", "updateEntry"],
    createBody: (body) => ({ ...body, name: truncated(body.name) }),
    patchBody: (patch) => (patch.name === undefined ? patch : { ...patch, name: truncated(patch.name) }),
  },
  {
    // A store whose charset has three bytes per character at most (MySQL's utf8): each character
    // outside the BMP becomes one "?" per byte, aaronpk/webmention.io#203 ("four literal ?
    // characters (0x3F), one per byte of the four-byte UTF-8 sequence").
    id: "emoji-mangled",
    kind: "drift",
    touches: "/result/name, /result/comments (stored)",
    description:
      'every character outside the BMP (emoji) in a name or comments is stored and answered as "????"',
    operations: ["createEntry", "updateEntry"],
    createBody: (body) => ({ ...body, name: mangled(body.name), comments: nullableMangled(body.comments) }),
    patchBody: (patch) => ({
      ...patch,
      ...(patch.name !== undefined && { name: mangled(patch.name) }),
      ...(patch.comments !== undefined && { comments: nullableMangled(patch.comments) }),
    }),
  },
  {
    // The term pasted into SQL LIKE unescaped, so % and _ are wildcards: activerecord-hackery/ransack#256
    // ("SQL wildcards for LIKE, as '%' and '_' should be escaped"), zotero/zotero#1787, tsolucio/corebos#1547.
    id: "search-wildcards",
    kind: "drift",
    touches: "/result (search)",
    description:
      "search runs LIKE '%term%' without escaping: % in the term matches any text and _ any one character",
    operations: LIST,
    searchMatches: (text, term) => likePattern(term).test(text),
  },
  {
    // Keyset paging on a column that is not unique, with no tiebreaker in the cursor: rows tied with
    // the last row of a page are never shown, flowlogix/flowlogix#1684 ("Cursor pagination silently
    // drops rows when the sort column is not unique"), tokio-rs/toasty#1141, woowabros/nestjs-library-crud#593.
    id: "paging-skips-ties",
    kind: "drift",
    touches: "/result (page, order)",
    description:
      "ordered by name or email, page n + 1 starts after the last value of page n: entries of that same value not yet shown are skipped",
    operations: LIST,
    listResult: keysetPage,
  },
  {
    // A soft-deleted row revived by its natural key instead of a new one created: idno/idno#1742 ("It
    // was possible for a new object to claim the identity of a deleted object"), MnogoByte/django-permanent#66
    // (restore_on_create), litedb-org/LiteDB#256 (the next auto id is the deleted document's).
    id: "id-resurrected",
    kind: "drift",
    touches: "/result/id (create)",
    description:
      "a create with the email of an entry deleted while the profile is on answers, and reuses, the deleted entry's id",
    operations: ["createEntry", "deleteEntry"],
    reusesDeletedIds: true,
  },
  {
    // An update applied to a cached copy one write behind, so the previous update is lost:
    // utopia-php/database#815 ("avoid applying stale cached values" on update), Avanade/Beef#114.
    id: "patch-stale",
    kind: "drift",
    touches: "storage: the patched entry",
    description:
      "a PATCH applies its body to the entry as it was before its previous PATCH: the second PATCH of an entry undoes the first",
    operations: ["updateEntry"],
    patchesStale: true,
  },
  {
    id: "latency",
    kind: "fault",
    touches: "response time",
    description: "every response is delayed by 500 ms",
    operations: ALL,
    fault: { type: "delay", ms: 500 },
  },
  {
    id: "flaky-5xx",
    kind: "fault",
    touches: "status 500",
    description: "every other request fails with 500 code 10001",
    operations: ALL,
    fault: { type: "error", status: 500 },
    alternate: true,
  },
  {
    id: "connection-reset",
    kind: "fault",
    touches: "connection",
    description: "every other request has its connection reset before any response byte",
    operations: ALL,
    fault: { type: "reset" },
    alternate: true,
  },
  {
    id: "internal-error",
    kind: "fault",
    touches: "status 500 (logged)",
    description:
      "every other request throws an unexpected error inside the sandbox: logged through `log`, answered 500 code 10001",
    operations: ALL,
    fault: { type: "throw" },
    alternate: true,
  },
  {
    id: "rate-limit-storm",
    kind: "fault",
    touches: "status 429",
    description: "every other request is refused with 429 code 971 and Retry-After: 1",
    operations: ALL,
    fault: { type: "error", status: 429 },
    alternate: true,
  },
];

export const driftProfileIds: readonly DriftProfileId[] = driftProfiles.map((profile) => profile.id);

function truncated(name: string): string {
  return Array.from(name).slice(0, TRUNCATED_AT).join("");
}

function mangled(text: string): string {
  return Array.from(text, (character) =>
    (character.codePointAt(0) ?? 0) > 0xffff ? "????" : character,
  ).join("");
}

function nullableMangled(text: string | null | undefined): string | null | undefined {
  return typeof text === "string" ? mangled(text) : text;
}

/** LIKE '%term%' as SQL runs it unescaped: % any text, _ any one character, ASCII letters in any case. */
function likePattern(term: string): RegExp {
  const pattern = Array.from(term, (character) =>
    character === "%" ? ".*" : character === "_" ? "." : character.replace(/[.*+?^${}()|[\]\\/]/g, "\\$&"),
  ).join("");
  return new RegExp(pattern, "isu");
}

/**
 * The page a keyset pager without a tiebreaker answers: page 1 as usual, then each page the
 * entries strictly past the last name (or email) of the page before.
 */
function keysetPage(
  page: ListJson,
  requested: ListRequest,
  read: (query: ListRequest) => ListJson,
): ListJson {
  const key = requested.order;
  if ((key !== "name" && key !== "email") || requested.page === 1) return page;
  const sortValue = (item: string) => String((JSON.parse(item) as Record<string, unknown>)[key]);
  const sign = requested.direction === "desc" ? -1 : 1;
  let rest = read({ ...requested, page: 1, per_page: Math.max(1, page.total) }).items;
  let current = rest.slice(0, requested.per_page);
  for (let number = 2; number <= requested.page; number++) {
    const last = current.at(-1);
    if (last === undefined) break;
    const boundary = sortValue(last);
    rest = rest.filter((item) => sign * byCodePoint(sortValue(item), boundary) > 0);
    current = rest.slice(0, requested.per_page);
  }
  return { items: current, total: page.total };
}

/** Code point order, which is the byte order of UTF-8 that the store sorts text by. */
function byCodePoint(a: string, b: string): number {
  return a === b ? 0 : Buffer.compare(Buffer.from(a), Buffer.from(b));
}

export function findDriftProfile(id: string): DriftProfile | undefined {
  return driftProfiles.find((profile) => profile.id === id);
}

/** The profile in force, switchable at run time; counts requests for alternating faults. */
export class DriftState {
  #profile: DriftProfile | null = null;
  #requests = 0;
  readonly #onSwitch: ((profile: DriftProfile | null) => void) | undefined;

  /** `onSwitch` is called with the initial profile, then with every profile switched to. */
  constructor(initial: DriftProfile | null, onSwitch?: (profile: DriftProfile | null) => void) {
    this.#profile = initial;
    this.#onSwitch = onSwitch;
    onSwitch?.(initial);
  }

  get profile(): DriftProfile | null {
    return this.#profile;
  }

  /** The profile in force, if it applies to `operation`. */
  for(operation: OperationId): DriftProfile | undefined {
    const profile = this.#profile;
    return profile?.operations.includes(operation) ? profile : undefined;
  }

  set(profile: DriftProfile | null): void {
    this.#profile = profile;
    this.#requests = 0;
    this.#onSwitch?.(profile);
  }

  /** The fault to inflict on this request, if any. */
  nextFault(): Fault | undefined {
    const fault = this.#profile?.fault;
    if (fault === undefined) return undefined;
    this.#requests++;
    return this.#profile?.alternate && this.#requests % 2 === 0 ? undefined : fault;
  }
}
