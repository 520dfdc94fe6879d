// biome-ignore-all lint/suspicious/noExplicitAny: the test walks an untyped parsed YAML document by path
/**
 * Every fact of the seed documents (shared/seeds), checked against the parsed spec.
 * Expected values are written from the seeds, not copied from the spec.
 */
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";

const specFile = fileURLToPath(new URL("../../../openapi/impersonation-registry.yaml", import.meta.url));
const doc: any = parse(readFileSync(specFile, "utf8"));

const collection = "/accounts/{account_id}/email-security/settings/impersonation_registry";
const item = `${collection}/{impersonation_registry_id}`;
const PROVENANCE = ["A1S_INTERNAL", "SNOOPY-CASB_OFFICE_365", "SNOOPY-OFFICE_365", "SNOOPY-GOOGLE_DIRECTORY"];

/** Follows local $refs so facts can be stated on the resolved shape. */
function deref<T = any>(node: any): T {
  if (node && typeof node.$ref === "string") {
    const target = node.$ref
      .slice(2)
      .split("/")
      .reduce((at: any, key: string) => at?.[key], doc);
    return deref(target);
  }
  return node;
}
const op = (path: string, method: string) => doc.paths[path][method];
const param = (path: string, method: string, name: string) =>
  [...(doc.paths[path].parameters ?? []), ...(op(path, method).parameters ?? [])]
    .map(deref)
    .find((p: any) => p.name === name);
const schema = (name: string) => deref(doc.components.schemas[name]);
const entry = () => schema("ImpersonationRegistryEntry");
const createBody = () => deref(op(collection, "post").requestBody.content["application/json"].schema);
const updateBody = () => deref(op(item, "patch").requestBody.content["application/json"].schema);
const prop = (s: any, name: string) => deref(s.properties[name]);

type Fact = [fact: string, actual: () => unknown, expected: unknown];

