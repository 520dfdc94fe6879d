/** An entry whose email is a regular expression: stored and returned verbatim, flagged as a regex, then deleted. */
import type { CreateEntryBody } from "@impersonation-registry/types";
import { type Entry, entryOf, sameFields, stateful, succeeds } from "./expect.ts";
import { COLLECTION, ITEM } from "./operations.ts";
import type { Scenario, StepEnv } from "./types.ts";

interface State {
  sent?: CreateEntryBody;
  created?: Entry;
}

const NAME = "regex-entries";

/** Plus-addressing of the marker address, the case the spec's own regex example protects. */
function pattern(env: StepEnv): string {
  const [local, domain] = env.marker.email("regex").split("@");
  const literal = (text = "") => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return `^${literal(local)}(\\+.*)?@${literal(domain)}$`;
}

const needsId = (state: State) =>
  typeof state.created?.id === "string" ? undefined : "no entry id: step create returned none";
const item = (env: StepEnv, state: State) => ({
  params: { path: { account_id: env.accountId, impersonation_registry_id: state.created?.id as string } },
});
const storedVerbatim = stateful<State>("keeps the pattern verbatim, flagged as a regex", (reply, state) => {
  const entry = entryOf(reply);
  if (entry?.is_email_regex !== true) return `is_email_regex is ${JSON.stringify(entry?.is_email_regex)}`;
  return entry.email === state.sent?.email ? undefined : `email is ${JSON.stringify(entry.email)}`;
});

export const regexEntries: Scenario<State> = {
  name: NAME,
  summary: "create an entry whose email is a regular expression, read it back, delete it",
  init: () => ({}),
  steps: [
    {
      name: "create regex entry",
      operation: "createEntry",
      send: (env, state) => {
        state.sent = {
          name: env.marker.name(NAME),
          email: pattern(env),
          is_email_regex: true,
          comments: env.marker.comments,
        };
        return env.api.POST(COLLECTION, {
          params: { path: { account_id: env.accountId } },
          body: state.sent,
        });
      },
      expect: [succeeds(), storedVerbatim],
      remember: (reply, state) => {
        state.created = entryOf(reply);
      },
    },
    {
      name: "get regex entry",
      operation: "getEntry",
      blockedBy: needsId,
      send: (env, state) => env.api.GET(ITEM, item(env, state)),
      expect: [
        succeeds(),
        storedVerbatim,
        stateful("returns the created entry", (reply, state) => sameFields(state.created, entryOf(reply))),
      ],
    },
    {
      name: "delete regex entry",
      operation: "deleteEntry",
      blockedBy: needsId,
      send: (env, state) => env.api.DELETE(ITEM, item(env, state)),
      expect: [succeeds()],
    },
  ],
};
