/** Small helpers the checks and the comparison share to name values and places in a body. */

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
