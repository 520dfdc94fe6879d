/**
 * `live`: someone's production account. Credentials only from the environment;
 * writes only with --allow-writes; one scenario at a time unless --concurrency
 * says otherwise, so a run stays far below the API's rate limit.
 */
import { targetIdentity } from "@impersonation-registry/engine";
import { credentialsFromEnv, DEFAULT_LIVE_BASE_URL } from "./env.ts";
import type { Target, TargetOptions } from "./target.ts";

/** Deletes every marked entry of the account, whatever its age: what a run says to use when it left some. */
export const SWEEP_COMMAND = "npm run contract -- sweep --target live --older-than 0";

/** Throws (exit 2, naming the variables) before any request when credentials are missing. */
export function liveTarget(options: Pick<TargetOptions, "env" | "allowWrites" | "concurrency">): Target {
  const { auth, accountId, secrets } = credentialsFromEnv(options.env, "live");
  const baseUrl = options.env.CLOUDFLARE_BASE_URL || DEFAULT_LIVE_BASE_URL;
  return {
    info: {
      name: "live",
      identity: targetIdentity("live", baseUrl, accountId),
      baseUrl,
      capabilities: {
        stateful: true,
        writable: options.allowWrites,
        exactStatuses: true,
        answersMalformedBodies: true,
      },
    },
    accountId,
    auth,
    secrets,
    concurrency: options.concurrency ?? 1,
    startDurations: {},
    description: `live API at ${baseUrl} (${options.allowWrites ? "writes allowed" : "read-only: no --allow-writes"})`,
    sweepHint: `remove them with: ${SWEEP_COMMAND}`,
    close: async () => {},
  };
}

export async function startLiveTarget(options: TargetOptions): Promise<Target> {
  return liveTarget(options);
}
