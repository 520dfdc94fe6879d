/** Requests without credentials and with a token nobody issued are refused with the error envelope. */
import { refused } from "./expect.ts";
import { COLLECTION } from "./operations.ts";
import type { Scenario } from "./types.ts";

export const auth: Scenario<Record<string, never>> = {
  name: "auth",
  summary: "no credentials, and a bad token, are refused with a 4XX and the error envelope",
  init: () => ({}),
  steps: [
    {
      name: "no credentials",
      operation: "listEntries",
      send: (env) => env.anonymous.GET(COLLECTION, { params: { path: { account_id: env.accountId } } }),
      expect: [refused()],
    },
    {
      name: "bad token",
      operation: "listEntries",
      send: (env) => env.badToken.GET(COLLECTION, { params: { path: { account_id: env.accountId } } }),
      // Telling a bad token from a good one needs the target's credential store: Prism checks presence only.
      expect: [refused({ stateful: true })],
    },
  ],
};
