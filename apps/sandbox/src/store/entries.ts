import { randomUUID } from "node:crypto";
import type { DatabaseSync, StatementSync } from "node:sqlite";
import type {
  CreateEntryBody,
  ImpersonationRegistryEntry,
  ListEntriesQuery,
  Provenance,
  UpdateEntryBody,
} from "@impersonation-registry/types";

/** A row as node:sqlite returns it with `setReturnArrays(true)`, in COLUMNS order. */
type EntryRow = [
  id: string,
  account_id: string,
  name: string,
  email: string,
  is_email_regex: number,
  comments: string | null,
  directory_id: number | null,
  directory_node_id: number | null,
  external_directory_node_id: string | null,
  provenance: string,
  created_at: string,
  modified_at: string,
];

/** An entry as stored, before it becomes an API object. */
export interface StoredEntry extends Required<Omit<ImpersonationRegistryEntry, "last_modified">> {
  account_id: string;
}

export interface ListRequest extends ListEntriesQuery {
  page: number;
  per_page: number;
}

const COLUMNS =
  "id, account_id, name, email, is_email_regex, comments, directory_id, directory_node_id, external_directory_node_id, provenance, created_at, modified_at";

const SORT_COLUMNS = { name: "name", email: "email", created_at: "created_at" } as const;

/** Cached serialisations beyond this many are dropped all at once: a bound, not an LRU. */
const MAX_CACHED_JSON = 5_000;

/** Cached list pages beyond this many characters are dropped all at once (~2 MB). */
const MAX_CACHED_PAGE_CHARS = 2_000_000;

/**
 * Every statement is prepared once and reused; list statements are prepared on
 * first use of each (order, direction, filters, tombstones) combination — 96 at most.
 */
export class EntryStore {
  readonly #db: DatabaseSync;
  readonly #get: StatementSync;
  readonly #getById: StatementSync;
  readonly #lastModified: boolean;
  /**
   * The API JSON of entries by id. Reading 100 rows through node:sqlite and serialising them cost
   * ~400 µs per list page; with this cache a page is one index walk for the ids plus a join.
   * Every write goes through this class (one process per database), which keeps it exact.
   */
  readonly #json = new Map<string, CachedJson>();
  readonly #insert: StatementSync;
  readonly #update: StatementSync;
  readonly #delete: StatementSync;
  readonly #count: StatementSync;
  /** Tombstones of the drift profile list-leaks-deleted (table deleted_entries). */
  readonly #bury: StatementSync;
  readonly #countDeleted: StatementSync;
  readonly #forgetDeleted: StatementSync;
  readonly #lists = new Map<string, StatementSync>();
  /**
   * Whole list pages (the `result` JSON) by account and query. Any write empties it, so it can
   * never serve a stale page; it spares a repeated list the index walk and the join of 100 entries.
   */
  readonly #pages = new Map<string, ListPage>();
  #pageChars = 0;
  #driftSearch: SearchMatches | undefined;
  /**
   * Entries per account: counting walks the whole account (milliseconds at 100k entries), and this
   * process is the database's only writer, so the count is kept up to date here instead.
   */
  readonly #totals = new Map<string, number>();

