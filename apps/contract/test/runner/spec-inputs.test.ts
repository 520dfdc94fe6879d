/** The invalid inputs follow the spec: change a bound or an enum and the probes change with it. */
import { spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { specFacts } from "../../src/scenarios/spec-inputs.ts";

const facts = specFacts(spec);
const valid = { name: "contract-test run-1 x", email: "a@example.com", is_email_regex: false, comments: "c" };
const applied = (label: string, inputs: typeof facts.invalidCreateBodies, base: Record<string, unknown>) =>
  inputs.find((input) => input.label === label)?.apply(base);

describe("specFacts", () => {
  it("reads enums and the page size default from the list parameters", () => {
    expect(facts.orders).toEqual(["name", "email", "created_at"]);
    expect(facts.directions).toEqual(["asc", "desc"]);
    expect(facts.provenances).toContain("A1S_INTERNAL");
    expect(facts.perPageDefault).toBe(20);
  });

  const bodies: [string, Record<string, unknown> | undefined][] = [
    ["missing required email", { name: valid.name, is_email_regex: false, comments: "c" }],
    ["is_email_regex of the wrong type (not boolean)", { ...valid, is_email_regex: "not-a-boolean" }],
    ["provenance outside its enum", { ...valid, provenance: `${facts.provenances.join("_")}_UNKNOWN` }],
    ["directory_id of the wrong type (not number)", { ...valid, directory_id: "not-a-number" }],
    ["name null (not nullable)", { ...valid, name: null }],
    ["provenance null (not nullable)", { ...valid, provenance: null }],
  ];
  for (const [label, expected] of bodies) {
    it(`create body: ${label}`, () => {
      expect(applied(label, facts.invalidCreateBodies, valid)).toEqual(expected);
    });
  }

  it("never sends null to a nullable field as if it were invalid", () => {
    const labels = [...facts.invalidCreateBodies, ...facts.invalidUpdateBodies].map((input) => input.label);
    for (const nullable of ["comments", "directory_id", "directory_node_id", "external_directory_node_id"])
      expect(labels).not.toContain(`${nullable} null (not nullable)`);
  });

  const patch = { name: "contract-test run-1 x", comments: "c" };
  const updates: [string, Record<string, unknown> | undefined][] = [
    ["no field (minProperties 1)", {}],
    ["email of the wrong type (not string)", { ...patch, email: 12345 }],
    ["is_email_regex null (not nullable)", { ...patch, is_email_regex: null }],
    ["comments of the wrong type (not string)", { ...patch, comments: 12345 }],
    ["provenance outside its enum", { ...patch, provenance: `${facts.provenances.join("_")}_UNKNOWN` }],
  ];
  for (const [label, expected] of updates) {
    it(`PATCH body: ${label}`, () => {
      expect(applied(label, facts.invalidUpdateBodies, patch)).toEqual(expected);
    });
  }

  it("reads the server-set fields from the entry schema: not in the create body, not deprecated", () => {
    expect(facts.serverSetFields).toEqual(["id", "created_at", "modified_at"]);
  });

  it("probes an account_id of hex characters one past its maxLength", () => {
    expect(facts.invalidAccountIds).toEqual([
      { label: "an account_id longer than maxLength 32", id: expect.stringMatching(/^[0-9a-f]{33}$/) },
    ]);
  });

  it("a name one past maxLength keeps the marker it was built from", () => {
    const body = applied("name longer than maxLength 1024", facts.invalidCreateBodies, valid);
    const name = String(body?.name);
    expect(name).toHaveLength(1025);
    expect(name.startsWith(valid.name)).toBe(true);
  });

  const queries: [string, Record<string, unknown>][] = [
    ["per_page below minimum 1", { per_page: 0 }],
    ["per_page above maximum 1000", { per_page: 1001 }],
    ["page below minimum 1", { page: 0 }],
    ["order outside its enum", { order: "name_email_created_at_UNKNOWN" }],
  ];
  for (const [label, expected] of queries) {
    it(`list query: ${label}`, () => {
      expect(applied(label, facts.invalidListQueries, {})).toEqual(expected);
    });
  }

  it("has no wrong-type probe for a string query parameter (every query value is a string)", () => {
    expect(facts.invalidListQueries.map((input) => input.label)).not.toContain(
      "search of the wrong type (not string)",
    );
  });

  it("probes a non-uuid id because the id parameter has format uuid", () => {
    expect(facts.invalidIds).toEqual([{ label: "an id that is not a uuid", id: "not-a-uuid" }]);
  });

  it("follows the spec: a tighter maximum moves the probe", () => {
    const edited = structuredClone(spec);
    const path = "/accounts/{account_id}/email-security/settings/impersonation_registry";
    const get = edited.paths[path]?.get as { parameters: { name: string; schema: { maximum?: number } }[] };
    const perPage = get.parameters.find((p) => p.name === "per_page");
    if (perPage) perPage.schema.maximum = 50;
    const labels = specFacts(edited).invalidListQueries.map((input) => input.label);
    expect(labels).toContain("per_page above maximum 50");
  });
});
