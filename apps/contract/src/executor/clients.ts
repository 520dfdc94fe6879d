/**
 * The raw layers the steps send through: the client package's openapi-fetch
 * client with auth, no retries and no throwing, so every status is seen. All
 * three share the recorder's fetch, which captures and retries.
 */
import { createClient } from "@impersonation-registry/client";
import { UNKNOWN_TOKEN } from "@impersonation-registry/engine";
import type { RawApi } from "../scenarios/types.ts";
import type { Target } from "../targets/index.ts";

export function rawClients(target: Target, fetch: (request: Request) => Promise<Response>) {
  const common = {
    baseUrl: target.info.baseUrl,
    accountId: target.accountId,
    fetch,
    readEnv: false,
    maxRetries: 0,
  };
  const raw = (auth: object): RawApi => createClient({ ...common, ...auth }).raw;
  return {
    api: raw(target.auth),
    anonymous: raw({ auth: "none" }),
    badToken: raw({ apiToken: UNKNOWN_TOKEN }),
  };
}
