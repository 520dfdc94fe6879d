/** The five operations, keyed by operationId; input arrives validated against the spec. */
import type {
  CreateEntryBody,
  ImpersonationRegistryEntry,
  OperationId,
  ResultInfo,
  UpdateEntryBody,
} from "@impersonation-registry/types";
import type { DriftProfile } from "../drift.ts";
import { RawJson, type SuccessEnvelope, successEnvelope } from "../envelope.ts";
import { apiErrors } from "../errors.ts";
import { type EntryStore, type ListRequest, patched, type StoredEntry } from "../store/entries.ts";
import type { Validators } from "../validation.ts";

export interface OperationInput {
  accountId: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface OperationDeps {
  store: EntryStore;
  validators: Validators;
  /** The drift profile in force, if it applies to the operation. */
  drift: (operation: OperationId) => DriftProfile | undefined;
  now: () => number;
}

export type OperationHandler = (input: OperationInput) => SuccessEnvelope;

function rewrite(json: string, drift: (entry: Record<string, unknown>) => void): Record<string, unknown> {
  const entry = JSON.parse(json) as Record<string, unknown>;
  drift(entry);
  return entry;
}

/** Entries synced from a directory integration are read-only through the API. */
function isDirectorySynced(entry: StoredEntry): boolean {
  return entry.provenance !== "A1S_INTERNAL";
}

export function entryOperations(deps: OperationDeps): Record<OperationId, OperationHandler> {
  const { store, validators } = deps;
  // The spec's x-format-by rules (email an address or a pattern, by is_email_regex), checked on the
  // body as it is stored: after any drift profile rewrote it.
  const createFormats = validators.operation("createEntry");
  const updateFormats = validators.operation("updateEntry");
  // In memory, for the profiles that need one: the ids of deleted entries by address
  // (id-resurrected), and each entry as it was before its last PATCH (patch-stale).
  const deletedIds = addressBook();
  const previousVersions = new Map<string, StoredEntry>();

  function present(entry: StoredEntry, profile: DriftProfile | undefined): ImpersonationRegistryEntry {
    const api = store.toApi(entry);
    profile?.entry?.(api as Record<string, unknown>);
    return api;
  }

  function find(input: OperationInput): StoredEntry {
    const entry = store.get(input.accountId, input.params.impersonation_registry_id as string);
    if (entry === undefined) throw apiErrors.entryNotFound();
    return entry;
  }

  return {
    listEntries(input) {
      const requested = input.query as unknown as ListRequest;
      const profile = deps.drift("listEntries");
      if (profile === undefined) {
        const page = store.listPage(input.accountId, requested);
        return successEnvelope(new RawJson(page.json), {
          count: page.count,
          page: requested.page,
          per_page: requested.per_page,
          total_count: page.total,
        });
      }
      // Drift: the query the server runs, the page it reads, and what result_info says about it.
      const query = profile.listQuery?.(requested) ?? requested;
      const readPage = (page: ListRequest) =>
        profile.deletion === "listed"
          ? store.listJsonWithDeleted(input.accountId, page)
          : store.listJson(input.accountId, page, profile.searchMatches);
      const read = readPage(query);
      const { items, total } = profile.listResult?.(read, requested, readPage) ?? read;
      const entryDrift = profile.entry;
      const json =
        entryDrift === undefined ? items : items.map((item) => JSON.stringify(rewrite(item, entryDrift)));
      const resultInfo: ResultInfo = {
        count: items.length,
        page: query.page,
        per_page: query.per_page,
        total_count: total,
      };
      profile.resultInfo?.(resultInfo, requested);
      return successEnvelope(new RawJson(`[${json.join(",")}]`), resultInfo);
    },

    getEntry(input) {
      const json = store.getJson(input.accountId, input.params.impersonation_registry_id as string);
      if (json === undefined) throw apiErrors.entryNotFound();
      const entryDrift = deps.drift("getEntry")?.entry;
      return successEnvelope(entryDrift === undefined ? new RawJson(json) : rewrite(json, entryDrift));
    },

    createEntry(input) {
      const profile = deps.drift("createEntry");
      const body = profile?.createBody?.(input.body as CreateEntryBody) ?? (input.body as CreateEntryBody);
      createFormats.checkDependentFormats(body);
      const revived = profile?.reusesDeletedIds ? deletedIds.take(input.accountId, body.email) : undefined;
      const created = store.create(input.accountId, body, new Date(deps.now()).toISOString(), revived);
      return successEnvelope(present(created, profile));
    },

    updateEntry(input) {
      const profile = deps.drift("updateEntry");
      const existing = find(input);
      if (isDirectorySynced(existing)) throw apiErrors.directorySynced();
      const requested = input.body as UpdateEntryBody;
      const patch = profile?.patchBody?.(requested) ?? requested;
      updateFormats.checkDependentFormats(patch, existing);
      // modified_at must move even when two writes land in the same millisecond.
      const modifiedAt = Math.max(deps.now(), Date.parse(existing.modified_at) + 1);
      const base = profile?.patchesStale ? (previousVersions.get(existing.id) ?? existing) : existing;
      if (profile?.patchesStale) previousVersions.set(existing.id, existing);
      const updated = patched(base, patch, new Date(modifiedAt).toISOString());
      if (profile?.patchDiscarded !== true) store.update(updated);
      return successEnvelope(present(updated, profile));
    },

    deleteEntry(input) {
      const id = input.params.impersonation_registry_id as string;
      const profile = deps.drift("deleteEntry");
      const deletion = profile?.deletion;
      if (profile?.reusesDeletedIds) {
        const entry = store.get(input.accountId, id);
        if (entry) deletedIds.remember(input.accountId, entry.email, id);
      }
      const found =
        deletion === "kept"
          ? store.getJson(input.accountId, id) !== undefined
          : store.delete(input.accountId, id, { tombstone: deletion === "listed" });
      if (!found) throw apiErrors.entryNotFound();
      return successEnvelope({ id });
    },
  };
}

/** Ids of deleted entries by account and address: a create with that address takes one back. */
function addressBook() {
  const ids = new Map<string, string>();
  const key = (accountId: string, email: string) => `${accountId}\n${email}`;
  return {
    remember: (accountId: string, email: string, id: string) => ids.set(key(accountId, email), id),
    take(accountId: string, email: string): string | undefined {
      const id = ids.get(key(accountId, email));
      ids.delete(key(accountId, email));
      return id;
    },
  };
}