  constructor(db: DatabaseSync, options: { lastModified: boolean }) {
    this.#db = db;
    this.#lastModified = options.lastModified;
    // SQLite's LIKE and lower() fold ASCII only; search must be case-insensitive for every script.
    db.function("contains_ci", { deterministic: true }, (haystack, needle) =>
      String(haystack).toLowerCase().includes(String(needle)) ? 1 : 0,
    );
    // The search a drift profile runs instead (searchMatches), set for the one list that uses it.
    db.function("drift_search", (haystack, needle) =>
      this.#driftSearch?.(String(haystack), String(needle)) ? 1 : 0,
    );
    this.#get = rowsAsArrays(db.prepare(`SELECT ${COLUMNS} FROM entries WHERE account_id = ? AND id = ?`));
    this.#getById = rowsAsArrays(db.prepare(`SELECT ${COLUMNS} FROM entries WHERE id = ?`));
    this.#insert = db.prepare(
      `INSERT INTO entries (${COLUMNS}) VALUES (:id, :account_id, :name, :email, :is_email_regex, :comments, :directory_id, :directory_node_id, :external_directory_node_id, :provenance, :created_at, :modified_at)`,
    );
    this.#update = db.prepare(
      `UPDATE entries SET name = :name, email = :email, is_email_regex = :is_email_regex, comments = :comments,
         directory_id = :directory_id, directory_node_id = :directory_node_id,
         external_directory_node_id = :external_directory_node_id, provenance = :provenance, modified_at = :modified_at
       WHERE account_id = :account_id AND id = :id`,
    );
    // The update binds a whole row; created_at is in it but never written.
    this.#update.setAllowUnknownNamedParameters(true);
    this.#delete = db.prepare("DELETE FROM entries WHERE account_id = ? AND id = ?");
    this.#count = db.prepare("SELECT count(*) AS n FROM entries WHERE account_id = ?");
    this.#bury = db.prepare(
      `INSERT INTO deleted_entries (seq, ${COLUMNS}) SELECT seq, ${COLUMNS} FROM entries WHERE account_id = ? AND id = ?`,
    );
    this.#countDeleted = db.prepare("SELECT count(*) AS n FROM deleted_entries WHERE account_id = ?");
    this.#forgetDeleted = db.prepare("DELETE FROM deleted_entries");
  }

  get(accountId: string, id: string): StoredEntry | undefined {
    const row = this.#get.get(accountId, id) as EntryRow | undefined;
    return row === undefined ? undefined : fromRow(row);
  }

  /**
   * The API JSON of one entry of the account, or undefined. Served from the cache when it can be:
   * a read through node:sqlite (a WAL read transaction per statement) cost ~11 µs of every GET.
   */
  getJson(accountId: string, id: string): string | undefined {
    const cached = this.#json.get(id);
    if (cached !== undefined) return cached.accountId === accountId ? cached.json : undefined;
    const row = this.#get.get(accountId, id) as EntryRow | undefined;
    return row === undefined ? undefined : this.#remember(fromRow(row));
  }

  /**
   * One page, as the API JSON of each entry, and the account's total without any filter
   * (`total_count`). `searchMatches` (a drift profile's) replaces the case-insensitive substring
   * search; the term then reaches it as sent.
   */
  listJson(accountId: string, query: ListRequest, searchMatches?: SearchMatches): ListJson {
    const total = this.#total(accountId);
    const offset = (query.page - 1) * query.per_page;
    // Past the end (or beyond what SQLite can bind) there is nothing to read.
    if (offset >= total) return { items: [], total };
    const statement = this.#listStatement(query, false, searchMatches !== undefined);
    this.#driftSearch = searchMatches;
    try {
      const rows = statement.all(listParams(accountId, query, offset, searchMatches === undefined));
      return { items: (rows as unknown as [string][]).map(([id]) => this.#jsonOf(id)), total };
    } finally {
      this.#driftSearch = undefined;
    }
  }

  /**
   * `listJson` with the entries deleted under the drift profile list-leaks-deleted counted and
   * listed too, as they were when deleted, sorted, filtered and paged like the others. Never cached:
   * only that profile reads it.
   */
  listJsonWithDeleted(accountId: string, query: ListRequest): ListJson {
    const total = this.#total(accountId) + (this.#countDeleted.get(accountId) as { n: number }).n;
    const offset = (query.page - 1) * query.per_page;
    if (offset >= total) return { items: [], total };
    const rows = this.#listStatement(query, true, false).all(listParams(accountId, query, offset, true));
    return {
      items: (rows as unknown as EntryRow[]).map((row) => JSON.stringify(this.toApi(fromRow(row)))),
      total,
    };
  }

  /** One page as the `result` JSON array, with its count and `total_count`; cached until the next write. */
  listPage(accountId: string, query: ListRequest): ListPage {
    const key = JSON.stringify([
      accountId,
      query.page,
      query.per_page,
      query.order,
      query.direction,
      query.provenance,
      query.search,
    ]);
    let page = this.#pages.get(key);
    if (page === undefined) {
      const { items, total } = this.listJson(accountId, query);
      page = { json: `[${items.join(",")}]`, count: items.length, total };
      if (this.#pageChars + page.json.length > MAX_CACHED_PAGE_CHARS) this.#forgetPages();
      this.#pages.set(key, page);
      this.#pageChars += page.json.length;
    }
    return page;
  }

  #forgetPages(): void {
    this.#pages.clear();
    this.#pageChars = 0;
  }

  /** The API object of a stored entry, with `last_modified` when this sandbox sends it. */
  toApi(entry: StoredEntry): ImpersonationRegistryEntry {
    return toApiEntry(entry, this.#lastModified);
  }

  #jsonOf(id: string): string {
    return this.#json.get(id)?.json ?? this.#remember(fromRow(this.#getById.get(id) as unknown as EntryRow));
  }

  #remember(entry: StoredEntry): string {
    const json = JSON.stringify(this.toApi(entry));
    if (this.#json.size >= MAX_CACHED_JSON) this.#json.clear();
    this.#json.set(entry.id, { accountId: entry.account_id, json });
    return json;
  }

  /** `id` is the server's to choose; only a drift profile passes one (reusesDeletedIds). */
  create(accountId: string, body: CreateEntryBody, now: string, id: string = randomUUID()): StoredEntry {
    const entry: StoredEntry = {
      id,
      account_id: accountId,
      name: body.name,
      email: body.email,
      is_email_regex: body.is_email_regex,
      comments: body.comments ?? null,
      directory_id: body.directory_id ?? null,
      directory_node_id: body.directory_node_id ?? null,
      external_directory_node_id: body.external_directory_node_id ?? null,
      provenance: body.provenance ?? "A1S_INTERNAL",
      created_at: now,
      modified_at: now,
    };
    this.#insert.run(toRow(entry));
    this.#adjustTotal(accountId, 1);
    this.#forgetPages();
    return entry;
  }

  /** Inserts an entry whose id and timestamps are given (seed data). */
  insert(entry: StoredEntry): void {
    this.#insert.run(toRow(entry));
    this.#totals.delete(entry.account_id);
    this.#forgetPages();
  }

  /** Stores an entry `patched` produced. */
  update(updated: StoredEntry): void {
    this.#update.run(toRow(updated));
    this.#json.delete(updated.id);
    this.#forgetPages();
  }

  /**
   * Deletes an entry; false when the account has none with that id. `tombstone` (the drift profile
   * list-leaks-deleted) keeps the row in deleted_entries, in the same transaction.
   */
  delete(accountId: string, id: string, options: { tombstone?: boolean } = {}): boolean {
    const remove = () => this.#delete.run(accountId, id).changes > 0;
    const deleted = options.tombstone
      ? this.#transaction(() => {
          this.#bury.run(accountId, id);
          return remove();
        })
      : remove();
    if (deleted) {
      this.#adjustTotal(accountId, -1);
      this.#json.delete(id);
      this.#forgetPages();
    }
    return deleted;
  }

  /** Empties the tombstones, so that no list shows an entry deleted while list-leaks-deleted was on. */
  forgetDeleted(): void {
    this.#forgetDeleted.run();
  }

  #transaction<T>(work: () => T): T {
    this.#db.exec("BEGIN IMMEDIATE");
    try {
      const result = work();
      this.#db.exec("COMMIT");
      return result;
    } catch (error) {
      this.#db.exec("ROLLBACK");
      throw error;
    }
  }

  #total(accountId: string): number {
    let total = this.#totals.get(accountId);
    if (total === undefined) {
      total = (this.#count.get(accountId) as { n: number }).n;
      this.#totals.set(accountId, total);
    }
    return total;
  }

  #adjustTotal(accountId: string, by: number): void {
    const total = this.#totals.get(accountId);
    if (total !== undefined) this.#totals.set(accountId, total + by);
  }

  #listStatement(query: ListRequest, withDeleted: boolean, driftSearch: boolean): StatementSync {
    const key = `${query.order}|${query.direction}|${query.provenance !== undefined}|${query.search !== undefined}|${withDeleted}|${driftSearch}`;
    let statement = this.#lists.get(key);
    if (statement === undefined) {
      const direction = query.direction === "desc" ? "DESC" : "ASC";
      const sort = query.order === undefined ? "" : `${SORT_COLUMNS[query.order]} ${direction}, `;
      let where = "account_id = :account_id";
      if (query.provenance !== undefined) where += " AND provenance = :provenance";
      const search = driftSearch ? "drift_search" : "contains_ci";
      if (query.search !== undefined) where += ` AND (${search}(name, :search) OR ${search}(email, :search))`;
      const orderBy = `ORDER BY ${sort}seq ${direction}`;
      // OFFSET walks the skipped rows: the inner query walks them in a covering index (seq is the
      // rowid, present in every index), so only the rows of the page are read from the table.
      // With the tombstones, the same filter and order run over both tables' rows of the account.
      const sql = withDeleted
        ? `SELECT ${COLUMNS} FROM
             (SELECT seq, ${COLUMNS} FROM entries WHERE account_id = :account_id
              UNION ALL SELECT seq, ${COLUMNS} FROM deleted_entries WHERE account_id = :account_id)
           WHERE ${where} ${orderBy} LIMIT :limit OFFSET :offset`
        : `SELECT id FROM entries WHERE seq IN
             (SELECT seq FROM entries WHERE ${where} ${orderBy} LIMIT :limit OFFSET :offset)
           ${orderBy}`;
      statement = rowsAsArrays(this.#db.prepare(sql));
      this.#lists.set(key, statement);
    }
    return statement;
  }
}

