/**
 * Shared by the generation tests (and bench/catch-rate.ts): a sandbox target started in this process
 * on a port the OS picks (fresh temporary database, optionally a drift profile), generation run
 * against it with the repository's spec and one run's marker, and the drift profiles generation
 * must catch, each with the failure class that names it.
 */

import type { Exchange } from "@impersonation-registry/engine";
import type { DriftProfileId } from "@impersonation-registry/sandbox";
import { spec, specHash } from "@impersonation-registry/types/spec";
import {
  type GenerationFailure,
  type GenerationOptions,
  type GenerationResult,
  runGenerated,
} from "../../src/generation/index.ts";
import { markerFor } from "../../src/safety/marker.ts";
import type { Target } from "../../src/targets/index.ts";
import { startSandboxTarget } from "../../src/targets/sandbox.ts";

export const RUN_ID = "20261203T091015Z-dce689";

export function sandboxTarget(drift?: DriftProfileId): Promise<Target> {
  return startSandboxTarget({
    specPath: "",
    specHash,
    allowWrites: true,
    sandboxUrl: undefined,
    concurrency: undefined,
    env: {},
    sandboxDrift: drift,
  });
}

export function generate(
  target: Target,
  options: Omit<GenerationOptions, "spec" | "target" | "marker" | "budget"> & { budget?: number },
): Promise<GenerationResult> {
  return runGenerated({ spec, target, marker: markerFor(RUN_ID), budget: 600, ...options });
}

export interface ExpectedClass {
  rule: string;
  operation: RegExp;
  pointer: RegExp;
}

const WRITE = /^(createEntry|updateEntry)$/;

/**
 * [profile, the failure class that names it (rule, operation, pointer), the longest its failure
 * shrinks to at seed 1 (faults.test.ts)].
 */
export const FAULTS: [DriftProfileId, ExpectedClass, number][] = [
  // Text stored cut or mangled shows in the answer to whichever write sent it first: a create, or a
  // PATCH of an entry whose created text the store kept whole.
  ["name-truncated", { rule: "returns what was written", operation: WRITE, pointer: /^\/result\/name$/ }, 1],
  [
    "emoji-mangled",
    { rule: "returns what was written", operation: WRITE, pointer: /^\/result\/(name|comments)$/ },
    1,
  ],
  [
    "search-wildcards",
    { rule: "lists no entry the query excludes", operation: /^listEntries$/, pointer: /^\/result$/ },
    2,
  ],
  // Two entries of a name and a walk one per page, or three and a walk two per page.
  [
    "paging-skips-ties",
    {
      rule: "a walk sees every entry the query must find",
      operation: /^listEntries$/,
      pointer: /^\/result$/,
    },
    4,
  ],
  ["id-resurrected", { rule: "issues a new id", operation: /^createEntry$/, pointer: /^\/result\/id$/ }, 3],
  [
    "patch-stale",
    { rule: "returns what was written", operation: /^updateEntry$/, pointer: /^\/result\// },
    3,
  ],
];

/** The run's first failure of the expected class, if it found one. */
export function failureOf(result: GenerationResult, expected: ExpectedClass): GenerationFailure | undefined {
  return result.failures.find(
    ({ class: found }) =>
      found.rule === expected.rule &&
      expected.operation.test(found.operation) &&
      expected.pointer.test(found.pointer),
  );
}

/**
 * `count` seeds spread over the range a run draws its seed from (0 to 2³¹ − 1) by a fixed formula,
 * Knuth's multiplicative hash of 1, 2, 3…: seeds no one picked because they pass.
 */
export function spreadSeeds(count: number): number[] {
  return Array.from({ length: count }, (_, i) => Number((BigInt(i + 1) * 2_654_435_761n) % 2n ** 31n));
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The requests of a run as a list of `METHOD path?query body`, each server-issued id replaced by
 * its order of first appearance (`#1`): two runs sent the same requests when these are equal.
 */
export function requestLines(exchanges: readonly Exchange[]): string[] {
  const ids = new Map<string, string>();
  const stable = (text: string) =>
    text.replace(UUID, (id) => {
      if (!ids.has(id)) ids.set(id, `#${ids.size + 1}`);
      return ids.get(id) as string;
    });
  return exchanges.map(({ request }) => {
    const url = new URL(request.url);
    return stable(
      `${request.method} ${url.pathname}${url.search} ${request.bodyText ?? JSON.stringify(request.body) ?? ""}`,
    );
  });
}