const facts: Fact[] = [
  ["server is the v4 API", () => doc.servers[0].url, "https://api.cloudflare.com/client/v4"],
  ["list is GET on the collection", () => op(collection, "get").operationId, "listEntries"],
  ["create is POST on the collection", () => op(collection, "post").operationId, "createEntry"],
  ["get is GET on the item", () => op(item, "get").operationId, "getEntry"],
  ["update is PATCH on the item", () => op(item, "patch").operationId, "updateEntry"],
  ["delete is DELETE on the item", () => op(item, "delete").operationId, "deleteEntry"],
  ["list summary", () => op(collection, "get").summary, "List entries in impersonation registry"],
  ["create summary", () => op(collection, "post").summary, "Create impersonation registry entry"],
  ["get summary", () => op(item, "get").summary, "Get an impersonation registry entry"],
  ["update summary", () => op(item, "patch").summary, "Update an impersonation registry entry"],
  ["delete summary", () => op(item, "delete").summary, "Delete an impersonation registry entry"],
  [
    "update says only provided fields change",
    () => op(item, "patch").description.includes("Only provided fields will be modified."),
    true,
  ],
  [
    "update says directory-synced entries can't be updated",
    () => op(item, "patch").description.includes("Directory-synced entries can't be updated."),
    true,
  ],
  ["account_id is a string", () => param(collection, "get", "account_id").schema.type, "string"],
  ["account_id maxLength 32", () => param(collection, "get", "account_id").schema.maxLength, 32],
  ["account_id required", () => param(item, "get", "account_id").required, true],
  ["entry id in path is a uuid", () => param(item, "get", "impersonation_registry_id").schema.format, "uuid"],
  ["direction enum", () => param(collection, "get", "direction").schema.enum, ["asc", "desc"]],
  ["order enum", () => param(collection, "get", "order").schema.enum, ["name", "email", "created_at"]],
  ["per_page maximum 1000", () => param(collection, "get", "per_page").schema.maximum, 1000],
  ["per_page minimum 1", () => param(collection, "get", "per_page").schema.minimum, 1],
  ["per_page default 20 (seed result_info)", () => param(collection, "get", "per_page").schema.default, 20],
  ["page minimum 1", () => param(collection, "get", "page").schema.minimum, 1],
  ["page default 1 (seed result_info)", () => param(collection, "get", "page").schema.default, 1],
  ["provenance filter enum", () => deref(param(collection, "get", "provenance").schema).enum, PROVENANCE],
  ["search is a string", () => param(collection, "get", "search").schema.type, "string"],
  [
    "create requires email, is_email_regex, name",
    () => [...createBody().required].sort(),
    ["email", "is_email_regex", "name"],
  ],
  ["create name maxLength 1024", () => prop(createBody(), "name").maxLength, 1024],
  ["create comments nullable", () => prop(createBody(), "comments").nullable, true],
  ["create directory_id nullable", () => prop(createBody(), "directory_id").nullable, true],
  ["create directory_node_id nullable", () => prop(createBody(), "directory_node_id").nullable, true],
  [
    "create external_directory_node_id nullable + deprecated",
    () => [
      prop(createBody(), "external_directory_node_id").nullable,
      prop(createBody(), "external_directory_node_id").deprecated,
    ],
    [true, true],
  ],
  ["create provenance enum", () => prop(createBody(), "provenance").enum, PROVENANCE],
  ["update body: no field required", () => updateBody().required, undefined],
  ["update body: at least one field", () => updateBody().minProperties, 1],
  [
    "update body fields",
    () => Object.keys(updateBody().properties).sort(),
    [
      "comments",
      "directory_id",
      "directory_node_id",
      "email",
      "external_directory_node_id",
      "is_email_regex",
      "name",
      "provenance",
    ],
  ],
  [
    "entry fields",
    () => Object.keys(entry().properties).sort(),
    [
      "comments",
      "created_at",
      "directory_id",
      "directory_node_id",
      "email",
      "external_directory_node_id",
      "id",
      "is_email_regex",
      "last_modified",
      "modified_at",
      "name",
      "provenance",
    ],
  ],
  ["entry id uuid", () => prop(entry(), "id").format, "uuid"],
  ["entry created_at date-time", () => prop(entry(), "created_at").format, "date-time"],
  ["entry modified_at date-time", () => prop(entry(), "modified_at").format, "date-time"],
  ["entry last_modified deprecated", () => prop(entry(), "last_modified").deprecated, true],
  ["entry last_modified date-time", () => prop(entry(), "last_modified").format, "date-time"],
  ["entry last_modified end of life", () => prop(entry(), "last_modified")["x-end-of-life"], "2026-11-01"],
  [
    "entry last_modified says use modified_at",
    () => /use `modified_at` instead/.test(prop(entry(), "last_modified").description),
    true,
  ],
  [
    "entry external_directory_node_id deprecated",
    () => prop(entry(), "external_directory_node_id").deprecated,
    true,
  ],
  [
    "entry nullable fields",
    () =>
      Object.entries(entry().properties)
        .filter(([, s]: [string, any]) => deref(s).nullable)
        .map(([k]) => k)
        .sort(),
    ["comments", "directory_id", "directory_node_id", "external_directory_node_id"],
  ],
  ["entry name maxLength 1024", () => prop(entry(), "name").maxLength, 1024],
  ["entry provenance enum", () => prop(entry(), "provenance").enum, PROVENANCE],
  ["delete result requires id", () => schema("DeletedEntry").required, ["id"]],
  [
    "envelope message item requires code and message",
    () => schema("ResponseMessage").required,
    ["code", "message"],
  ],
  ["envelope message code is an integer", () => prop(schema("ResponseMessage"), "code").type, "integer"],
  [
    "envelope message source.pointer",
    () => prop(schema("ResponseMessage"), "source").properties.pointer.type,
    "string",
  ],
  [
    "result_info fields",
    () => Object.keys(schema("ResultInfo").properties).sort(),
    ["count", "page", "per_page", "total_count"],
  ],
  [
    "total_count counts without search parameters",
    () => prop(schema("ResultInfo"), "total_count").description,
    "Total results available without any search parameters.",
  ],
  ["success is true on success", () => deref(schema("EntryEnvelope").properties.success).enum, [true]],
  ["success is false on errors", () => schema("ErrorEnvelope").properties.success.enum, [false]],
  ["errors non-empty on errors", () => schema("ErrorEnvelope").properties.errors.minItems, 1],
  // Not from the seeds: public reports show the chain inside each error (openapi/README.md).
  ["no error_chain on the error envelope", () => schema("ErrorEnvelope").properties.error_chain, undefined],
  [
    "each error may carry an error_chain of errors (recursive)",
    () => schema("ErrorEnvelope").properties.errors.items.$ref,
    "#/components/schemas/ResponseError",
  ],
  [
    "a chain item is an error",
    () => prop(schema("ResponseError"), "error_chain").items.$ref,
    "#/components/schemas/ResponseError",
  ],
  ["an error requires code and message", () => schema("ResponseError").required, ["code", "message"]],
  [
    "bearer token scheme",
    () => [doc.components.securitySchemes.api_token.type, doc.components.securitySchemes.api_token.scheme],
    ["http", "bearer"],
  ],
  ["X-Auth-Email header scheme", () => doc.components.securitySchemes.api_email.name, "X-Auth-Email"],
  ["X-Auth-Key header scheme", () => doc.components.securitySchemes.api_key.name, "X-Auth-Key"],
  ["either scheme is accepted", () => doc.security, [{ api_token: [] }, { api_email: [], api_key: [] }]],
  [
    "create needs Cloud Email Security: Write",
    () => op(collection, "post")["x-api-token-group"],
    ["Cloud Email Security: Write"],
  ],
  [
    "update needs Cloud Email Security: Write",
    () => op(item, "patch")["x-api-token-group"],
    ["Cloud Email Security: Write"],
  ],
  [
    "429 sends Retry-After",
    () => deref(deref(op(item, "get").responses["429"]).headers["Retry-After"]).required,
    true,
  ],
  ["429 sends Ratelimit", () => Boolean(deref(op(item, "get").responses["429"]).headers.Ratelimit), true],
  [
    "429 sends Ratelimit-Policy",
    () => Boolean(deref(op(item, "get").responses["429"]).headers["Ratelimit-Policy"]),
    true,
  ],
];

