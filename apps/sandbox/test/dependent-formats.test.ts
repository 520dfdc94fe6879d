/**
 * The spec's `x-format-by` rule on `email` (an address or a pattern, by `is_email_regex`): enforced
 * over HTTP on create and update (a PATCH reads the stored value of what it leaves out), and read
 * from the spec — validators compiled from an edited copy of the document follow the edit.
 */
import { specOperations } from "@impersonation-registry/spec-bundle/operations";
import { type SpecDocument, spec } from "@impersonation-registry/types/spec";
import { describe, expect, it } from "vitest";
import { ApiError } from "../src/errors.ts";
import { compileValidators } from "../src/validation.ts";
import { sandboxForFile } from "./helpers.ts";

const file = sandboxForFile();

const ADDRESS = "ceo@example.com";
const PATTERN = "^ceo\\.(ops|fin)@example\\.com$";
const BROKEN_PATTERN = "(ceo";

/** The error every refusal of the rule answers: 400, code 10400, pointing at the dependent field. */
function expectRefused(reply: { status: number; body: { errors: unknown[] } }, message: string) {
  expect(reply.status).toBe(400);
  expect(reply.body.errors).toEqual([{ code: 10400, message, source: { pointer: "/email" } }]);
}

describe("create: email has the format is_email_regex names", () => {
  it.each([
    ["an address, is_email_regex false", ADDRESS, false, null],
    ["an address with a plus tag, is_email_regex false", "ceo+board@example.com", false, null],
    [
      "not an address, is_email_regex false",
      "the ceo",
      false,
      "Invalid request body: email is not a valid email address (is_email_regex is false)",
    ],
    [
      "a pattern, is_email_regex false",
      PATTERN,
      false,
      "Invalid request body: email is not a valid email address (is_email_regex is false)",
    ],
    ["a pattern that compiles, is_email_regex true", PATTERN, true, null],
    ["an address (it compiles as a pattern), is_email_regex true", ADDRESS, true, null],
    [
      "an unclosed group, is_email_regex true",
      BROKEN_PATTERN,
      true,
      "Invalid request body: email is not a valid regular expression (is_email_regex is true)",
    ],
    [
      "an unclosed class, is_email_regex true",
      "[a-z@example\\.com",
      true,
      "Invalid request body: email is not a valid regular expression (is_email_regex is true)",
    ],
  ] as const)("%s", async (_name, email, isRegex, refusal) => {
    const reply = await file.api.create({ name: "Format", email, is_email_regex: isRegex });
    if (refusal === null) {
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result).toMatchObject({ email, is_email_regex: isRegex });
    } else expectRefused(reply, refusal);
  });
});

describe("update: a field the PATCH leaves out is read from the stored entry", () => {
  const stored = {
    address: { name: "Stored address", email: ADDRESS, is_email_regex: false },
    pattern: { name: "Stored pattern", email: PATTERN, is_email_regex: true },
  } as const;
  it.each([
    [
      "only is_email_regex false on a stored pattern",
      "pattern",
      { is_email_regex: false },
      "Invalid request body: the stored email is not a valid email address (is_email_regex is false)",
    ],
    ["only is_email_regex true on a stored address", "address", { is_email_regex: true }, null],
    ["only email, a pattern, on a stored pattern", "pattern", { email: "^cfo@example\\.com$" }, null],
    [
      "only email, a broken pattern, on a stored pattern",
      "pattern",
      { email: BROKEN_PATTERN },
      "Invalid request body: email is not a valid regular expression (the stored is_email_regex is true)",
    ],
    ["only email, an address, on a stored address", "address", { email: "cfo@example.com" }, null],
    [
      "only email, a pattern, on a stored address",
      "address",
      { email: PATTERN },
      "Invalid request body: email is not a valid email address (the stored is_email_regex is false)",
    ],
    [
      "both, an address and false, on a stored pattern",
      "pattern",
      { email: ADDRESS, is_email_regex: false },
      null,
    ],
    [
      "both, a broken pattern and true, on a stored address",
      "address",
      { email: BROKEN_PATTERN, is_email_regex: true },
      "Invalid request body: email is not a valid regular expression (is_email_regex is true)",
    ],
    ["neither, on a stored pattern", "pattern", { name: "Renamed" }, null],
  ] as const)("%s", async (_name, kind, patch, refusal) => {
    const created = await file.api.create(stored[kind]);
    expect(created.status, created.text).toBe(200);
    const id = created.body.result.id as string;
    const reply = await file.api.update(id, patch);
    if (refusal === null) {
      expect(reply.status, reply.text).toBe(200);
      expect(reply.body.result).toMatchObject(patch);
    } else {
      expectRefused(reply, refusal);
      // A refused PATCH changes nothing.
      expect((await file.api.get(id)).body.result).toMatchObject(stored[kind]);
    }
  });
});

