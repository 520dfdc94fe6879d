/** What the compiler accepts and refuses: the method signatures come from the spec's generated types. */
import {
  type ApiError,
  createClient,
  type DeletedEntry,
  type EntryPage,
  type ImpersonationRegistryEntry,
  type ResponseError,
} from "@impersonation-registry/client";
import { assertType, expectTypeOf, test } from "vitest";

const client = createClient({ apiToken: "t", accountId: "a" });

test("results are typed from the spec", () => {
  expectTypeOf(client.get("id")).resolves.toEqualTypeOf<ImpersonationRegistryEntry>();
  expectTypeOf(client.list()).resolves.toEqualTypeOf<EntryPage>();
  expectTypeOf(client.delete("id")).resolves.toEqualTypeOf<DeletedEntry>();
  expectTypeOf(client.listAll()).toEqualTypeOf<AsyncGenerator<ImpersonationRegistryEntry, void>>();
  expectTypeOf<ImpersonationRegistryEntry["provenance"]>().toEqualTypeOf<
    "A1S_INTERNAL" | "SNOOPY-CASB_OFFICE_365" | "SNOOPY-OFFICE_365" | "SNOOPY-GOOGLE_DIRECTORY" | undefined
  >();
  expectTypeOf<ApiError["errors"]>().toEqualTypeOf<ResponseError[]>();
  expectTypeOf<ApiError["codes"]>().toEqualTypeOf<number[]>();
});

test("create() needs every required field and no unknown one", () => {
  assertType(client.create({ email: "a@example.com", is_email_regex: false, name: "A" }));
  // @ts-expect-error name is required
  assertType(client.create({ email: "a@example.com", is_email_regex: false }));
  // @ts-expect-error mail is not a field (email is)
  assertType(client.create({ mail: "a@example.com", is_email_regex: false, name: "A" }));
  // @ts-expect-error is_email_regex is a boolean
  assertType(client.create({ email: "a@example.com", is_email_regex: "no", name: "A" }));
  const valid = { email: "a@example.com", is_email_regex: false, name: "A" } as const;
  // @ts-expect-error provenance is an enum
  assertType(client.create({ ...valid, provenance: "manual" }));
});

test("update() takes any non-empty subset of the fields", () => {
  assertType(client.update("id", { name: "B" }));
  assertType(client.update("id", { comments: null, is_email_regex: true }));
  // @ts-expect-error an empty update is refused by the API (minProperties: 1)
  assertType(client.update("id", {}));
  // @ts-expect-error nickname is not a field
  assertType(client.update("id", { nickname: "B" }));
});

test("list() queries are the spec's parameters", () => {
  assertType(client.list({ order: "created_at", direction: "desc", provenance: "SNOOPY-OFFICE_365" }));
  // @ts-expect-error order by id is not offered
  assertType(client.list({ order: "id" }));
  // @ts-expect-error per_page is a number
  assertType(client.listAll({ per_page: "1000" }));
});

test("raw calls are typed by path and method", () => {
  const path = "/accounts/{account_id}/email-security/settings/impersonation_registry" as const;
  assertType(client.raw.GET(path, { params: { path: { account_id: "a" }, query: { page: 2 } } }));
  // @ts-expect-error account_id is required
  assertType(client.raw.GET(path, { params: { path: {} } }));
  // @ts-expect-error the collection has no PATCH
  assertType(client.raw.PATCH(path, { params: { path: { account_id: "a" } }, body: { name: "x" } }));
});

test("options are checked", () => {
  // @ts-expect-error auth only takes "none"
  createClient({ auth: "basic" });
  // @ts-expect-error timeout is in milliseconds, a number
  createClient({ timeout: "60s" });
});
