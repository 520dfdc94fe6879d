/**
 * JSON values: their types, pointers into them, and the one walk over them that
 * every consumer (the checks, the history's shapes, suggest's observations, the
 * HTML view) uses, so a key named `constructor` or `__proto__` is the same field
 * everywhere: own keys only, never `Object.prototype`'s.
 */

export type JsonType = "null" | "boolean" | "number" | "string" | "array" | "object";

export function jsonType(value: unknown): JsonType {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value as JsonType;
}

/** Appends one JSON-pointer segment, escaped per RFC 6901. */
export function childPointer(pointer: string, key: string): string {
  if (!/[~/]/.test(key)) return `${pointer}/${key}`;
  return `${pointer}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`;
}

/** Array items share one pointer segment: the same drift on many items is one finding. */
export const ITEMS = "*";

export function isObject(value: unknown): value is Record<string, unknown> {
  return jsonType(value) === "object";
}

/** Long strings (a 1025-char name) are cut so findings stay one readable line. */
export function summarize(value: unknown): unknown {
  if (typeof value === "string" && value.length > 120)
    return `${value.slice(0, 60)}… (${value.length} chars)`;
  return value;
}

/** A value as report text: strings as they are, everything else as JSON. */
export function showValue(value: unknown): string {
  return typeof value === "string" ? value : (JSON.stringify(value) ?? "undefined");
}

/** A body's JSON, or undefined when it is empty or not JSON. */
export function parseJson(text: string): unknown {
  if (text.trim() === "") return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/** A node's children as `[key, child]`: an array's items by index, an object's own keys; none for a leaf. */
export function jsonEntries(value: unknown): [key: string, child: unknown][] {
  if (Array.isArray(value)) return value.map((item, index) => [String(index), item]);
  return isObject(value) ? Object.entries(value) : [];
}

/** `record[key]` when `key` is the record's own (a schema's `properties`, say); undefined otherwise. */
export function ownValue<T>(record: Readonly<Record<string, T>> | undefined, key: string): T | undefined {
  return record !== undefined && Object.hasOwn(record, key) ? record[key] : undefined;
}

/**
 * How a walk goes on below a node: the state each child starts with (a schema,
 * say), or undefined to leave that child out. Asked before the child's pointer
 * is made, so a leaf left out costs nothing.
 */
export type Descend<S> = (key: string, child: unknown) => S | undefined;

/** What the walk calls at each node it reaches; returns how to descend, or undefined to stop there. */
export type JsonVisitor<S> = (value: unknown, pointer: string, state: S) => Descend<S> | undefined;

/**
 * Walks `value` depth first from `pointer`, calling `visit` at each node reached.
 * Array items share one pointer segment (`*`, the same drift on many items is
 * one finding) unless `items` is "index".
 */
export function walkJson<S>(
  value: unknown,
  state: S,
  visit: JsonVisitor<S>,
  pointer = "",
  items: "*" | "index" = ITEMS,
): void {
  const descend = visit(value, pointer, state);
  if (descend === undefined || typeof value !== "object" || value === null) return;
  if (Array.isArray(value)) {
    for (const [index, item] of value.entries()) {
      const next = descend(String(index), item);
      if (next !== undefined)
        walkJson(item, next, visit, `${pointer}/${items === ITEMS ? ITEMS : index}`, items);
    }
    return;
  }
  const record = value as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    const child = record[key];
    const next = descend(key, child);
    if (next !== undefined) walkJson(child, next, visit, childPointer(pointer, key), items);
  }
}
