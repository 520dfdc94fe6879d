/**
 * Each sandbox drift profile added for generated inputs and sequences (the drift matrix shows the
 * fixed scenarios pass the first five), against generation at its default budget and settings: caught,
 * named by the class its table row says, shrunk to a short sequence, and replayed by its seed — the
 * same failure from the same requests on a fresh sandbox. Each run stops at its first failure class.
 */
import type { DriftProfileId } from "@impersonation-registry/sandbox";
import { describe, expect, it } from "vitest";
import { DEFAULT_BUDGET, type GenerationResult } from "../../src/generation/index.ts";
import { FAULTS, generate, requestLines, sandboxTarget } from "./helpers.ts";

const SEED = 1;

async function caught(profile: DriftProfileId): Promise<GenerationResult> {
  const target = await sandboxTarget(profile);
  try {
    return await generate(target, { seed: SEED, budget: DEFAULT_BUDGET, maxFailures: 1 });
  } finally {
    await target.close();
  }
}

describe("faults generation finds", () => {
  for (const [profile, expected, longest] of FAULTS) {
    it(`${profile}: caught as "${expected.rule}", shrunk to ${longest} command(s) at most, replayed by its seed`, async () => {
      const first = await caught(profile);
      const failure = first.failures[0];
      expect(failure?.class.rule).toBe(expected.rule);
      expect(failure?.class.operation).toMatch(expected.operation);
      expect(failure?.class.pointer).toMatch(expected.pointer);
      expect(failure?.sequence.length).toBeGreaterThan(0);
      expect(failure?.sequence.length).toBeLessThanOrEqual(longest);
      expect(failure?.curl).toHaveLength(failure?.requests.length ?? -1);
      expect(
        failure?.curl.every((line) => line.includes('"Authorization: Bearer $CLOUDFLARE_API_TOKEN"')),
      ).toBe(true);

      const replay = await caught(profile);
      expect(replay.failures[0]?.class).toEqual(failure?.class);
      expect(replay.failures[0]?.sequence).toEqual(failure?.sequence);
      expect(requestLines(replay.failures[0]?.requests ?? [])).toEqual(requestLines(failure?.requests ?? []));
      expect(requestLines(replay.exchanges)).toEqual(requestLines(first.exchanges));
    });
  }
});
