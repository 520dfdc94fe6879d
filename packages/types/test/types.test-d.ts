import { describe, expectTypeOf, it } from "vitest";
import type {
  CreateEntryBody,
  DeletedEntry,
  ErrorEnvelope,
  ImpersonationRegistryEntry,
  ListEntriesQuery,
  OperationId,
  Provenance,
  ResponseError,
  UpdateEntryBody,
} from "../src/index.ts";

describe("generated types", () => {
  it("provenance is exactly the four documented values", () => {
    expectTypeOf<Provenance>().toEqualTypeOf<
      "A1S_INTERNAL" | "SNOOPY-CASB_OFFICE_365" | "SNOOPY-OFFICE_365" | "SNOOPY-GOOGLE_DIRECTORY"
    >();
  });

  it("create requires email, is_email_regex and name", () => {
    expectTypeOf<CreateEntryBody["email"]>().toEqualTypeOf<string>();
    expectTypeOf<CreateEntryBody["is_email_regex"]>().toEqualTypeOf<boolean>();
    expectTypeOf<CreateEntryBody["name"]>().toEqualTypeOf<string>();
    // @ts-expect-error name is required
    const missingName: CreateEntryBody = { email: "a@example.com", is_email_regex: false };
    expectTypeOf(missingName).toBeObject();
  });

  it("nullable fields accept null", () => {
    expectTypeOf<ImpersonationRegistryEntry["comments"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<ImpersonationRegistryEntry["directory_id"]>().toEqualTypeOf<number | null | undefined>();
    expectTypeOf<ImpersonationRegistryEntry["directory_node_id"]>().toEqualTypeOf<
      number | null | undefined
    >();
    expectTypeOf<CreateEntryBody["external_directory_node_id"]>().toEqualTypeOf<string | null | undefined>();
    expectTypeOf<ImpersonationRegistryEntry["name"]>().toEqualTypeOf<string | undefined>();
  });

  it("update makes every field optional", () => {
    expectTypeOf<{ name: string }>().toExtend<UpdateEntryBody>();
    expectTypeOf<UpdateEntryBody["provenance"]>().toEqualTypeOf<Provenance | undefined>();
  });

  it("delete result has a required id; errors have a null result", () => {
    expectTypeOf<DeletedEntry["id"]>().toEqualTypeOf<string>();
    expectTypeOf<ErrorEnvelope["result"]>().toEqualTypeOf<null>();
    expectTypeOf<ErrorEnvelope["success"]>().toEqualTypeOf<false>();
  });

  it("each error carries its own error_chain of errors; the envelope has none", () => {
    expectTypeOf<ErrorEnvelope["errors"]>().toEqualTypeOf<ResponseError[]>();
    expectTypeOf<ResponseError["error_chain"]>().toEqualTypeOf<ResponseError[] | undefined>();
    expectTypeOf<ErrorEnvelope>().not.toHaveProperty("error_chain");
  });

  it("list query parameters are typed", () => {
    expectTypeOf<ListEntriesQuery["direction"]>().toEqualTypeOf<"asc" | "desc" | undefined>();
    expectTypeOf<ListEntriesQuery["order"]>().toEqualTypeOf<"name" | "email" | "created_at" | undefined>();
    expectTypeOf<ListEntriesQuery["per_page"]>().toEqualTypeOf<number | undefined>();
  });

  it("operation ids", () => {
    expectTypeOf<OperationId>().toEqualTypeOf<
      "listEntries" | "createEntry" | "getEntry" | "updateEntry" | "deleteEntry"
    >();
  });
});
