/**
 * Invalid input, derived from the spec (see spec-inputs.ts), plus what no schema
 * states (a body that is not JSON, a body that is not `application/json`): each
 * must be refused in the error envelope with the status its cause implies —
 * never a 5xx. The PATCHes go to an entry this scenario creates first and
 * deletes last; the create bodies keep the marker wherever the broken field
 * allows, so an invalid body wrongly accepted by a server is still cleaned up
 * and found by `sweep`.
 */
import { type Entry, entryOf, type RefusalCause, refusal, succeeds } from "./expect.ts";
import { COLLECTION, ITEM } from "./operations.ts";
import type { SpecFacts } from "./spec-inputs.ts";
import type { Scenario, StepDef, StepEnv } from "./types.ts";

interface State {
  target?: Entry;
}

const NAME = "invalid-input";

/** A body no schema judges, sent as is: the raw layer would serialise anything else as JSON. */
const RAW_BODIES: {
  label: string;
  text: string;
  contentType: string;
  cause: RefusalCause;
  /** Not JSON at all (rather than JSON under another media type). */
  malformed: boolean;
}[] = [
  {
    label: "a body that is not JSON",
    text: '{"name": ',
    contentType: "application/json",
    cause: "invalid input",
    malformed: true,
  },
  {
    label: "a JSON body sent as text/plain",
    text: '{"name":"x","email":"x@example.com","is_email_regex":false}',
    contentType: "text/plain",
    cause: "a body that is not JSON",
    malformed: false,
  },
];

const validCreate = (env: StepEnv) => ({
  name: env.marker.name(NAME),
  email: env.marker.email(NAME),
  is_email_regex: false,
  comments: env.marker.comments,
});

const needsTarget = (state: State) =>
  typeof state.target?.id === "string"
    ? undefined
    : "no entry id: step create an entry to patch returned none";
const item = (env: StepEnv, state: State, accountId = env.accountId) => ({
  params: { path: { account_id: accountId, impersonation_registry_id: String(state.target?.id) } },
});

export function invalidInput(facts: SpecFacts): Scenario<State> {
  const creates: StepDef<State>[] = facts.invalidCreateBodies.map((invalid) => ({
    name: `create: ${invalid.label}`,
    operation: "createEntry",
    // Deliberately outside the typed body: the point is to send what the types forbid.
    send: (env) =>
      env.api.POST(COLLECTION, {
        params: { path: { account_id: env.accountId } },
        body: invalid.apply(validCreate(env)) as never,
      }),
    expect: refusal("invalid input"),
  }));
  const rawCreates: StepDef<State>[] = RAW_BODIES.map(({ label, text, contentType, cause, malformed }) => ({
    name: `create: ${label}`,
    operation: "createEntry",
    malformedBody: malformed,
    send: (env) =>
      env.api.POST(COLLECTION, {
        params: { path: { account_id: env.accountId } },
        body: {} as never,
        bodySerializer: () => text,
        headers: { "content-type": contentType },
      }),
    expect: refusal(cause),
  }));
  const patches: StepDef<State>[] = facts.invalidUpdateBodies.map((invalid) => ({
    name: `patch: ${invalid.label}`,
    operation: "updateEntry",
    blockedBy: needsTarget,
    send: (env, state) =>
      env.api.PATCH(ITEM, {
        ...item(env, state),
        body: invalid.apply({ name: env.marker.name(NAME), comments: env.marker.comments }) as never,
      }),
    expect: refusal("invalid input"),
  }));
  const lists: StepDef<State>[] = facts.invalidListQueries.map((invalid) => ({
    name: `list: ${invalid.label}`,
    operation: "listEntries",
    send: (env) =>
      env.api.GET(COLLECTION, {
        params: { path: { account_id: env.accountId }, query: invalid.apply({}) as never },
      }),
    expect: refusal("invalid input"),
  }));
  const gets: StepDef<State>[] = [
    ...facts.invalidIds.map(
      (invalid): StepDef<State> => ({
        name: `get: ${invalid.label}`,
        operation: "getEntry",
        send: (env) =>
          env.api.GET(ITEM, {
            params: { path: { account_id: env.accountId, impersonation_registry_id: invalid.id } },
          }),
        expect: refusal("a malformed id"),
      }),
    ),
    ...facts.invalidAccountIds.map(
      (invalid): StepDef<State> => ({
        name: `get: ${invalid.label}`,
        operation: "getEntry",
        blockedBy: needsTarget,
        send: (env, state) => env.api.GET(ITEM, item(env, state, invalid.id)),
        expect: refusal("an account id that is not one"),
      }),
    ),
    {
      name: "get: an id nobody created",
      operation: "getEntry",
      send: (env) =>
        env.api.GET(ITEM, {
          params: { path: { account_id: env.accountId, impersonation_registry_id: UNKNOWN_ID } },
        }),
      // Prism answers any well-formed id with its example: only a stateful target knows it is unknown.
      expect: refusal("an unknown id", { stateful: true }),
    },
  ];
  return {
    name: NAME,
    summary:
      "inputs the spec forbids (missing, too long, out of range, outside the enum, wrong type, null, no field, not a uuid), a body that is not JSON or not application/json, an unknown id: each refused with the status its cause implies",
    init: () => ({}),
    steps: [
      {
        name: "create an entry to patch",
        operation: "createEntry",
        send: (env) =>
          env.api.POST(COLLECTION, {
            params: { path: { account_id: env.accountId } },
            body: validCreate(env),
          }),
        expect: [succeeds()],
        remember: (reply, state) => {
          state.target = entryOf(reply);
        },
      },
      ...creates,
      ...rawCreates,
      ...patches,
      ...lists,
      ...gets,
      {
        name: "delete the entry patched",
        operation: "deleteEntry",
        blockedBy: needsTarget,
        send: (env, state) => env.api.DELETE(ITEM, item(env, state)),
        expect: [succeeds()],
      },
    ],
  };
}

/** A version-4 uuid no server issued (the version and variant bits are right, the rest is zero). */
const UNKNOWN_ID = "00000000-0000-4000-8000-000000000000";