/** Whether an entry's name or email (`text`) matches a search `term`. */
export type SearchMatches = (text: string, term: string) => boolean;

/** A page as the API JSON of each entry, and `total_count`. */
export interface ListJson {
  items: string[];
  total: number;
}

export interface ListPage {
  /** The entries of the page as a JSON array. */
  json: string;
  count: number;
  total: number;
}

interface CachedJson {
  accountId: string;
  json: string;
}

const PATCHABLE = [
  "name",
  "email",
  "is_email_regex",
  "comments",
  "directory_id",
  "directory_node_id",
  "external_directory_node_id",
  "provenance",
] as const satisfies readonly (keyof UpdateEntryBody)[];

/** The entry after a PATCH: only the fields present change (null clears a nullable one). */
export function patched(existing: StoredEntry, patch: UpdateEntryBody, now: string): StoredEntry {
  const updated: StoredEntry = { ...existing, modified_at: now };
  for (const key of PATCHABLE) {
    if (patch[key] !== undefined) (updated as unknown as Record<string, unknown>)[key] = patch[key];
  }
  return updated;
}

/** `lowerSearch`: the term as contains_ci expects it (lower case); a drift's own search gets it as sent. */
function listParams(accountId: string, query: ListRequest, offset: number, lowerSearch: boolean) {
  const params: Record<string, string | number> = { account_id: accountId, limit: query.per_page, offset };
  if (query.provenance !== undefined) params.provenance = query.provenance;
  if (query.search !== undefined) params.search = lowerSearch ? query.search.toLowerCase() : query.search;
  return params;
}

