/**
 * Directory-synced entries refuse updates. The PATCH re-sends the entry's own
 * name, so even a server that wrongly accepts it changes nothing — which is
 * what makes this safe on a production account (still a write: live needs
 * --allow-writes). A get afterwards proves the entry is unchanged.
 */
import type { Provenance } from "@impersonation-registry/types";
import { type Entry, entriesOf, entryOf, refusal, sameFields, stateful, succeeds } from "./expect.ts";
import { COLLECTION, ITEM } from "./operations.ts";
import { MANUAL_PROVENANCE, type SpecFacts } from "./spec-inputs.ts";
import type { Scenario, StepDef, StepEnv } from "./types.ts";

interface State {
  synced?: Entry;
}

const needsEntry = (state: State) =>
  state.synced
    ? undefined
    : "no directory-synced entry on this target: the provenance listings returned none";
const item = (env: StepEnv, state: State) => ({
  params: { path: { account_id: env.accountId, impersonation_registry_id: String(state.synced?.id) } },
});

export function directorySynced(facts: SpecFacts): Scenario<State> {
  const directoryProvenances = facts.provenances.filter((provenance) => provenance !== MANUAL_PROVENANCE);
  const finders: StepDef<State>[] = directoryProvenances.map((provenance) => ({
    name: `find ${provenance}`,
    operation: "listEntries",
    send: (env) =>
      env.api.GET(COLLECTION, {
        params: {
          path: { account_id: env.accountId },
          query: { provenance: provenance as Provenance, per_page: 1 },
        },
      }),
    expect: [succeeds()],
    remember: (reply, state) => {
      state.synced ??= entriesOf(reply).find(
        (entry) => entry.provenance === provenance && typeof entry.id === "string",
      );
    },
  }));
  return {
    name: "directory-synced",
    summary: "a directory-synced entry refuses a PATCH (one that re-sends its own name) and stays unchanged",
    init: () => ({}),
    steps: [
      ...finders,
      {
        name: "patch re-sending its own name",
        operation: "updateEntry",
        blockedBy: needsEntry,
        send: (env, state) =>
          env.api.PATCH(ITEM, { ...item(env, state), body: { name: String(state.synced?.name) } }),
        expect: refusal("a read-only entry", { stateful: true }),
      },
      {
        name: "unchanged afterwards",
        operation: "getEntry",
        blockedBy: needsEntry,
        send: (env, state) => env.api.GET(ITEM, item(env, state)),
        expect: [
          succeeds(),
          stateful("every field as before", (reply, state) => sameFields(state.synced, entryOf(reply))),
        ],
      },
    ],
  };
}
