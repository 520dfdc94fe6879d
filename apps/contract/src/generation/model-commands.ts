/**
 * fast-check's model-based commands over the registry: each wraps one generated action, runs it
 * only when the sequence's swarm allows its kind and the model has what it needs (an entry, a
 * deleted one), and performs it against the target.
 */
import type fc from "fast-check";
import { type Action, actionArbitrary, type Kind } from "./actions.ts";
import type { Generators } from "./examples.ts";
import { applicable, perform } from "./perform.ts";
import type { RegistryModel } from "./registry-model.ts";
import type { Session } from "./sequence-session.ts";

/** fast-check's model: the registry as this sequence should have made it. */
export interface World {
  registry: RegistryModel;
  /** The kinds of command this sequence may run (swarm testing, see `swarm`). */
  enabled: ReadonlySet<Kind>;
}

export class GeneratedCommand implements fc.AsyncCommand<World, Session> {
  readonly action: Action;
  constructor(action: Action) {
    this.action = action;
  }
  check(world: Readonly<World>): boolean {
    return world.enabled.has(this.action.kind) && applicable(this.action, world.registry);
  }
  async run(world: World, session: Session): Promise<void> {
    await perform(this.action, world.registry, session);
  }
  toString(): string {
    return this.action.kind;
  }
}

/** The command arbitrary of a run, and the kinds of command it makes (for `swarm`). */
export function commandArbitrary(
  gen: Generators,
  options: { negative: boolean; stateful: boolean; writable: boolean },
): { command: fc.Arbitrary<GeneratedCommand>; kinds: Kind[] } {
  const { action, kinds } = actionArbitrary(gen, options);
  return { command: action.map((generated) => new GeneratedCommand(generated)), kinds };
}
