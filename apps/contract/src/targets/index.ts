import { describeError, RunnerError } from "../errors.ts";
import { liveTarget, startLiveTarget } from "./live.ts";
import { startMockTarget } from "./mock.ts";
import { startSandboxTarget } from "./sandbox.ts";
import type { Target, TargetName, TargetOptions } from "./target.ts";

export { TARGET_NAMES, type Target, type TargetName, type TargetOptions } from "./target.ts";

const STARTERS: Record<TargetName, (options: TargetOptions) => Promise<Target>> = {
  mock: startMockTarget,
  sandbox: startSandboxTarget,
  live: startLiveTarget,
};

/** Configuration errors surface before anything starts: live credentials are checked before Prism is spawned. */
export function checkConfiguration(names: readonly TargetName[], options: TargetOptions): void {
  if (names.includes("live")) liveTarget(options);
}

/**
 * Starts one target and makes sure it answers. `onStarted` sees it before the
 * reachability probe, so whoever tracks it can still stop it if the probe fails.
 */
export async function startTarget(
  name: TargetName,
  options: TargetOptions,
  onStarted: (target: Target) => void,
): Promise<Target> {
  const target = await STARTERS[name](options);
  onStarted(target);
  await assertReachable(target);
  return target;
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