/** Arrays instead of objects halve the cost of reading a row (node:sqlite builds objects slowly). */
function rowsAsArrays(statement: StatementSync): StatementSync {
  statement.setReturnArrays(true);
  return statement;
}

function fromRow(row: EntryRow): StoredEntry {
  const [
    id,
    account_id,
    name,
    email,
    is_email_regex,
    comments,
    directory_id,
    directory_node_id,
    external,
    provenance,
  ] = row;
  return {
    id,
    account_id,
    name,
    email,
    is_email_regex: is_email_regex === 1,
    comments,
    directory_id,
    directory_node_id,
    external_directory_node_id: external,
    provenance: provenance as Provenance,
    created_at: row[10],
    modified_at: row[11],
  };
}

function toRow(entry: StoredEntry): Record<string, string | number | null> {
  return { ...entry, is_email_regex: entry.is_email_regex ? 1 : 0 };
}

/** The API object, keys in the spec's order; `last_modified` mirrors `modified_at` when enabled. */
function toApiEntry(entry: StoredEntry, lastModified: boolean): ImpersonationRegistryEntry {
  const api: ImpersonationRegistryEntry = {
    id: entry.id,
    comments: entry.comments,
    created_at: entry.created_at,
    directory_id: entry.directory_id,
    directory_node_id: entry.directory_node_id,
    email: entry.email,
    external_directory_node_id: entry.external_directory_node_id,
    is_email_regex: entry.is_email_regex,
    modified_at: entry.modified_at,
    name: entry.name,
    provenance: entry.provenance,
  };
  if (lastModified) api.last_modified = entry.modified_at;
  return api;
}
