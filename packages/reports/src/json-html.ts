/**
 * A JSON body as report.html shows it: pretty-printed exactly as
 * `JSON.stringify(value, null, 2)` prints it, escaped, with every node at a
 * finding's pointer wrapped in `<mark data-pointer="…">` (the concrete pointer,
 * array indexes and all). A pointer segment `*` stands for every array item, so
 * `/result/*\/name` marks the name of each item. Written by hand: a highlighter
 * library would have to re-parse its own output to find the nodes again. A fold
 * rather than a walk (each node's text is its children's), over the engine's
 * one notion of a node's children (jsonEntries).
 */
import { childPointer, isObject, jsonEntries } from "@impersonation-registry/engine";
import { escapeMarkup as h } from "./escape.ts";

export interface JsonHtml {
  html: string;
  /** The concrete pointers marked, in document order: none when nothing is at the pointer. */
  marked: string[];
}

/** `/a/b~1c` → `["a", "b/c"]` (RFC 6901). */
export function pointerSegments(pointer: string): string[] {
  return pointer
    .split("/")
    .slice(1)
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** `*` matches every array item and, as wildcardIndexes writes digits as `*`, every numeric key. */
function matches(segment: string, key: string, inArray: boolean): boolean {
  return segment === key || (segment === "*" && (inArray || /^\d+$/.test(key)));
}

/** `value` pretty-printed; the nodes at `pointer` marked (none when `pointer` is undefined). */
export function jsonHtml(value: unknown, pointer?: string): JsonHtml {
  const marked: string[] = [];
  const render = (node: unknown, indent: string, at: string, rest: string[] | undefined): string => {
    const text = renderNode(node, indent, at, rest);
    if (rest?.length !== 0) return text;
    marked.push(at);
    return `<mark data-pointer="${h(at)}">${text}</mark>`;
  };
  const renderNode = (node: unknown, indent: string, at: string, rest: string[] | undefined): string => {
    const inArray = Array.isArray(node);
    if (!inArray && !isObject(node)) return h(JSON.stringify(node) ?? "null");
    const entries = jsonEntries(node);
    if (entries.length === 0) return inArray ? "[]" : "{}";
    const inner = `${indent}  `;
    const lines = entries.map(([key, child]) => {
      const next = rest?.[0] !== undefined && matches(rest[0], key, inArray) ? rest.slice(1) : undefined;
      const rendered = render(child, inner, childPointer(at, key), next);
      return `${inner}${inArray ? "" : `${h(JSON.stringify(key))}: `}${rendered}`;
    });
    return `${inArray ? "[" : "{"}\n${lines.join(",\n")}\n${indent}${inArray ? "]" : "}"}`;
  };
  const html = render(value, "", "", pointer === undefined ? undefined : pointerSegments(pointer));
  return { html, marked };
}
