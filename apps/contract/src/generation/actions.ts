/**
 * The actions of generated sequences, as data fast-check generates and shrinks: create, re-create,
 * PATCH, delete, get, list, walk, probes of deleted and unknown ids, and the negative examples —
 * with the strategies that make short sequences reach deep (swarm testing, near-miss search terms,
 * shared names and walks sorted by them, pages of one to three, successive PATCHes of one entry).
 */
import type { OperationId } from "@impersonation-registry/types";
import fc from "fast-check";
import { isWrite } from "../scenarios/operations.ts";
import type { Example, Generators } from "./examples.ts";
import { patternCharacter } from "./strings.ts";
import type { Draft } from "./values.ts";

/** Where a piece of an entry's text starts and how long it is, in code points. */
export interface Piece {
  pick: number;
  field: "name" | "email";
  start: number;
  length: number;
}

export type Term =
  /** The search the list query generator made (or none). */
  | { from: "spec" }
  | { from: "marker" }
  | ({ from: "entry" } & Piece)
  /** A piece of an entry's text with the code point at `at` replaced by `character` (a pattern character). */
  | ({ from: "near-miss"; at: number; character: string } & Piece);

export type Action =
  /** `manual`: a directory provenance in the body is replaced by the manual one (see `keepsManual`). */
  | { kind: "create"; body: Draft; sameNameAs: number | undefined; manual: boolean }
  | { kind: "recreate"; pick: number }
  | { kind: "patch"; pick: number; body: Draft; manual: boolean }
  | { kind: "delete"; pick: number }
  | { kind: "get"; pick: number }
  | { kind: "get-unknown"; id: string }
  | { kind: "list"; query: Draft; term: Term }
  | { kind: "walk"; query: Draft; perPage: number }
  | { kind: "gone"; operation: "getEntry" | "updateEntry" | "deleteEntry"; pick: number; body: Draft }
  | { kind: "invalid"; example: Example; pick: number };

export type Kind = Action["kind"];

/**
 * Swarm testing (Groce et al., "Swarm Testing", ISSTA 2012): each sequence runs only a random
 * subset of the kinds of command (each kept three times in four), creates always among them. A sequence of a few kinds reaches
 * deeper into each — several PATCHes of one entry, a walk over entries of one name, a create after
 * a delete — than one that spreads itself over all; shrinking drops the kinds a failure does not need.
 */
export function swarm(kinds: readonly Kind[]): fc.Arbitrary<ReadonlySet<Kind>> {
  const features: Kind[] = [...new Set(kinds.map(featureOf))].filter((feature) => feature !== "create");
  const kept = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false));
  return fc
    .tuple(...features.map(() => kept))
    .map((on) => new Set(kinds.filter((kind) => kind === "create" || on[features.indexOf(featureOf(kind))])));
}

/** What depends on deletes goes with them: re-creating a deleted entry, probing one. */
function featureOf(kind: Kind): Kind {
  return kind === "recreate" || kind === "gone" ? "delete" : kind;
}

/**
 * The action arbitrary, and the kinds it makes: positive operations always; negative examples on
 * request; probes of state where the target keeps it; writes only where it may be written.
 */
