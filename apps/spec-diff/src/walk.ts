/** What every comparison step shares: how findings are emitted and how leftovers are classified. */
import { isDeepStrictEqual } from "node:util";
import { isNode, type Node } from "./load.ts";
import type { RuleId } from "./rules.ts";

/** Requests and responses change in opposite directions: a wider request is fine, a wider response is not. */
export type Direction = "request" | "response";

export type Emit = (rule: RuleId, pointer: string, expected: unknown, observed: unknown) => void;

/** RFC 6901 escaping of one pointer segment. */
export function segment(key: string): string {
  return key.replaceAll("~", "~0").replaceAll("/", "~1");
}

export function asNode(value: unknown): Node {
  return isNode(value) ? value : {};
}

/** A short, stable rendering of a value for the before → after columns. */
export function brief(value: unknown): unknown {
  if (!isNode(value)) return value;
  if (isNode(value.schema)) return brief(value.schema);
  if (value.type !== undefined) return value.nullable === true ? `${String(value.type)} | null` : value.type;
  if (isNode(value.content)) return Object.keys(value.content).join(", ");
  if (isNode(value.properties)) return "object";
  return "{…}";
}

function infoRule(key: string): RuleId {
  if (key === "description" || key === "summary" || key === "title") return "description-changed";
  if (key === "example" || key === "examples") return "example-changed";
  if (key === "deprecated") return "deprecation-changed";
  return "other-changed";
}

/**
 * Every key not in `handled` that differs becomes an info finding, so no change is
 * ever dropped silently — the rules above only decide how serious it is.
 */
export function compareRest(
  before: Node,
  after: Node,
  pointer: string,
  handled: ReadonlySet<string>,
  emit: Emit,
) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (handled.has(key) || isDeepStrictEqual(before[key], after[key])) continue;
    emit(infoRule(key), `${pointer}/${segment(key)}`, brief(before[key]), brief(after[key]));
  }
}

/**
 * Walks the union of two maps' keys: `removed` and `added` for one-sided keys,
 * `both` for keys present on both sides.
 */
export function eachKey(
  before: Node,
  after: Node,
  visit: { removed(key: string): void; added(key: string): void; both(key: string): void },
) {
  const keys = new Set([...Object.keys(before), ...Object.keys(after)]);
  for (const key of keys) {
    if (!(key in after)) visit.removed(key);
    else if (!(key in before)) visit.added(key);
    else visit.both(key);
  }
}
