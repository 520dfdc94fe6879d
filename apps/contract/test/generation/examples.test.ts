/**
 * The generators against the spec itself, judged by the project's ajv setup (what the sandbox
 * validates with): every positive example is valid and keeps the `x-format-by` rule; every negative
 * one breaks exactly the constraint its label names — ajv reports that keyword, and errors at that
 * one place only — or, for the extension's rule, ajv sees nothing and the rule is broken.
 */

import type { OperationId } from "@impersonation-registry/engine";
import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import { parameterSchema, specOperations } from "@impersonation-registry/spec-bundle/operations";
import { spec } from "@impersonation-registry/types/spec";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { type Example, generators } from "../../src/generation/index.ts";
import { resolve } from "../../src/generation/values.ts";
import { markedRunId, markerFor } from "../../src/safety/marker.ts";

const RUN_ID = "20261203T091015Z-dce689";
const gen = generators(spec, markerFor(RUN_ID));
const ajv = createSpecAjv(spec, { allErrors: true });
const coercing = createSpecAjv(spec, { allErrors: true, coerceTypes: true });
const operations = new Map(specOperations(spec).map((operation) => [operation.id, operation]));
const bodySchema = (operation: OperationId) => gen.inputs[operation].body as object;
const pathParameters = (operation: OperationId) =>
  parameterSchema(operations.get(operation)?.parameters ?? [], "path");
const queryParameters = parameterSchema(operations.get("listEntries")?.parameters ?? [], "query");

/** A manual entry as a server would store it, to settle a PATCH's `x-format-by` candidates against. */
const stored = { email: "someone@example.com", is_email_regex: false };
const RUNS = { numRuns: 300, seed: 42 };

/** The ajv keyword that reports each constraint broken. */
const KEYWORD: Record<string, string> = {
  type: "type",
  nullable: "type",
  maxLength: "maxLength",
  minimum: "minimum",
  maximum: "maximum",
  enum: "enum",
  format: "format",
  required: "required",
  minProperties: "minProperties",
};

/** The ajv errors of one example's request, each as `keyword /place`. */
function errorsOf(example: Example): string[] {
  const report = (validate: ReturnType<typeof ajv.compile>, value: unknown, prefix: string) =>
    validate(value)
      ? []
      : (validate.errors ?? []).map((error) => {
          const missing = error.params.missingProperty;
          const place = `${prefix}${error.instancePath}${missing ? `/${missing}` : ""}`;
          return `${error.keyword} ${place}`;
        });
  const { operation } = example;
  const errors = [
    ...report(
      coercing.compile(pathParameters(operation)),
      { ...validPath(operation), ...example.path },
      "/path",
    ),
  ];
  if (example.query !== undefined)
    errors.push(...report(coercing.compile(queryParameters), stringly(example.query), "/query"));
  if (example.body !== undefined)
    errors.push(...report(ajv.compile(bodySchema(operation)), resolve(example.body, stored), "/body"));
  return errors;
}

