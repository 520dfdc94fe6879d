/** create → get → appears in list → patch one field → only it changed → delete → get is 404 → gone from list. */
import type { CreateEntryBody } from "@impersonation-registry/types";
import {
  type Entry,
  entriesOf,
  entryOf,
  refused,
  resultOf,
  sameFields,
  stateful,
  succeeds,
} from "./expect.ts";
import { COLLECTION, ITEM } from "./operations.ts";
import type { Scenario, StepDef, StepEnv } from "./types.ts";

interface State {
  sent?: CreateEntryBody;
  created?: Entry;
  patched?: Entry;
  newComments?: string;
}

const NAME = "lifecycle";
/** Fields a server may change on any write. */
const WRITE_STAMPS = ["modified_at", "last_modified"];

const needsId = (state: State) =>
  typeof state.created?.id === "string" ? undefined : "no entry id: step create returned none";
const idOf = (state: State) => state.created?.id as string;
const item = (env: StepEnv, state: State) => ({
  params: { path: { account_id: env.accountId, impersonation_registry_id: idOf(state) } },
});
const listed = (env: StepEnv, state: State) =>
  env.api.GET(COLLECTION, {
    params: { path: { account_id: env.accountId }, query: { search: state.sent?.name, per_page: 1000 } },
  });
const inList = (state: State, entries: Entry[]) => entries.some((entry) => entry.id === state.created?.id);

const steps: StepDef<State>[] = [
  {
    name: "create",
    operation: "createEntry",
    send: (env, state) => {
      state.sent = {
        name: env.marker.name(NAME),
        email: env.marker.email(NAME),
        is_email_regex: false,
        comments: env.marker.comments,
      };
      return env.api.POST(COLLECTION, { params: { path: { account_id: env.accountId } }, body: state.sent });
    },
    expect: [
      succeeds(),
      stateful("returns what was sent", (reply, state) =>
        sameFields({ ...state.sent }, pick(entryOf(reply), Object.keys(state.sent ?? {}))),
      ),
    ],
    remember: (reply, state) => {
      state.created = entryOf(reply);
    },
  },
  {
    name: "get",
    operation: "getEntry",
    blockedBy: needsId,
    send: (env, state) => env.api.GET(ITEM, item(env, state)),
    expect: [
      succeeds(),
      stateful("returns the created entry", (reply, state) => sameFields(state.created, entryOf(reply))),
    ],
  },
  {
    name: "appears in list",
    operation: "listEntries",
    blockedBy: needsId,
    send: listed,
    expect: [
      succeeds(),
      stateful("lists the created entry", (reply, state) =>
        inList(state, entriesOf(reply)) ? undefined : "not in the search results",
      ),
    ],
  },
  {
    name: "patch comments",
    operation: "updateEntry",
    blockedBy: needsId,
    send: (env, state) => {
      state.newComments = `${env.marker.comments} (patched)`;
      return env.api.PATCH(ITEM, { ...item(env, state), body: { comments: state.newComments } });
    },
    expect: [
      succeeds(),
      stateful("only comments changed", (reply, state) => {
        const patched = entryOf(reply);
        if (patched?.comments !== state.newComments)
          return `comments is ${JSON.stringify(patched?.comments)}`;
        return sameFields(state.created, patched, ["comments", ...WRITE_STAMPS]);
      }),
    ],
    remember: (reply, state) => {
      state.patched = entryOf(reply);
    },
  },
  {
    name: "get after patch",
    operation: "getEntry",
    blockedBy: needsId,
    send: (env, state) => env.api.GET(ITEM, item(env, state)),
    expect: [
      succeeds(),
      stateful("returns the patched entry", (reply, state) => sameFields(state.patched, entryOf(reply))),
    ],
  },
  {
    name: "delete",
    operation: "deleteEntry",
    blockedBy: needsId,
    send: (env, state) => env.api.DELETE(ITEM, item(env, state)),
    expect: [
      succeeds(),
      stateful("returns the deleted id", (reply, state) => {
        const id = (resultOf(reply) as { id?: unknown } | undefined)?.id;
        return id === state.created?.id ? undefined : `id is ${JSON.stringify(id)}`;
      }),
    ],
  },
  {
    name: "get after delete",
    operation: "getEntry",
    blockedBy: needsId,
    send: (env, state) => env.api.GET(ITEM, item(env, state)),
    expect: [refused({ status: 404, stateful: true })],
  },
  {
    name: "gone from list",
    operation: "listEntries",
    blockedBy: needsId,
    send: listed,
    expect: [
      succeeds(),
      stateful("no longer lists the entry", (reply, state) =>
        inList(state, entriesOf(reply)) ? "still in the search results" : undefined,
      ),
    ],
  },
];

function pick(entry: Entry | undefined, keys: string[]): Entry | undefined {
  return entry && Object.fromEntries(keys.map((key) => [key, entry[key]]));
}

export const lifecycle: Scenario<State> = {
  name: NAME,
  summary:
    "create → get → appears in list → patch one field → only it changed → delete → 404 → gone from list",
  init: () => ({}),
  steps,
};