export function actionArbitrary(
  gen: Generators,
  options: { negative: boolean; stateful: boolean; writable: boolean },
): { action: fc.Arbitrary<Action>; kinds: Kind[] } {
  // Unbiased: a biased nat is mostly 0, and every command would pick the first entry.
  const pick = fc.noBias(fc.nat({ max: 1_000 }));
  const body = gen.updateBody;
  const perPage = gen.inputs.listEntries.query.per_page;
  // Pages of one to three entries, one most often: a walk over a sequence's few entries crosses a
  // boundary between every two of them.
  const fewest = perPage?.minimum ?? 1;
  const smallPages = fc.oneof(fc.constant(fewest), fc.integer({ min: fewest, max: fewest + 2 }));
  const piece = {
    pick,
    field: fc.constantFrom("name" as const, "email" as const),
    start: fc.nat({ max: 64 }),
    length: fc.integer({ min: 1, max: 12 }),
  };
  const term: fc.Arbitrary<Term> = fc.oneof(
    fc.constant({ from: "spec" } as const),
    fc.constant({ from: "marker" } as const),
    { weight: 2, arbitrary: fc.record({ from: fc.constant("entry" as const), ...piece }) },
  );
  const nearMiss: fc.Arbitrary<Term> = fc.record({
    from: fc.constant("near-miss" as const),
    ...piece,
    at: fc.nat(),
    character: patternCharacter,
  });
  // A walk goes over all the sequence's entries, sorted each way the spec offers, so that page
  // boundaries fall between ties; filters are the single lists' business. Sorted by the property
  // same-name creates share as often as by all the others together: ties — where a pager without a
  // tiebreaker skips or repeats entries — are in that one.
  const { order, direction } = gen.inputs.listEntries.query;
  const orders = (order?.enum as string[] | undefined) ?? [];
  const tied = (value: string) => value === gen.marked.property;
  const sorting = fc.record(
    {
      order: fc.oneof(
        ...orders.map((value) => ({
          weight: tied(value) ? orders.length - 1 : 1,
          arbitrary: fc.constant(value),
        })),
      ),
      direction: fc.constantFrom(...((direction?.enum as string[] | undefined) ?? [])),
    },
    { requiredKeys: order?.enum ? ["order"] : [] },
  );
  // Three writes in four keep their entry manual: a directory-synced entry refuses every PATCH after
  // it, so a sequence of them would test one refusal over and over.
  const keepsManual = fc.oneof({ weight: 3, arbitrary: fc.constant(true) }, fc.constant(false));
  // Each kind with its weight, and what it needs of the target: state kept (probes of it), writes
  // allowed. A command runs the first of its candidate actions the state can take (model-commands.ts),
  // so a weight is how often a kind runs where it can: a re-create, possible only after a delete,
  // weighs as much as a walk.
  const candidates: {
    kind: Kind;
    weight: number;
    arbitrary: fc.Arbitrary<Action>;
    stateful?: true;
    writes?: true;
  }[] = [
    {
      kind: "create",
      weight: 7,
      writes: true,
      arbitrary: fc
        .record({
          body: gen.createBody,
          // Two creates in three take the name of an entry already there: people share names, and
          // ties test order and paging.
          sameNameAs: fc.oneof(fc.constant(undefined), { weight: 2, arbitrary: pick }),
          manual: keepsManual,
        })
        .map(({ body, sameNameAs, manual }) => ({ kind: "create", body, sameNameAs, manual })),
    },
    {
      kind: "patch",
      weight: 6,
      writes: true,
      arbitrary: fc
        // Two PATCHes in three go to the sequence's first entry: successive writes to one entry are
        // where lost updates and stale copies show, and uniform picks seldom make them.
        .record({ pick: fc.oneof({ weight: 2, arbitrary: fc.constant(0) }, pick), body, manual: keepsManual })
        .map(({ pick, body, manual }) => ({ kind: "patch", pick, body, manual })),
    },
    { kind: "delete", weight: 3, writes: true, arbitrary: pick.map((pick) => ({ kind: "delete", pick })) },
    { kind: "get", weight: 1, arbitrary: pick.map((pick) => ({ kind: "get", pick })) },
    {
      kind: "list",
      weight: 5,
      arbitrary: fc
        .oneof(
          { weight: 4, arbitrary: fc.record({ query: gen.listQuery, term }) },
          // A near miss is searched for alone: a provenance filter or a short page would hide the
          // entry a server matching the term as a pattern lists, and the near miss would show nothing.
          { weight: 3, arbitrary: fc.record({ query: fc.constant({}), term: nearMiss }) },
        )
        .map(({ query, term }) => ({ kind: "list", query, term })),
    },
    {
      kind: "walk",
      weight: 6,
      stateful: true,
      arbitrary: fc
        .record({ query: sorting, perPage: smallPages })
        .map(({ query, perPage }) => ({ kind: "walk", query, perPage })),
    },
    {
      kind: "recreate",
      weight: 6,
      stateful: true,
      writes: true,
      arbitrary: pick.map((pick) => ({ kind: "recreate", pick })),
    },
    {
      kind: "get-unknown",
      weight: 1,
      stateful: true,
      arbitrary: gen.entryId.map((id) => ({ kind: "get-unknown", id })),
    },
    {
      kind: "gone",
      weight: 1,
      stateful: true,
      writes: true,
      arbitrary: fc
        .record({
          operation: fc.constantFrom("getEntry" as const, "updateEntry" as const, "deleteEntry" as const),
          pick,
          body,
        })
        .map(({ operation, pick, body }) => ({ kind: "gone", operation, pick, body })),
    },
  ];
  if (options.negative) {
    const weights: Partial<Record<OperationId, number>> = { createEntry: 2, updateEntry: 2 };
    for (const [operation, example] of Object.entries(gen.invalid) as [
      OperationId,
      fc.Arbitrary<Example> | undefined,
    ][]) {
      if (example === undefined) continue;
      candidates.push({
        kind: "invalid",
        weight: weights[operation] ?? 1,
        ...(isWrite(operation) && { writes: true as const }),
        arbitrary: fc
          .record({ example, pick })
          .map(({ example, pick }) => ({ kind: "invalid", example, pick })),
      });
    }
  }
  // A target that may not be written gets reads only; a walk there would have no entries of its own to go over.
  const kept = candidates.filter(
    (candidate) =>
      (options.stateful || !candidate.stateful) &&
      (options.writable || (!candidate.writes && candidate.kind !== "walk")),
  );
  const action = fc.oneof(...kept.map(({ weight, arbitrary }) => ({ weight, arbitrary })));
  const kinds = [...new Set(kept.map((candidate) => candidate.kind))];
  return { action, kinds };
}
