/**
 * fast-check's model-based commands over the registry: each holds a few generated actions and
 * runs the first one the sequence's swarm allows and the model has what it needs for (an entry,
 * a deleted one), against the target.
 */
import fc from "fast-check";
import { type Action, actionArbitrary, type Kind } from "./actions.ts";
import type { Generators } from "./examples.ts";
import { applicable, perform } from "./perform.ts";
import type { RegistryModel } from "./registry-model.ts";
import type { Session } from "./sequence-session.ts";

/**
 * Actions drawn per command. fast-check draws a sequence's commands before any runs, so a command
 * whose kind the swarm left out, or that needs what the model does not have yet (a walk before two
 * entries exist, a re-create before a delete), would be a slot lost; a few candidates per command
 * make it the next one that fits instead — what state-machine testers that draw each rule from the
 * current state do (Hypothesis' rule-based state machines run only rules whose preconditions hold).
 */
const CANDIDATES = 3;

/** fast-check's model: the registry as this sequence should have made it. */
export interface World {
  registry: RegistryModel;
  /** The kinds of command this sequence may run (swarm testing, see `swarm`). */
  enabled: ReadonlySet<Kind>;
}

export class GeneratedCommand implements fc.AsyncCommand<World, Session> {
  readonly candidates: readonly Action[];
  constructor(candidates: readonly Action[]) {
    this.candidates = candidates;
  }
  check(world: Readonly<World>): boolean {
    return this.#chosen(world) !== undefined;
  }
  async run(world: World, session: Session): Promise<void> {
    const action = this.#chosen(world);
    if (action !== undefined) await perform(action, world.registry, session);
  }
  toString(): string {
    return this.candidates.map((action) => action.kind).join("|");
  }
  /** The first candidate the swarm allows and the model can take. */
  #chosen(world: Readonly<World>): Action | undefined {
    return this.candidates.find(
      (action) => world.enabled.has(action.kind) && applicable(action, world.registry),
    );
  }
}

/** The command arbitrary of a run, and the kinds of command it makes (for `swarm`). */
export function commandArbitrary(
  gen: Generators,
  options: { negative: boolean; stateful: boolean; writable: boolean },
): { command: fc.Arbitrary<GeneratedCommand>; kinds: Kind[] } {
  const { action, kinds } = actionArbitrary(gen, options);
  return {
    command: fc
      .array(action, { minLength: CANDIDATES, maxLength: CANDIDATES })
      .map((candidates) => new GeneratedCommand(candidates)),
    kinds,
  };
}
