/**
 * How often the default run catches each sandbox fault profile generation exists for: a fresh
 * sandbox with the profile per seed, generation at its default budget and settings (as a run
 * without options does), over seeds 1..N and as many more spread over the range a run draws its
 * seed from. Seeds next to each other share most of their rounds (round r of seed s is seeded
 * s + r), so the spread seeds are the independent ones. Per profile: the seeds caught (a failure
 * of the class the profile's row names), how many of them as the run's first failure, the seeds
 * caught at half the budget — the margin the default has — and the longest shrunk failure; then
 * the seeds missed. A clean
 * sandbox over the same seeds is the baseline: no failure, and what a run costs there.
 * Measured, never asserted (test/generation/fault-seeds.test.ts asserts a few seeds).
 *
 *   node bench/catch-rate.ts     (BENCH_SEEDS=50 for 50 + 50 seeds; PROFILES=patch-stale,clean for some)
 */
import { median } from "@impersonation-registry/history";
import type { DriftProfileId } from "@impersonation-registry/sandbox";
import { DEFAULT_BUDGET, type GenerationResult } from "../src/generation/index.ts";
import { FAULTS, failureOf, generate, sandboxTarget, spreadSeeds } from "../test/generation/helpers.ts";

const COUNT = Number(process.env.BENCH_SEEDS ?? 30);
const SEEDS = [...Array.from({ length: COUNT }, (_, i) => i + 1), ...spreadSeeds(COUNT)];
const HALF = DEFAULT_BUDGET / 2;
const only = process.env.PROFILES?.split(",").filter(Boolean);

async function run(
  profile: DriftProfileId | undefined,
  seed: number,
  budget: number,
): Promise<{ result: GenerationResult; ms: number }> {
  const target = await sandboxTarget(profile);
  const started = performance.now();
  try {
    return { result: await generate(target, { seed, budget }), ms: performance.now() - started };
  } finally {
    await target.close();
  }
}

const pad = (value: string | number, width: number) => String(value).padStart(width);
console.log(
  `generation at budget ${DEFAULT_BUDGET}, default settings, a fresh sandbox per run; seeds 1..${COUNT} and ${COUNT} spread (${SEEDS.at(COUNT)}…)`,
);
console.log(`${"profile".padEnd(18)}  caught   first  at ${HALF}  longest shrunk  median ms  missed`);

for (const [profile, expected] of FAULTS) {
  if (only && !only.includes(profile)) continue;
  const missed: number[] = [];
  const ms: number[] = [];
  let first = 0;
  let half = 0;
  let longest = 0;
  for (const seed of SEEDS) {
    const full = await run(profile, seed, DEFAULT_BUDGET);
    ms.push(full.ms);
    const failure = failureOf(full.result, expected);
    if (failure === undefined) missed.push(seed);
    else {
      if (full.result.failures[0] === failure) first++;
      longest = Math.max(longest, failure.sequence.length);
    }
    if (failureOf((await run(profile, seed, HALF)).result, expected)) half++;
  }
  const caught = `${SEEDS.length - missed.length}/${SEEDS.length}`;
  console.log(
    `${profile.padEnd(18)} ${pad(caught, 7)} ${pad(first, 7)} ${pad(half, 7)} ${pad(longest, 15)} ${pad(Math.round(median(ms)), 10)}  ${missed.join(", ") || "none"}`,
  );
}

if (!only || only.includes("clean")) {
  const failed: string[] = [];
  const ms: number[] = [];
  const requests: number[] = [];
  const commands: number[] = [];
  const sequences: number[] = [];
  for (const seed of SEEDS) {
    const { result, ms: took } = await run(undefined, seed, DEFAULT_BUDGET);
    ms.push(took);
    requests.push(result.requests);
    commands.push(result.commands);
    sequences.push(result.sequences);
    for (const failure of result.failures) failed.push(`seed ${seed}: ${failure.message}`);
  }
  console.log(
    `\nclean sandbox: ${failed.length} failures over ${SEEDS.length} seeds; per run (median) ${median(requests)} requests, ${median(sequences)} sequences, ${median(commands)} commands, ${Math.round(median(ms))} ms`,
  );
  for (const line of failed) console.log(`  ${line}`);
}
