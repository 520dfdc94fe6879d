/** Every resource method against Prism mocking the spec: requests the spec accepts, responses it documents. */

import {
  createClient,
  type ImpersonationRegistryClient,
  type ImpersonationRegistryEntry,
  UnprocessableEntityError,
} from "@impersonation-registry/client";
import { startPrism } from "@impersonation-registry/prism";
import { afterAll, beforeAll, describe, expect, expectTypeOf, test } from "vitest";

const ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";
const ENTRY_ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
// Prism answers with the spec's examples, so these are what every method must return.
const EXAMPLE_ENTRY = {
  id: ENTRY_ID,
  comments: null,
  created_at: "2026-03-02T09:15:27.104Z",
  directory_id: null,
  directory_node_id: null,
  email: "john.doe@example.com",
  external_directory_node_id: null,
  is_email_regex: false,
  modified_at: "2026-03-02T09:15:27.104Z",
  name: "John Doe",
  provenance: "A1S_INTERNAL",
};

let prism: Awaited<ReturnType<typeof startPrism>>;
let client: ImpersonationRegistryClient;

beforeAll(async () => {
  prism = await startPrism();
  client = createClient({
    apiToken: "prism-token",
    accountId: ACCOUNT_ID,
    baseUrl: prism.baseUrl,
    readEnv: false,
  });
});
afterAll(async () => {
  await prism?.close();
});

describe("against Prism", () => {
  test("list() returns a page of entries and its result_info", async () => {
    const page = await client.list({ per_page: 20, order: "name", direction: "asc" });
    expectTypeOf(page.result).toEqualTypeOf<ImpersonationRegistryEntry[]>();
    expect(page.result[0]).toEqual(EXAMPLE_ENTRY);
    expect(page.result).toHaveLength(2);
    expect(page.resultInfo).toEqual({ count: 2, page: 1, per_page: 20, total_count: 2 });
  });

  test("listAll() iterates the entries and stops on the short page", async () => {
    const emails: string[] = [];
    for await (const item of client.listAll({ per_page: 20 })) emails.push(item.email ?? "");
    expect(emails).toEqual(["john.doe@example.com", "jane.roe@example.com"]);
  });

  test("get() returns the entry", async () => {
    const got = await client.get(ENTRY_ID);
    expectTypeOf(got).toEqualTypeOf<ImpersonationRegistryEntry>();
    expect(got).toEqual(EXAMPLE_ENTRY);
  });

  test("create() sends a body the spec accepts and returns the entry", async () => {
    const created = await client.create({
      email: "john.doe@example.com",
      is_email_regex: false,
      name: "John Doe",
    });
    expect(created).toEqual(EXAMPLE_ENTRY);
  });

  test("update() sends a partial body and returns the entry", async () => {
    expect(await client.update(ENTRY_ID, { name: "John Doe", comments: null })).toEqual(EXAMPLE_ENTRY);
  });

  test("delete() returns the deleted id", async () => {
    const deleted = await client.delete(ENTRY_ID);
    expectTypeOf(deleted.id).toEqualTypeOf<string>();
    expect(deleted).toEqual({ id: ENTRY_ID });
  });

  test("a request the spec refuses becomes a typed error (Prism says 422 where Cloudflare says 400)", async () => {
    await expect(client.get("not-a-uuid", { maxRetries: 0 })).rejects.toBeInstanceOf(
      UnprocessableEntityError,
    );
  });

  test("raw calls without credentials see Prism's 401 as data", async () => {
    const anonymous = createClient({ auth: "none", baseUrl: prism.baseUrl, readEnv: false });
    const { data, response } = await anonymous.raw.GET(
      "/accounts/{account_id}/email-security/settings/impersonation_registry",
      { params: { path: { account_id: ACCOUNT_ID } } },
    );
    expect([data, response.status]).toEqual([undefined, 401]);
  });
});
