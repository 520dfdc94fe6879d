/**
 * The same `get` (and listing) done four ways: raw fetch (the baseline), bare openapi-fetch,
 * this package, and the official `cloudflare` SDK. Each returns the entry so no one can skip work.
 */
import type { paths } from "@impersonation-registry/types";

export const ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";
export const ENTRY_ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";
export const TOKEN = "bench-token";
const ITEM =
  "/accounts/{account_id}/email-security/settings/impersonation_registry/{impersonation_registry_id}";

export type Get = () => Promise<unknown>;
export type Contestant = "raw fetch" | "openapi-fetch" | "client" | "cloudflare SDK";
export const CONTESTANTS: Contestant[] = ["raw fetch", "openapi-fetch", "client", "cloudflare SDK"];

/** Builds one contestant's `get`; imports happen here so cold start can time them. */
export async function makeGet(kind: Contestant, baseUrl: string): Promise<Get> {
  switch (kind) {
    case "raw fetch": {
      const url = `${baseUrl}/accounts/${ACCOUNT_ID}/email-security/settings/impersonation_registry/${ENTRY_ID}`;
      const init = { headers: { authorization: `Bearer ${TOKEN}` } };
      return async () => {
        const response = await fetch(url, init);
        const body = (await response.json()) as { success: boolean; result: unknown };
        if (!response.ok || !body.success) throw new Error(`status ${response.status}`);
        return body.result;
      };
    }
    case "openapi-fetch": {
      const { default: createFetchClient } = await import("openapi-fetch");
      const client = createFetchClient<paths>({ baseUrl, headers: { authorization: `Bearer ${TOKEN}` } });
      const params = { path: { account_id: ACCOUNT_ID, impersonation_registry_id: ENTRY_ID } };
      return async () => {
        const { data, response } = await client.GET(ITEM, { params });
        if (!data?.success) throw new Error(`status ${response.status}`);
        return data.result;
      };
    }
    case "client": {
      const { createClient } = await import("@impersonation-registry/client");
      const client = createClient({ apiToken: TOKEN, accountId: ACCOUNT_ID, baseUrl, readEnv: false });
      return () => client.get(ENTRY_ID);
    }
    case "cloudflare SDK": {
      const { default: Cloudflare } = await import("cloudflare");
      const sdk = new Cloudflare({ apiToken: TOKEN, baseURL: baseUrl });
      return () => sdk.emailSecurity.settings.impersonationRegistry.get(ENTRY_ID, { account_id: ACCOUNT_ID });
    }
  }
}