describe("the spec states every fact of the seed documents", () => {
  for (const [fact, actual, expected] of facts) {
    it(fact, () => {
      expect(actual()).toEqual(expected);
    });
  }
});

describe("every operation documents its responses", () => {
  const operations = Object.entries(doc.paths).flatMap(([path, item]: [string, any]) =>
    ["get", "post", "patch", "delete"].filter((m) => item[m]).map((m) => [path, m] as const),
  );
  it("has the five operations", () => {
    expect(operations).toHaveLength(5);
  });
  for (const [path, method] of operations) {
    const responses = () => op(path, method).responses;
    // 400, 403 and 429 are not in the seeds: their public evidence is cited next to each in the spec.
    it(`${method.toUpperCase()} ${path.split("/").pop()}: a tag, 200, then 400, 403, 429, 4XX and 5XX in the error envelope with cf-ray`, () => {
      expect(op(path, method).tags).toEqual(["Impersonation Registry"]);
      expect(Object.keys(responses()).sort()).toEqual(["200", "400", "403", "429", "4XX", "5XX"]);
      for (const status of ["400", "403", "4XX", "429", "5XX"]) {
        const response = deref(responses()[status]);
        expect(response.content["application/json"].schema.$ref).toBe("#/components/schemas/ErrorEnvelope");
        expect(response.headers["cf-ray"]).toBeDefined();
      }
      expect(deref(responses()["200"]).headers["cf-ray"]).toBeDefined();
    });
  }
});
