/**
 * The locator against the real spec: each pointer the contract and spec:diff
 * write lands on the node named (checked on the text itself: the line holds
 * the node's key at the column given), shared components give one yamlPath
 * from every operation, and what the spec does not have falls back to the
 * nearest enclosing node, saying which. Composition, cycles and other files'
 * references are exercised on a small spec written here.
 */
import { describe, expect, it } from "vitest";
import { type SpecLocation, type SpecPointer, specLocator } from "../src/locate.ts";
import { CONTRACT_CASES, SPEC_DIFF_CASES } from "./cases.ts";
import { expectKeyOnLine, SPEC_TEXT, valueAt } from "./spec-text.ts";

const locator = specLocator(SPEC_TEXT);

describe("every pointer the contract and spec:diff write lands on its node in the real spec", () => {
  for (const { rule, target, yamlPath, fallback, missing } of [...CONTRACT_CASES, ...SPEC_DIFF_CASES]) {
    const at = `${target.in ?? "response"} ${target.operation} ${target.status ?? ""} "${target.pointer}"`;
    it(`${rule}: ${at} → ${yamlPath || "(document)"}${fallback ? ` (${fallback})` : ""}`, () => {
      const location = locator.locate(target);
      expect(location.yamlPath).toBe(yamlPath);
      expect(location.fallback).toBe(fallback);
      expect(location.missing).toBe(missing);
      expect(valueAt(location.yamlPath)).toBeDefined();
      expectKeyOnLine(location);
    });
  }
});

describe("operations that share a component get the same yamlPath; different nodes do not", () => {
  const cases: [string, SpecPointer, SpecPointer, boolean][] = [
    [
      "is_email_regex: a list item and a single entry",
      { operation: "listEntries", status: 200, pointer: "/result/*/is_email_regex" },
      { operation: "updateEntry", status: 200, pointer: "/result/is_email_regex" },
      true,
    ],
    [
      "is_email_regex: createEntry and getEntry",
      { operation: "createEntry", status: 200, pointer: "/result/is_email_regex" },
      { operation: "getEntry", status: 200, pointer: "/result/is_email_regex" },
      true,
    ],
    [
      "errors[].code: a 4XX and a 429",
      { operation: "getEntry", status: 404, pointer: "/errors/*/code" },
      { operation: "deleteEntry", status: 429, pointer: "/errors/0/code" },
      true,
    ],
    [
      "cf-ray: the list's 200 and the delete's 5XX",
      { operation: "listEntries", status: 200, pointer: "/headers/cf-ray" },
      { operation: "deleteEntry", status: 503, pointer: "/headers/CF-Ray" },
      true,
    ],
    [
      "the account id: a path item parameter of two paths",
      { operation: "listEntries", in: "request", pointer: "/path/account_id" },
      { operation: "deleteEntry", in: "request", pointer: "/path/account_id" },
      true,
    ],
    [
      "a status is the operation's own",
      { operation: "getEntry", status: 200, pointer: "/status" },
      { operation: "updateEntry", status: 200, pointer: "/status" },
      false,
    ],
    [
      "the create and update bodies are two schemas",
      { operation: "createEntry", in: "request", pointer: "/body/name" },
      { operation: "updateEntry", in: "request", pointer: "/body/name" },
      false,
    ],
    [
      "a response field and the request field of the same name",
      { operation: "createEntry", status: 200, pointer: "/result/name" },
      { operation: "createEntry", in: "request", pointer: "/body/name" },
      false,
    ],
  ];
  for (const [name, a, b, same] of cases) {
    it(name, () => {
      const [first, second] = [locator.locate(a), locator.locate(b)];
      expect(first.fallback ?? second.fallback).toBeUndefined();
      expect(first.yamlPath === second.yamlPath).toBe(same);
      if (same) expect(first).toEqual(second);
    });
  }
});

describe("the operation's own node", () => {
  for (const [operation, method] of [
    ["listEntries", "get"],
    ["createEntry", "post"],
    ["updateEntry", "patch"],
    ["deleteEntry", "delete"],
  ]) {
    it(`${operation} → its \`${method}:\` line`, () => {
      const location = locator.operation(operation as string);
      expect(location.key).toBe(method);
      expect(location.fallback).toBeUndefined();
      expectKeyOnLine(location);
      expect((valueAt(location.yamlPath) as { operationId: string }).operationId).toBe(operation);
    });
  }
  it("an operation the spec does not have → the document", () => {
    expect(locator.operation("archiveEntry")).toMatchObject({ line: 1, column: 1, fallback: "document" });
  });
});

