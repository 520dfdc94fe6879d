/**
 * No credentials, and a token nobody issued, are refused in the error envelope with the status each
 * cause implies: 400 (or 401) for missing credentials, 403 code 9109 for an unknown token. The token
 * has Cloudflare's shape (40 characters), so the "unknown token" path is probed, not "malformed header".
 */
import { refusal } from "./expect.ts";
import { COLLECTION } from "./operations.ts";
import type { Scenario } from "./types.ts";

export const auth: Scenario<Record<string, never>> = {
  name: "auth",
  summary:
    "no credentials → 400/401, a well-formed token nobody issued → 403 code 9109, in the error envelope",
  init: () => ({}),
  steps: [
    {
      name: "no credentials",
      operation: "listEntries",
      send: (env) => env.anonymous.GET(COLLECTION, { params: { path: { account_id: env.accountId } } }),
      expect: refusal("missing credentials"),
    },
    {
      name: "unknown token",
      operation: "listEntries",
      send: (env) => env.badToken.GET(COLLECTION, { params: { path: { account_id: env.accountId } } }),
      // Telling a bad token from a good one needs the target's credential store: Prism checks presence only.
      expect: refusal("an unknown token", { stateful: true }),
    },
  ],
};