function validPath(operation: OperationId): Record<string, string> {
  return {
    account_id: "023e105f4ecef8ad9ca31a8372d0c353",
    ...(operation === "getEntry" || operation === "updateEntry" || operation === "deleteEntry"
      ? { impersonation_registry_id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415" }
      : {}),
  };
}

/** A query as it travels: every value a string. */
function stringly(query: Record<string, unknown>): Record<string, string> {
  return Object.fromEntries(Object.entries(query).map(([name, value]) => [name, String(value)]));
}

describe("positive examples", () => {
  const cases: [
    string,
    fc.Arbitrary<Record<string, unknown>>,
    (value: Record<string, unknown>) => unknown,
  ][] = [
    ["create bodies", gen.createBody, (body) => ajv.compile(bodySchema("createEntry"))(resolve(body, {}))],
    ["PATCH bodies", gen.updateBody, (body) => ajv.compile(bodySchema("updateEntry"))(resolve(body, stored))],
    ["list queries", gen.listQuery, (query) => coercing.compile(queryParameters)(stringly(query))],
  ];
  for (const [name, arbitrary, valid] of cases) {
    it(`${name} are valid against the spec`, () => {
      fc.assert(
        fc.property(arbitrary, (value) => valid(value) === true),
        RUNS,
      );
    });
  }

  it("entry ids are of the id parameter's format", () => {
    const validate = coercing.compile(pathParameters("getEntry"));
    fc.assert(
      fc.property(
        gen.entryId,
        (id) => validate({ ...validPath("getEntry"), impersonation_registry_id: id }) === true,
      ),
      RUNS,
    );
  });

  it("create bodies keep x-format-by: an address when is_email_regex is false, a pattern that compiles when true", () => {
    fc.assert(
      fc.property(gen.createBody, (draft) => {
        const body = resolve(draft, {});
        const format = body.is_email_regex ? "regex" : "email";
        return gen.check(format, String(body.email));
      }),
      RUNS,
    );
  });

  it("created names carry the run's marker, and use what the marker leaves of maxLength, no more", () => {
    const maxLength = gen.inputs.createEntry.body?.properties?.name?.maxLength ?? Number.POSITIVE_INFINITY;
    fc.assert(
      fc.property(gen.createBody, (body) => {
        expect(markedRunId(body)).toBe(RUN_ID);
        expect(Array.from(String(body.name)).length).toBeLessThanOrEqual(maxLength);
      }),
      RUNS,
    );
  });
});

describe("negative examples", () => {
  const invalid = Object.entries(gen.invalid).filter(([, arbitrary]) => arbitrary !== undefined) as [
    OperationId,
    fc.Arbitrary<Example>,
  ][];

  for (const [operation, arbitrary] of invalid) {
    it(`${operation}: each breaks exactly the one constraint its label names`, () => {
      fc.assert(
        fc.property(arbitrary, (example) => {
          const violation = example.violation;
          expect(violation).toBeDefined();
          if (violation === undefined) return;
          const errors = errorsOf(example);
          if (!violation.schemaRule) {
            // The extension's rule: ajv sees nothing wrong, the format its sibling names is broken.
            expect(errors).toEqual([]);
            const body = resolve(example.body ?? {}, stored);
            const flag = body.is_email_regex ?? stored.is_email_regex;
            expect(gen.check(flag ? "regex" : "email", String(body.email))).toBe(false);
            return;
          }
          // One place only; an enum's type is its values' too, so a value of another type breaks both there.
          const place =
            violation.name === "" ? `/${violation.location}` : `/${violation.location}/${violation.name}`;
          expect(errors, violation.label).toContain(`${KEYWORD[violation.constraint]} ${place}`);
          expect(new Set(errors.map((error) => error.split(" ")[1])), violation.label).toEqual(
            new Set([place]),
          );
        }),
        RUNS,
      );
    });
  }

  it("names, for each, the cause of the refusal: a malformed id for a path id of the wrong format, invalid input otherwise", () => {
    const all = fc.oneof(...invalid.map(([, arbitrary]) => arbitrary));
    fc.assert(
      fc.property(all, ({ violation }) => {
        const malformedId = violation?.location === "path" && violation.constraint === "format";
        expect(violation?.cause).toBe(malformedId ? "a malformed id" : "invalid input");
      }),
      RUNS,
    );
  });

  it("invalid creates carry the marker wherever the broken field allows", () => {
    const creates = gen.invalid.createEntry as fc.Arbitrary<Example>;
    fc.assert(
      fc.property(creates, (example) => {
        expect(markedRunId(resolve(example.body ?? {}, {}))).toBe(RUN_ID);
      }),
      RUNS,
    );
  });

  it("break every constraint the spec states, derived from the schemas", () => {
    const labels = new Set(
      invalid.flatMap(([operation, arbitrary]) =>
        fc
          .sample(arbitrary, { numRuns: 3_000, seed: 7 })
          .map((example) => `${operation}: ${example.violation?.label}`),
      ),
    );
    const expected = [
      "createEntry: missing required email",
      "createEntry: missing required name",
      "createEntry: name longer than maxLength 1024",
      "createEntry: name null (not nullable)",
      "createEntry: provenance outside its enum",
      "createEntry: is_email_regex of the wrong type (not boolean)",
      "createEntry: email not of the format is_email_regex names (x-format-by)",
      "createEntry: account_id longer than maxLength 32",
      "updateEntry: no field (minProperties 1)",
      "updateEntry: directory_id of the wrong type (not number)",
      "updateEntry: impersonation_registry_id not a uuid",
      "listEntries: per_page above maximum 1000",
      "listEntries: page below minimum 1",
      "listEntries: page a fraction (not an integer)",
      "listEntries: order outside its enum",
      "getEntry: impersonation_registry_id not a uuid",
      "deleteEntry: impersonation_registry_id not a uuid",
    ];
    for (const label of expected) expect([...labels], label).toContain(label);
  });
});
