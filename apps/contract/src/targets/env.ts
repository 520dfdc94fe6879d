/** Reads the CLOUDFLARE_* variables the official SDK reads; missing ones are a configuration error (exit 2). */

import type { Secret } from "@impersonation-registry/client";
import { RunnerError } from "../errors.ts";
import type { Auth } from "./target.ts";

export const DEFAULT_LIVE_BASE_URL = "https://api.cloudflare.com/client/v4";

export interface EnvCredentials {
  auth: Auth;
  accountId: string;
  secrets: Secret[];
}

export function credentialsFromEnv(env: Record<string, string | undefined>, target: string): EnvCredentials {
  const token = env.CLOUDFLARE_API_TOKEN;
  const email = env.CLOUDFLARE_EMAIL;
  const key = env.CLOUDFLARE_API_KEY;
  const accountId = env.CLOUDFLARE_ACCOUNT_ID;
  const missing: string[] = [];
  if (!token) {
    if (email && !key) missing.push("CLOUDFLARE_API_KEY");
    else if (key && !email) missing.push("CLOUDFLARE_EMAIL");
    else if (!email && !key)
      missing.push("CLOUDFLARE_API_TOKEN (or CLOUDFLARE_EMAIL and CLOUDFLARE_API_KEY)");
  }
  if (!accountId) missing.push("CLOUDFLARE_ACCOUNT_ID");
  if (missing.length > 0 || !accountId) {
    throw new RunnerError(
      "missing-credentials",
      `target ${target} needs ${missing.join(" and ")} in the environment`,
    );
  }
  if (token) {
    return { auth: { apiToken: token }, accountId, secrets: tokenSecrets(token) };
  }
  const apiEmail = email as string;
  const apiKey = key as string;
  return {
    auth: { apiEmail, apiKey },
    accountId,
    secrets: [
      { value: apiKey, placeholder: "$CLOUDFLARE_API_KEY" },
      { value: apiEmail, placeholder: "$CLOUDFLARE_EMAIL" },
    ],
  };
}

export function tokenSecrets(token: string): Secret[] {
  return [{ value: token, placeholder: "$CLOUDFLARE_API_TOKEN" }];
}
