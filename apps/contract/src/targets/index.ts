import { describeError, RunnerError } from "../runner/errors.ts";
import { liveTarget, startLiveTarget } from "./live.ts";
import { startMockTarget } from "./mock.ts";
import { startSandboxTarget } from "./sandbox.ts";
import type { Target, TargetName, TargetOptions } from "./types.ts";

export { TARGET_NAMES, type Target, type TargetName, type TargetOptions } from "./types.ts";

const STARTERS: Record<TargetName, (options: TargetOptions) => Promise<Target>> = {
  mock: startMockTarget,
  sandbox: startSandboxTarget,
  live: startLiveTarget,
};

/**
 * Starts the targets side by side. Configuration is checked first (live
 * credentials before Prism even starts); `onStarted` sees each target as soon
 * as it runs, so a signal arriving meanwhile can still stop it. If one fails,
 * the ones already started are closed and the error is rethrown.
 */
export async function startTargets(
  names: readonly TargetName[],
  options: TargetOptions,
  onStarted: (target: Target) => void,
): Promise<Target[]> {
  if (names.includes("live")) liveTarget(options);
  const started: Target[] = [];
  const results = await Promise.allSettled(
    names.map(async (name) => {
      const target = await STARTERS[name](options);
      started.push(target);
      onStarted(target);
      await assertReachable(target);
      return target;
    }),
  );
  const failed = results.find((result) => result.status === "rejected");
  if (failed) {
    await Promise.allSettled(started.map((target) => target.close()));
    throw failed.reason;
  }
  return results.map((result) => (result as PromiseFulfilledResult<Target>).value);
}

/** Any HTTP answer will do: this only tells "nobody listens there" from a working target. */
async function assertReachable(target: Target): Promise<void> {
  try {
    const response = await fetch(target.info.baseUrl, {
      method: "HEAD",
      signal: AbortSignal.timeout(10_000),
    });
    await response.body?.cancel();
  } catch (error) {
    throw new RunnerError(
      "unreachable-target",
      `target ${target.info.name} is unreachable at ${target.info.baseUrl}: ${describeError(error)}`,
    );
  }
}
