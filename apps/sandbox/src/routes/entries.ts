/** The five operations, keyed by operationId; input arrives validated against the spec. */
import type {
  CreateEntryBody,
  ImpersonationRegistryEntry,
  OperationId,
  UpdateEntryBody,
} from "@impersonation-registry/types";
import { RawJson, type SuccessEnvelope, successEnvelope } from "../envelope.ts";
import { apiErrors } from "../errors.ts";
import type { EntryStore, ListRequest, StoredEntry } from "../store/entries.ts";
import { checkEmail, type Validators } from "../validation.ts";

export interface OperationInput {
  accountId: string;
  params: Record<string, unknown>;
  query: Record<string, unknown>;
  body: unknown;
}

export interface OperationDeps {
  store: EntryStore;
  validators: Validators;
  /** The active drift's rewrite of entry objects, if any. */
  entryDrift: () => ((entry: Record<string, unknown>) => void) | undefined;
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

  function present(entry: StoredEntry): ImpersonationRegistryEntry {
    const api = store.toApi(entry);
    deps.entryDrift()?.(api as Record<string, unknown>);
    return api;
  }

  function find(input: OperationInput): StoredEntry {
    const entry = store.get(input.accountId, input.params.impersonation_registry_id as string);
    if (entry === undefined) throw apiErrors.entryNotFound();
    return entry;
  }

  return {
    listEntries(input) {
      const query = input.query as unknown as ListRequest;
      const drift = deps.entryDrift();
      if (drift === undefined) {
        const page = store.listPage(input.accountId, query);
        return successEnvelope(new RawJson(page.json), {
          count: page.count,
          page: query.page,
          per_page: query.per_page,
          total_count: page.total,
        });
      }
      const { items, total } = store.listJson(input.accountId, query);
      const json = items.map((item) => JSON.stringify(rewrite(item, drift)));
      return successEnvelope(new RawJson(`[${json.join(",")}]`), {
        count: items.length,
        page: query.page,
        per_page: query.per_page,
        total_count: total,
      });
    },

    getEntry(input) {
      const json = store.getJson(input.accountId, input.params.impersonation_registry_id as string);
      if (json === undefined) throw apiErrors.entryNotFound();
      const drift = deps.entryDrift();
      return successEnvelope(drift === undefined ? new RawJson(json) : rewrite(json, drift));
    },

    createEntry(input) {
      const body = input.body as CreateEntryBody;
      checkEmail(validators, body.email, body.is_email_regex);
      return successEnvelope(
        present(store.create(input.accountId, body, new Date(deps.now()).toISOString())),
      );
    },

    updateEntry(input) {
      const existing = find(input);
      if (isDirectorySynced(existing)) throw apiErrors.directorySynced();
      const patch = input.body as UpdateEntryBody;
      if (patch.email !== undefined || patch.is_email_regex !== undefined) {
        checkEmail(
          validators,
          patch.email ?? existing.email,
          patch.is_email_regex ?? existing.is_email_regex,
        );
      }
      // modified_at must move even when two writes land in the same millisecond.
      const modifiedAt = Math.max(deps.now(), Date.parse(existing.modified_at) + 1);
      return successEnvelope(present(store.update(existing, patch, new Date(modifiedAt).toISOString())));
    },

    deleteEntry(input) {
      const id = input.params.impersonation_registry_id as string;
      if (!store.delete(input.accountId, id)) throw apiErrors.entryNotFound();
      return successEnvelope({ id });
    },
  };
}
