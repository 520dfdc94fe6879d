/**
 * create → get → appears in list → patch the name → only it changed (every other field compared) →
 * get shows the patch → patch its provenance to a directory one → patch again, refused → delete →
 * get is 404 → gone from list. The PATCH names one field while the entry has others set (comments),
 * so a server that resets what a PATCH did not name is caught.
 *
 * The provenance PATCH turns the manual entry directory-synced. No public source says what the live
 * API does with it, so the steps take the reference literally (openapi/README.md): `provenance` is a
 * documented PATCH field with all four values ("provenance?: … Body param") and only provided fields
 * change ("Only provided fields will be modified."), and "Directory-synced entries can't be updated."
 * (shared/seeds/000_712ef433fa530e2b.txt). Deleting it stays allowed: the reference restricts updates.
 */
import type { CreateEntryBody, Provenance } from "@impersonation-registry/types";
import {
  type Entry,
  entriesOf,
  entryOf,
  refusal,
  resultOf,
  sameFields,
  stateful,
  succeeds,
} from "./expect.ts";
import { COLLECTION, ITEM } from "./operations.ts";
import { MANUAL_PROVENANCE, type SpecFacts } from "./spec-inputs.ts";
import type { Expectation, Scenario, StepDef, StepEnv } from "./types.ts";

interface State {
  sent?: CreateEntryBody;
  created?: Entry;
  patched?: Entry;
  newName?: string;
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

/** The fields the server sets (id, created_at, modified_at, read from the spec) are there: consumers read them. */
function setsServerFields(fields: readonly string[]): Expectation<State> {
  return stateful(`sets ${fields.join(", ")}`, (reply) => {
    const entry = entryOf(reply) ?? {};
    const missing = fields.filter((field) => entry[field] === undefined || entry[field] === null);
    return missing.length === 0 ? undefined : `${missing.join(", ")} missing`;
  });
}

/** `modified_at` moves forward on a write (when the entry has one: its presence is judged at create). */
const movesModifiedAt = stateful<State>("moves modified_at forward", (reply, state) => {
  const [before, after] = [state.created?.modified_at, entryOf(reply)?.modified_at];
  if (typeof before !== "string") return undefined;
  return typeof after === "string" && Date.parse(after) > Date.parse(before)
    ? undefined
    : `modified_at ${JSON.stringify(after)} after ${JSON.stringify(before)}`;
});

const steps = (facts: SpecFacts): StepDef<State>[] => [
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
      setsServerFields(facts.serverSetFields),
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
    name: "patch name",
    operation: "updateEntry",
    blockedBy: needsId,
    send: (env, state) => {
      // The marker stays in the name: sweep still recognises the entry.
      state.newName = `${env.marker.name(NAME)} (patched)`;
      return env.api.PATCH(ITEM, { ...item(env, state), body: { name: state.newName } });
    },
    expect: [
      succeeds(),
      stateful("changes the name and no other field", (reply, state) => {
        const patched = entryOf(reply);
        if (patched?.name !== state.newName) return `name is ${JSON.stringify(patched?.name)}`;
        return sameFields(state.created, patched, ["name", ...WRITE_STAMPS]);
      }),
      movesModifiedAt,
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
  ...turnDirectorySynced(facts.provenances.find((provenance) => provenance !== MANUAL_PROVENANCE)),
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
    expect: refusal("an unknown id", { stateful: true }),
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

/** PATCH the entry's provenance to `directory` → 200, only it changed → PATCH again → refused as read-only. */
function turnDirectorySynced(directory: string | undefined): StepDef<State>[] {
  if (directory === undefined) return [];
  return [
    {
      name: `patch provenance to ${directory}`,
      operation: "updateEntry",
      blockedBy: needsId,
      send: (env, state) =>
        env.api.PATCH(ITEM, { ...item(env, state), body: { provenance: directory as Provenance } }),
      expect: [
        succeeds(),
        stateful("changes the provenance and no other field", (reply, state) => {
          const turned = entryOf(reply);
          if (turned?.provenance !== directory) return `provenance is ${JSON.stringify(turned?.provenance)}`;
          return sameFields(state.patched, turned, ["provenance", ...WRITE_STAMPS]);
        }),
      ],
    },
    {
      name: "patch a directory-synced entry",
      operation: "updateEntry",
      blockedBy: needsId,
      // Re-sends the name it has: a server that wrongly accepts the update changes nothing.
      send: (env, state) => env.api.PATCH(ITEM, { ...item(env, state), body: { name: state.newName } }),
      expect: refusal("a read-only entry", { stateful: true }),
    },
  ];
}

function pick(entry: Entry | undefined, keys: string[]): Entry | undefined {
  return entry && Object.fromEntries(keys.map((key) => [key, entry[key]]));
}

export function lifecycle(facts: SpecFacts): Scenario<State> {
  return {
    name: NAME,
    summary:
      "create → get → appears in list → patch the name → every other field unchanged → get shows it → patch provenance to a directory one → patch refused → delete → 404 → gone from list",
    init: () => ({}),
    steps: steps(facts),
  };
}
