/**
 * The spec as its YAML source: nodes addressed by JSON pointer segments, local
 * `$ref`s followed the way a reader of the file follows them, and each node's
 * place in the text (line and column from the YAML parser's source ranges,
 * never from searching the text).
 */
import { decodePointer } from "@impersonation-registry/findings";
import { isAlias, isMap, isScalar, isSeq, LineCounter, type Node, parseDocument, type Scalar } from "yaml";

/** A region of the text; lines and columns 1-based, the end column just past the last character (SARIF's convention). */
export interface Region {
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A node of the source and where it is written. */
export interface SourceNode {
  node: Node;
  /** Its JSON pointer segments in the file (after `$ref`s: where it is declared). */
  path: readonly string[];
  /** The map key it is written under: its region starts there. Absent for list items and the root. */
  key?: Scalar;
}

export interface SpecSource {
  root: SourceNode;
  /** The child at one pointer segment: a map key (optionally any case), or a list index. */
  child(parent: SourceNode, segment: string, options?: { anyCase?: boolean }): SourceNode | undefined;
  /** Every child of a map (in the file's order) or a list; none for a scalar. */
  children(parent: SourceNode): SourceNode[];
  /** The node a chain of local `$ref`s ends at; the node itself when it is no reference or one that cannot be followed. */
  deref(at: SourceNode): SourceNode;
  /** From the key it is written under (or its first character) to its last character. */
  region(at: SourceNode): Region;
}

/** A scalar's value as text, or undefined for a mapping, a list or nothing. */
export function scalarText(node: Node | undefined): string | undefined {
  return isScalar(node) && node.value !== null ? String(node.value) : undefined;
}

/** Parses the spec's text; a YAML error throws one line naming `label:line:col`. */
export function parseSpecSource(text: string, label = "spec"): SpecSource {
  const lineCounter = new LineCounter();
  const doc = parseDocument(text, { lineCounter, prettyErrors: false });
  const [error] = doc.errors;
  if (error) {
    const { line, col } = lineCounter.linePos(error.pos[0]);
    throw new Error(`${label}:${line}:${col}: YAML syntax error: ${error.message.split("\n")[0]}`);
  }
  if (!isMap(doc.contents)) throw new Error(`${label}:1:1: not a YAML mapping`);
  const root: SourceNode = { node: doc.contents, path: [] };

  const child: SpecSource["child"] = (parent, segment, options = {}) => {
    const node = isAlias(parent.node) ? parent.node.resolve(doc) : parent.node;
    if (isMap(node)) {
      const wanted = options.anyCase ? segment.toLowerCase() : segment;
      const pair = node.items.find((item) => {
        const key = scalarText(item.key as Node);
        return (options.anyCase ? key?.toLowerCase() : key) === wanted;
      });
      const value = pair?.value as Node | null | undefined;
      return value ? { node: value, path: [...parent.path, segment], key: pair?.key as Scalar } : undefined;
    }
    if (isSeq(node) && /^\d+$/.test(segment)) {
      const item = node.items[Number(segment)] as Node | undefined;
      return item ? { node: item, path: [...parent.path, segment] } : undefined;
    }
    return undefined;
  };

  const children: SpecSource["children"] = (parent) => {
    const node = isAlias(parent.node) ? parent.node.resolve(doc) : parent.node;
    if (isMap(node)) {
      return node.items.flatMap((pair) => {
        const key = scalarText(pair.key as Node);
        const found = key === undefined ? undefined : child(parent, key);
        return found ? [found] : [];
      });
    }
    return isSeq(node) ? node.items.flatMap((_, i) => child(parent, String(i)) ?? []) : [];
  };

  const deref: SpecSource["deref"] = (at) => {
    const seen = new Set<string>();
    let current = at;
    for (;;) {
      const ref = isMap(current.node) ? scalarText(current.node.get("$ref", true) as Node) : undefined;
      // Only references within this file are followed; a cycle stops at the node that closes it.
      if (ref === undefined || !ref.startsWith("#") || seen.has(ref)) return current;
      seen.add(ref);
      let target: SourceNode | undefined = root;
      for (const segment of decodePointer(decodeURIComponent(ref.slice(1)))) {
        target = target && child(target, segment);
      }
      if (!target) return current;
      current = target;
    }
  };

  const region: SpecSource["region"] = (at) => {
    const start = (at.key ?? at.node).range?.[0] ?? 0;
    let end = at.node.range?.[1] ?? start;
    while (end > start && /\s/.test(text[end - 1] ?? "")) end--;
    const from = lineCounter.linePos(start);
    const to = lineCounter.linePos(end);
    return { line: from.line, column: from.col, endLine: to.line, endColumn: to.col };
  };

  return { root, child, children, deref, region };
}
