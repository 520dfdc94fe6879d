/** The reference model as the seeds and the spec describe the registry, case by case. */
import { spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { formatChecker } from "../../src/generation/formats.ts";
import { specInputs } from "../../src/generation/inputs.ts";
import {
  type Fields,
  type ListQuery,
  type Presence,
  RegistryModel,
} from "../../src/generation/registry-model.ts";

const inputs = specInputs(spec);
const rules = {
  entry: inputs.entry,
  create: inputs.createEntry.body ?? {},
  update: inputs.updateEntry.body ?? {},
  check: formatChecker(spec),
};

const STAMP = "2026-12-03T09:10:15.000Z";
const MANUAL = { name: "Jane Roe", email: "jane.roe@example.com", is_email_regex: false, comments: "vip" };
const SYNCED = { ...MANUAL, name: "Synced", provenance: "SNOOPY-OFFICE_365" };

/** A model holding one created entry, answered by a server that set the documented fields. */
function withEntry(written: Fields, id = "0b8d6c3e-2f4a-4c1e-9a57-3d2e1f0c9b8a") {
  const model = new RegistryModel(rules);
  const answer = { ...written, id, created_at: STAMP, modified_at: STAMP, last_modified: STAMP, risk: "x" };
  return { model, entry: model.created(answer, written) };
}

describe("create", () => {
  const cases: [string, Fields, string][] = [
    ["an address, not a pattern", { ...MANUAL }, "accepted"],
    [
      "a pattern that compiles",
      { ...MANUAL, email: "^jane\\.roe@example\\.com$", is_email_regex: true },
      "accepted",
    ],
    [
      "a pattern that does not compile (x-format-by)",
      { ...MANUAL, email: "(jane", is_email_regex: true },
      "refused",
    ],
    ["an address that is not one (x-format-by)", { ...MANUAL, email: "jane roe" }, "refused"],
  ];
  for (const [name, body, kind] of cases) {
    it(`${name}: ${kind}`, () => {
      expect(new RegistryModel(rules).create(body).kind).toBe(kind);
    });
  }

  it("learns what the server set, but not deprecated or undocumented fields, and issues the id", () => {
    const { model, entry } = withEntry(MANUAL);
    expect(entry.fields).toEqual({ ...MANUAL, id: entry.id, created_at: STAMP, modified_at: STAMP });
    expect(model.issued(entry.id)).toBe(true);
    expect(model.label(entry.id)).toBe("e1");
  });
});

describe("patch", () => {
  const cases: [string, Fields, Fields, string, string[]][] = [
    ["one field of a manual entry", MANUAL, { comments: null }, "accepted", []],
    ["a directory-synced entry", SYNCED, { comments: "x" }, "refused", ["a read-only entry"]],
    [
      "the flag, leaving an address that is no pattern",
      MANUAL,
      { is_email_regex: true, email: "(" },
      "refused",
      ["invalid input"],
    ],
    [
      "a directory provenance on a manual entry: it is directory-synced from then on",
      MANUAL,
      { provenance: "SNOOPY-OFFICE_365" },
      "accepted",
      [],
    ],
  ];
  for (const [name, written, body, kind, causes] of cases) {
    it(`${name}: ${kind}`, () => {
      const { model, entry } = withEntry(written);
      const outcome = model.patch(entry.id, body);
      expect(outcome.kind).toBe(kind);
      if (outcome.kind !== "accepted") expect(outcome.causes).toEqual(causes);
    });
  }

  it("changes only the given fields, and takes the server's modified_at", () => {
    const { model, entry } = withEntry(MANUAL);
    const outcome = model.patch(entry.id, { comments: null });
    expect(outcome).toEqual({ kind: "accepted", fields: { ...entry.fields, comments: null } });
    model.patched(entry.id, { comments: null }, { modified_at: "2026-12-03T09:10:16.000Z" });
    expect(model.entry(entry.id)?.fields).toEqual({
      ...entry.fields,
      comments: null,
      modified_at: "2026-12-03T09:10:16.000Z",
    });
    expect(model.entry(entry.id)?.written).toEqual({ ...MANUAL, comments: null });
  });
});

describe("a PATCH that sets a directory provenance", () => {
  it("is accepted, and every later PATCH of the entry is refused, one that sets the manual provenance back included", () => {
    const { model, entry } = withEntry(MANUAL);
    model.patched(entry.id, { provenance: "SNOOPY-OFFICE_365" }, { modified_at: STAMP });
    for (const body of [{ comments: "x" }, { provenance: "A1S_INTERNAL" }])
      expect(model.patch(entry.id, body)).toEqual({ kind: "refused", causes: ["a read-only entry"] });
    expect(model.delete(entry.id).kind).toBe("accepted");
  });
});

describe("delete", () => {
  it("a deleted entry is gone from get, patch and delete, still issued, still known to lists", () => {
    const { model, entry } = withEntry(SYNCED);
    expect(model.delete(entry.id).kind).toBe("accepted");
    model.deleted(entry.id);
    for (const outcome of [
      model.get(entry.id),
      model.patch(entry.id, { comments: "x" }),
      model.delete(entry.id),
    ])
      expect(outcome).toEqual({ kind: "refused", causes: ["an unknown id"] });
    expect(model.live()).toEqual([]);
    expect(model.gone().map((gone) => gone.id)).toEqual([entry.id]);
    expect(model.issued(entry.id)).toBe(true);
    expect(model.known(entry.id)?.id).toBe(entry.id);
  });
});

describe("presence in a list", () => {
  const cases: [string, Fields, ListQuery, Presence][] = [
    ["no filter", MANUAL, {}, "must"],
    ["its provenance", SYNCED, { provenance: "SNOOPY-OFFICE_365" }, "must"],
    ["another provenance", SYNCED, { provenance: "A1S_INTERNAL" }, "never"],
    ["a piece of its name", MANUAL, { search: "ne R" }, "must"],
    ["its name in another case (the spec leaves case open)", MANUAL, { search: "JANE" }, "may"],
    [
      "a piece of its email only (the spec says what search reads no further)",
      MANUAL,
      { search: "roe@" },
      "may",
    ],
    ["the term padded with spaces (trimmed or not)", MANUAL, { search: " Jane  " }, "may"],
    ["a term none of its texts contains", MANUAL, { search: "Ja_e" }, "never"],
    ["a wildcard that matches anything in LIKE", MANUAL, { search: "%" }, "never"],
    [
      "its name, under another provenance",
      MANUAL,
      { search: "Jane", provenance: "SNOOPY-OFFICE_365" },
      "never",
    ],
  ];
  for (const [name, written, query, presence] of cases) {
    it(`${name}: ${presence}`, () => {
      const { model, entry } = withEntry(written);
      expect(model.presence(entry, query)).toBe(presence);
    });
  }
});
