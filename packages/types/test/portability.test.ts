/**
 * What tools that read the spec without status ranges or with examples need (Dredd ignores `4XX`,
 * Specmatic fails on a spec with both `4XX` and `5XX`; Prism's static mock and Dredd serve and
 * assert examples), checked without any of those tools: every operation has an explicit 2xx and an
 * explicit 4xx response with an example, and every example of the spec — request bodies, responses,
 * parameters — is valid against its schema.
 */
import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import { specOperations } from "@impersonation-registry/spec-bundle/operations";
import { describe, expect, it } from "vitest";
import { spec } from "../src/spec.ts";

type Node = Record<string, unknown>;
const node = (value: unknown): Node => (typeof value === "object" && value !== null ? (value as Node) : {});

/** Every example of a media type or parameter: `example`, or each of `examples` by name. */
function examplesOf(holder: Node): [name: string, value: unknown][] {
  if (holder.example !== undefined) return [["example", holder.example]];
  return Object.entries(node(holder.examples)).map(([name, example]) => [name, node(example).value]);
}

interface Example {
  where: string;
  schema: object;
  value: unknown;
}

/** Every example the spec holds with the schema it illustrates, named by where it is. */
function allExamples(): Example[] {
  const found: Example[] = [];
  const add = (where: string, holder: Node) => {
    for (const [name, value] of examplesOf(holder))
      found.push({ where: `${where} ${name}`, schema: node(holder.schema), value });
  };
  for (const { id, parameters, operation } of specOperations(spec)) {
    for (const parameter of parameters) add(`${id} parameter ${parameter.name}`, node(parameter));
    for (const [type, media] of Object.entries(node(node(operation.requestBody).content)))
      add(`${id} request ${type}`, node(media));
    for (const [status, response] of Object.entries(node(operation.responses)))
      for (const [type, media] of Object.entries(node(node(response).content)))
        add(`${id} ${status} ${type}`, node(media));
  }
  return found;
}

const statusesWithExamples = (operation: Node, pattern: RegExp) =>
  Object.entries(node(operation.responses))
    .filter(
      ([status, response]) =>
        pattern.test(status) &&
        Object.values(node(node(response).content)).some((media) => examplesOf(node(media)).length > 0),
    )
    .map(([status]) => status);

describe("every operation", () => {
  for (const { id, operation } of specOperations(spec)) {
    it(`${id}: an explicit 2xx and an explicit 4xx response, each with an example`, () => {
      expect(statusesWithExamples(operation, /^2\d\d$/)).not.toEqual([]);
      expect(statusesWithExamples(operation, /^4\d\d$/)).not.toEqual([]);
    });
  }
});

describe("every example of the spec", () => {
  const ajv = createSpecAjv(spec, { allErrors: true });
  const examples = allExamples();

  it("is found: bodies, responses (named examples too) and parameters", () => {
    const places = new Set(examples.map(({ where }) => where.split(" ")[1]));
    expect(places).toEqual(new Set(["parameter", "request", "200", "400", "403", "429", "4XX", "5XX"]));
  });

  for (const { where, schema, value } of examples) {
    it(`${where} is valid against its schema`, () => {
      const validate = ajv.compile(schema);
      expect(validate(value), JSON.stringify(validate.errors)).toBe(true);
    });
  }

  it("a wrong example would be caught", () => {
    const [first] = examples.filter(({ where }) => where.startsWith("createEntry 400"));
    expect(first).toBeDefined();
    const validate = ajv.compile((first as Example).schema);
    expect(validate({ ...(first?.value as Node), success: true })).toBe(false);
  });
});
