/**
 * A run draws its seed at random, so each fault generation exists for must be caught at seeds
 * nobody chose: a few spread over the range a run draws from by a fixed formula (`spreadSeeds`),
 * each against a fresh sandbox with the profile, generation at its default budget and settings, as
 * a run without options has it. faults.test.ts follows seed 1 in depth (class, shrinking, replay);
 * bench/catch-rate.ts measures the rate over many seeds.
 */
import { describe, expect, it } from "vitest";
import { DEFAULT_BUDGET } from "../../src/generation/index.ts";
import { FAULTS, failureOf, generate, sandboxTarget, spreadSeeds } from "./helpers.ts";

const SEEDS = spreadSeeds(4);
/** One run at the default budget takes about a second here; a loaded 2-core machine, several. */
const TIMEOUT = { timeout: 30_000 };

describe("each fault is caught by the default run at seeds spread over the range", () => {
  for (const [profile, expected] of FAULTS)
    for (const seed of SEEDS)
      it(`${profile}, seed ${seed}`, TIMEOUT, async () => {
        const target = await sandboxTarget(profile);
        try {
          const result = await generate(target, { seed, budget: DEFAULT_BUDGET });
          const found = result.failures.map((failure) => failure.class);
          expect(failureOf(result, expected), `found instead: ${JSON.stringify(found)}`).toBeDefined();
        } finally {
          await target.close();
        }
      });
});
