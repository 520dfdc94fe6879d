import type { OperationId } from "@impersonation-registry/engine";

export const COLLECTION = "/accounts/{account_id}/email-security/settings/impersonation_registry";
export const ITEM =
  "/accounts/{account_id}/email-security/settings/impersonation_registry/{impersonation_registry_id}";

/** Typed against OperationId, so a new operation in the spec fails the type-check here until it is classified. */
const METHOD: Record<OperationId, "GET" | "POST" | "PATCH" | "DELETE"> = {
  listEntries: "GET",
  getEntry: "GET",
  createEntry: "POST",
  updateEntry: "PATCH",
  deleteEntry: "DELETE",
};

/** Writes are sent only to writable targets (live needs --allow-writes). */
export function isWrite(operation: OperationId): boolean {
  return METHOD[operation] !== "GET";
}
