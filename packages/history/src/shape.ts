/**
 * The shape of a response body as the history keeps it: each JSON pointer
 * (array items as `*`) with its JSON types, whether every object that could
 * hold it did, and — for short, enum-like strings — the distinct values.
 * Values that identify something (ids, timestamps, emails, run stamps) are
 * never kept: they change every run, so they could never be enum values, and
 * leaving them out keeps personal data out of the store.
 */
import { ITEMS, type JsonType, jsonType, walkJson } from "@impersonation-registry/engine";
import type { ObservedShape, PointerShape } from "./types.ts";

/** Strings longer than this are text, not enum values. */
export const MAX_VALUE_LENGTH = 64;
/** A pointer with this many distinct strings or more is not enum-like. */
export const MAX_VALUES = 20;

/**
 * Looks like an identifier or a moment rather than a word from a fixed set: a run
 * of 5+ digits (run stamps, phone numbers, ids), a date or a time of day, an email,
 * a uuid or a long hex string (hashes, ray ids).
 */
const IDENTIFIER = /\d{5}|\d{4}-\d\d-\d\d|\d\d:\d\d|@|[0-9a-f]{8}-[0-9a-f]{4}|[0-9a-f]{12}/i;

export function identifierLike(value: string): boolean {
  return IDENTIFIER.test(value);
}

interface Tally {
  types: Set<JsonType>;
  /** How many values sat at this pointer. */
  count: number;
  /** How many of them were objects (the possible holders of child keys). */
  objects: number;
  strings: Set<string>;
  /** A string here was too long or identifier-like: no values are kept. */
  opaque: boolean;
}

export function shapeOf(body: unknown): ObservedShape {
  const tallies = new Map<string, Tally>();
  const everyChild = () => null;
  const visit = (value: unknown, pointer: string) => {
    let tally = tallies.get(pointer);
    if (!tally) {
      tally = { types: new Set(), count: 0, objects: 0, strings: new Set(), opaque: false };
      tallies.set(pointer, tally);
    }
    const type = jsonType(value);
    tally.count++;
    tally.types.add(type);
    if (typeof value === "string") {
      if (value.length > MAX_VALUE_LENGTH || identifierLike(value)) tally.opaque = true;
      else tally.strings.add(value);
    } else if (type === "object") tally.objects++;
    return everyChild;
  };
  if (body !== undefined) walkJson(body, null, visit);

  const shape: ObservedShape = {};
  for (const pointer of [...tallies.keys()].sort()) {
    const tally = tallies.get(pointer) as Tally;
    const entry: PointerShape = { types: [...tally.types].sort() };
    const parent = parentOf(pointer);
    if (parent !== undefined && !isItems(pointer) && tally.count < (tallies.get(parent)?.objects ?? 0)) {
      entry.partial = true;
    }
    if (tally.strings.size > 0 && !tally.opaque && tally.strings.size < MAX_VALUES) {
      entry.values = [...tally.strings].sort();
    }
    shape[pointer] = entry;
  }
  return shape;
}

/** `/result/*\/email` → `/result/*`; the root has no parent. */
export function parentOf(pointer: string): string | undefined {
  return pointer === "" ? undefined : pointer.slice(0, pointer.lastIndexOf("/"));
}

export function isItems(pointer: string): boolean {
  return pointer.endsWith(`/${ITEMS}`);
}

/**
 * Whether a response had the field at `pointer`: in every object that could hold
 * it (`all`), in some (`some`), in none of them (`absent`) — or `none` when there
 * was nothing that could hold it (an empty list, a null or missing parent), which
 * is no evidence either way.
 */
export type Presence = "all" | "some" | "absent" | "none";

export function presence(shape: ObservedShape, pointer: string): Presence {
  const here = shape[pointer];
  if (here) return here.partial ? "some" : "all";
  const parent = parentOf(pointer);
  if (parent === undefined || isItems(pointer)) return "none";
  return shape[parent]?.types.includes("object") ? "absent" : "none";
}
