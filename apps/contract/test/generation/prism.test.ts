/**
 * The generators checked against the spec itself, through Prism (a real process), which validates
 * every request against it: each positive example is accepted, each negative one that breaks a rule
 * of the schema refused. A value that breaks only the `x-format-by` rule is accepted there — Prism
 * does not read the extension, only the API and the sandbox enforce it — and generation does not
 * judge it on a target that keeps no state.
 */
import { specHash, specPath } from "@impersonation-registry/types/spec";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { GenerationResult } from "../../src/generation/index.ts";
import type { Target } from "../../src/targets/index.ts";
import { startMockTarget } from "../../src/targets/mock.ts";
import { generate } from "./helpers.ts";

let mock: Target;
let result: GenerationResult;

beforeAll(async () => {
  mock = await startMockTarget({
    specPath,
    specHash,
    allowWrites: true,
    sandboxUrl: undefined,
    concurrency: undefined,
    env: {},
  });
  result = await generate(mock, { seed: 7, budget: 150 });
}, 60_000);
afterAll(() => mock?.close());

/** Each exchange's request as generation labelled it in its step. */
const labelled = (part: string) => result.exchanges.filter((exchange) => exchange.step.includes(part));
const statuses = (exchanges: typeof result.exchanges) =>
  [...new Set(exchanges.map((e) => e.response.status))].sort();

describe("examples on the Prism mock", () => {
  it("runs with no failure: what the spec allows is accepted, what it forbids refused", () => {
    expect(result.failures.map((failure) => failure.message)).toEqual([]);
    expect(result.requests).toBeGreaterThan(100);
  });

  it("positive examples of every operation are accepted (2xx)", () => {
    const positive = result.exchanges.filter((exchange) => !exchange.step.includes("(negative:"));
    expect(new Set(positive.map((exchange) => exchange.operation))).toEqual(
      new Set(["listEntries", "getEntry", "createEntry", "updateEntry", "deleteEntry"]),
    );
    expect(statuses(positive).every((status) => status >= 200 && status < 300)).toBe(true);
  });

  it("negative examples that break the schema are refused (4xx); those that break only x-format-by are not", () => {
    const negative = labelled("(negative:");
    const schemaRule = negative.filter((exchange) => !exchange.step.includes("(x-format-by)"));
    expect(schemaRule.length).toBeGreaterThan(10);
    expect(statuses(schemaRule).every((status) => status >= 400 && status < 500)).toBe(true);
    const extension = labelled("(x-format-by)");
    expect(extension.length).toBeGreaterThan(0);
    expect(statuses(extension).every((status) => status >= 200 && status < 300)).toBe(true);
  });
});