describe("the rule is the spec's", () => {
  type Schema = { properties: Record<string, object> } & Record<string, unknown>;
  const schemas = (document: SpecDocument) =>
    document.components?.schemas as { CreateEntryBody: Schema } & Record<string, unknown>;
  /** createEntry's `application/json` media type object, in place. */
  const createBody = (document: SpecDocument) => {
    const create = specOperations(document).find((operation) => operation.id === "createEntry");
    const requestBody = create?.operation.requestBody as { content: Record<string, { schema: object }> };
    return requestBody.content["application/json"] as { schema: object };
  };
  const emailOfCreate = (document: SpecDocument) =>
    (createBody(document).schema as Schema).properties.email as Record<string, unknown>;

  /** A copy of the bundled spec, edited. */
  function edited(edit: (document: SpecDocument) => void): SpecDocument {
    const document = structuredClone(spec);
    edit(document);
    return document;
  }
  const swapped = { property: "is_email_regex", formats: { false: "regex", true: "email" } };

  /** What createEntry's rule says of a body: null when accepted, else the error's message and pointer. */
  function verdict(document: SpecDocument, body: Record<string, unknown>) {
    try {
      compileValidators(document).operation("createEntry").checkDependentFormats(body);
      return null;
    } catch (error) {
      if (!(error instanceof ApiError)) throw error;
      return { status: error.status, ...error.details[0] };
    }
  }
  const refusal = (message: string, pointer = "/email") => ({
    status: 400,
    code: 10400,
    message: `Invalid request body: ${message}`,
    source: { pointer },
  });

  it.each([
    [
      "as bundled: not an address",
      spec,
      { email: "the ceo", is_email_regex: false },
      refusal("email is not a valid email address (is_email_regex is false)"),
    ],
    [
      "without x-format-by: not an address is accepted",
      edited((document) => {
        delete emailOfCreate(document)["x-format-by"];
      }),
      { email: "the ceo", is_email_regex: false },
      null,
    ],
    [
      "without x-format-by: a broken pattern is accepted",
      edited((document) => {
        delete emailOfCreate(document)["x-format-by"];
      }),
      { email: BROKEN_PATTERN, is_email_regex: true },
      null,
    ],
    [
      "formats swapped: a pattern with is_email_regex false is accepted",
      edited((document) => {
        emailOfCreate(document)["x-format-by"] = swapped;
      }),
      { email: PATTERN, is_email_regex: false },
      null,
    ],
    [
      "formats swapped: a broken pattern with is_email_regex false is refused",
      edited((document) => {
        emailOfCreate(document)["x-format-by"] = swapped;
      }),
      { email: BROKEN_PATTERN, is_email_regex: false },
      refusal("email is not a valid regular expression (is_email_regex is false)"),
    ],
    [
      "formats swapped: a pattern with is_email_regex true is refused",
      edited((document) => {
        emailOfCreate(document)["x-format-by"] = swapped;
      }),
      { email: PATTERN, is_email_regex: true },
      refusal("email is not a valid email address (is_email_regex is true)"),
    ],
    [
      "the rule reached through $refs (body schema and property)",
      edited((document) => {
        schemas(document).Email = emailOfCreate(document);
        schemas(document).CreateEntryBody.properties.email = { $ref: "#/components/schemas/Email" };
        createBody(document).schema = { $ref: "#/components/schemas/CreateEntryBody" };
      }),
      { email: "the ceo", is_email_regex: false },
      refusal("email is not a valid email address (is_email_regex is false)"),
    ],
    [
      "a rule on another property, with another format",
      edited((document) => {
        (createBody(document).schema as Schema).properties.comments = {
          type: "string",
          "x-format-by": { property: "is_email_regex", formats: { true: "uuid" } },
        };
      }),
      { email: PATTERN, is_email_regex: true, comments: "not a uuid" },
      refusal("comments is not a valid uuid (is_email_regex is true)", "/comments"),
    ],
  ] as const)("%s", (_name, document, body, expected) => {
    expect(verdict(document, body)).toEqual(expected);
  });

  it("compiles the formats the spec names when warmed, not per request", async () => {
    const unknown = edited((document) => {
      emailOfCreate(document)["x-format-by"] = {
        property: "is_email_regex",
        formats: { false: "no-such-format" },
      };
    });
    await expect(compileValidators(unknown).warm()).rejects.toThrow(/unknown format "no-such-format"/);
    await expect(compileValidators(spec).warm()).resolves.toBeUndefined();
  });
});
