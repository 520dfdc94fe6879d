/**
 * Invalid input derived from the spec (see spec-inputs.ts): each must be
 * refused with a documented 4XX in the error envelope. The create bodies keep
 * the marker wherever the broken field allows, so an invalid body wrongly
 * accepted by a server is still cleaned up and found by `sweep`.
 */
import { refused } from "./expect.ts";
import { COLLECTION, ITEM } from "./operations.ts";
import type { SpecFacts } from "./spec-inputs.ts";
import type { Scenario, StepDef } from "./types.ts";

type State = Record<string, never>;

export function invalidInput(facts: SpecFacts): Scenario<State> {
  const creates: StepDef<State>[] = facts.invalidCreateBodies.map((invalid) => ({
    name: `create: ${invalid.label}`,
    operation: "createEntry",
    send: (env) => {
      const valid = {
        name: env.marker.name("invalid-input"),
        email: env.marker.email("invalid-input"),
        is_email_regex: false,
        comments: env.marker.comments,
      };
      // Deliberately outside the typed body: the point is to send what the types forbid.
      const body = invalid.apply(valid) as never;
      return env.api.POST(COLLECTION, { params: { path: { account_id: env.accountId } }, body });
    },
    expect: [refused()],
  }));
  const lists: StepDef<State>[] = facts.invalidListQueries.map((invalid) => ({
    name: `list: ${invalid.label}`,
    operation: "listEntries",
    send: (env) =>
      env.api.GET(COLLECTION, {
        params: { path: { account_id: env.accountId }, query: invalid.apply({}) as never },
      }),
    expect: [refused()],
  }));
  const gets: StepDef<State>[] = facts.invalidIds.map((invalid) => ({
    name: `get: ${invalid.label}`,
    operation: "getEntry",
    send: (env) =>
      env.api.GET(ITEM, {
        params: { path: { account_id: env.accountId, impersonation_registry_id: invalid.id } },
      }),
    expect: [refused()],
  }));
  return {
    name: "invalid-input",
    summary:
      "inputs the spec forbids (missing required field, too long, out of range, not in the enum, wrong type, not a uuid) are refused",
    init: () => ({}),
    steps: [...creates, ...lists, ...gets],
  };
}