// A spec with what the real one does not use: composition, nullable refs, cycles, other files, bodies that are not JSON.
const COMPOSED = `openapi: 3.0.3
info: { title: composed, version: "1" }
paths:
  /things:
    get:
      operationId: listThings
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  owner:
                    nullable: true
                    allOf:
                      - $ref: "#/components/schemas/Person"
                  pet:
                    oneOf:
                      - $ref: "#/components/schemas/Cat"
                      - $ref: "#/components/schemas/Dog"
                  tags:
                    anyOf:
                      - type: array
                        items:
                          $ref: "#/components/schemas/Tag"
                  loop:
                    $ref: "#/components/schemas/LoopA"
                  remote:
                    $ref: "other.yaml#/Remote"
        "204":
          description: no body
    post:
      operationId: createThing
      requestBody:
        content:
          text/plain:
            schema: { type: string }
      responses:
        default:
          description: anything
components:
  schemas:
    Person:
      type: object
      properties:
        name: { type: string }
    Cat:
      type: object
      properties:
        meows: { type: boolean }
    Dog:
      type: object
      properties:
        barks: { type: boolean }
    Tag:
      type: object
      properties:
        label: { type: string }
    LoopA:
      $ref: "#/components/schemas/LoopB"
    LoopB:
      $ref: "#/components/schemas/LoopA"
`;

describe("composition, nullable refs, cycles, other files and bodies without JSON", () => {
  const composed = specLocator(COMPOSED);
  const S = "/components/schemas";
  const BODY = "/paths/~1things/get/responses/200/content/application~1json/schema";
  const cases: [string, SpecPointer, Partial<SpecLocation>][] = [
    [
      "through a nullable allOf",
      { operation: "listThings", status: 200, pointer: "/owner/name" },
      { yamlPath: `${S}/Person/properties/name` },
    ],
    [
      "the oneOf branch that has the key",
      { operation: "listThings", status: 200, pointer: "/pet/barks" },
      { yamlPath: `${S}/Dog/properties/barks` },
    ],
    [
      "the first oneOf branch",
      { operation: "listThings", status: 200, pointer: "/pet/meows" },
      { yamlPath: `${S}/Cat/properties/meows` },
    ],
    [
      "items inside an anyOf",
      { operation: "listThings", status: 200, pointer: "/tags/3/label" },
      { yamlPath: `${S}/Tag/properties/label` },
    ],
    [
      "a key no branch has → the composed schema",
      { operation: "listThings", status: 200, pointer: "/pet/purrs" },
      { yamlPath: `${BODY}/properties/pet`, fallback: "schema", missing: "/purrs" },
    ],
    [
      "a $ref cycle stops where it closes",
      { operation: "listThings", status: 200, pointer: "/loop/x" },
      { yamlPath: `${S}/LoopB`, fallback: "schema", missing: "/x" },
    ],
    [
      "another file's $ref is not followed",
      { operation: "listThings", status: 200, pointer: "/remote/x" },
      { yamlPath: `${BODY}/properties/remote`, fallback: "schema", missing: "/x" },
    ],
    [
      "a response without a body → the response",
      { operation: "listThings", status: 204, pointer: "/owner" },
      { yamlPath: "/paths/~1things/get/responses/204", fallback: "response" },
    ],
    [
      "a header the response does not document → the response",
      { operation: "listThings", status: 200, pointer: "/headers/x-trace" },
      { yamlPath: "/paths/~1things/get/responses/200", fallback: "response" },
    ],
    [
      "a status under default",
      { operation: "createThing", status: 418, pointer: "/status" },
      { yamlPath: "/paths/~1things/post/responses/default" },
    ],
    [
      "a request body that is not JSON → the request body",
      { operation: "createThing", in: "request", pointer: "/body/x" },
      { yamlPath: "/paths/~1things/post/requestBody", fallback: "request-body" },
    ],
    [
      "no credentials where nothing declares security → the operation",
      { operation: "createThing", in: "request", pointer: "/headers/authorization" },
      { yamlPath: "/paths/~1things/post", fallback: "operation" },
    ],
  ];
  for (const [name, target, expected] of cases) {
    it(name, () => {
      const location = composed.locate(target);
      expect(location).toMatchObject(expected);
      expect(location.fallback).toBe(expected.fallback);
      expect(location.missing).toBe(expected.missing);
    });
  }
});

describe("a spec that is not YAML", () => {
  it("throws one line naming the file, line and column", () => {
    expect(() => specLocator("openapi: 3.0.3\npaths: [\n", "broken.yaml")).toThrow(
      /^broken\.yaml:\d+:\d+: YAML syntax error: [^\n]+$/,
    );
  });
});
