/**
 * The changes, made on the spec's yaml Document: nodes are added, moved or
 * given a comment in place, so every other line — comments, key order,
 * quoting, flow lists — is written back as it was read (`suggest` checks that
 * the untouched document round-trips byte for byte before editing). A change a
 * person must decide on carries a comment saying what was observed, where.
 */
import { type Document, isMap, isScalar, isSeq, type Node, Pair, Scalar, YAMLMap, YAMLSeq } from "yaml";
import type { Change } from "./plan.ts";
import { decodePointer } from "./source.ts";

/** How the spec is written back: no re-wrapping of long lines, flow lists as `[a, b]`. */
export const WRITE_OPTIONS = { lineWidth: 0, flowCollectionPadding: false } as const;

/** Schema keywords that describe the whole value, not one type of it: they stay outside an `anyOf`. */
const ANNOTATIONS = new Set([
  "description",
  "title",
  "deprecated",
  "example",
  "externalDocs",
  "readOnly",
  "writeOnly",
]);

export function applyChange(doc: Document, change: Change, runId: string): void {
  const disagree = change.seenOn.includes(" and ") ? "disagree" : "disagrees";
  const shared = sharedNote(change);
  const disagreement = ` ${change.seenOn} ${disagree} with the docs: observed ${change.observed} (run ${runId})${shared}; decide before merging`;
  const segments = decodePointer(change.at);
  const key = segments.at(-1) as string;
  switch (change.kind) {
    case "add-status": {
      const responses = mapAt(doc, segments.slice(0, -1));
      const like = decodePointer(change.like as string);
      const neighbour = pairOf(mapAt(doc, like.slice(0, -1)), like.at(-1) as string);
      const name = new Scalar(key);
      // Quoted like the statuses beside it (`"200":`).
      const quoted = responses.items.find((pair) => /^\d+$/.test(keyOf(pair)))?.key;
      if (isScalar(quoted)) name.type = quoted.type;
      const position = responses.items.findIndex((pair) => statusOrder(keyOf(pair)) > statusOrder(key));
      const pair = new Pair(name, (neighbour.value as Node).clone());
      responses.items.splice(position < 0 ? responses.items.length : position, 0, pair);
      return;
    }
    case "add-property": {
      const object = mapAt(doc, segments.slice(0, -2));
      if (!object.has("properties")) object.set("properties", new YAMLMap());
      const name = new Scalar(key);
      // Only a schema requests share makes an added field a decision: then it says so.
      if (shared)
        name.commentBefore = ` seen in responses from ${change.seenOn} (run ${runId})${shared}; decide before merging`;
      mapAt(doc, segments.slice(0, -1)).items.push(new Pair(name, doc.createNode(change.schema)));
      return;
    }
    case "widen-type": {
      const schema = mapAt(doc, segments);
      const moved = schema.items.filter((pair) => !isAnnotation(keyOf(pair)));
      const position = schema.items.indexOf(moved[0] as Pair);
      const documented = new YAMLMap();
      documented.items = moved;
      const observed = (change.schema?.anyOf as unknown[] | undefined) ?? [change.schema];
      const anyOf = new YAMLSeq();
      anyOf.items = [documented, ...observed.map((branch) => doc.createNode(branch))];
      const name = new Scalar("anyOf");
      name.commentBefore = disagreement;
      schema.items = schema.items.filter((pair) => !moved.includes(pair));
      schema.items.splice(position, 0, new Pair(name, anyOf));
      return;
    }
    case "add-enum-values": {
      const list = nodeAt(doc, [...segments, "enum"]);
      if (!isSeq(list)) throw new Error(`${change.at}/enum is not a list in the spec`);
      const last = list.items.at(-1);
      const added = (change.values ?? []).map((value) => {
        const scalar = new Scalar(value);
        // Quoted like its neighbours when it is a string: `"A1S_INTERNAL"` lists stay quoted.
        if (typeof value === "string" && isScalar(last) && typeof last.value === "string")
          scalar.type = last.type;
        return scalar;
      });
      list.items.push(...added);
      // A comment inside a flow list would break it over lines: it goes after the list instead.
      const commented = list.flow ? list : (added.at(-1) as Scalar);
      commented.comment = disagreement;
      return;
    }
    case "make-nullable": {
      const schema = mapAt(doc, segments);
      const value = new Scalar(true);
      value.comment = disagreement;
      const type = schema.items.findIndex((pair) => keyOf(pair) === "type");
      schema.items.splice(type + 1, 0, new Pair(new Scalar("nullable"), value));
      return;
    }
    case "note-vanished": {
      const name = pairOf(mapAt(doc, segments.slice(0, -1)), key).key as Scalar;
      const note = ` observed absent since run ${runId} on ${change.seenOn}: consider documenting that it may be missing`;
      name.commentBefore = name.commentBefore ? `${name.commentBefore}\n${note}` : note;
      return;
    }
  }
}

/** `; requests use this schema too (createEntry request body): they would accept it as well`, or nothing. */
export function sharedNote(change: Pick<Change, "requests">): string {
  if (change.requests.length === 0) return "";
  return `; requests use this schema too (${change.requests.join(", ")}): they would accept it as well`;
}

function isAnnotation(key: string): boolean {
  return ANNOTATIONS.has(key) || key.startsWith("x-");
}

/** `200` → 200, `4XX` → 400, `default` last: where a new status goes among its neighbours. */
function statusOrder(key: string): number {
  const status = Number(key.replace(/XX$/i, "00"));
  return Number.isInteger(status) ? status : Number.POSITIVE_INFINITY;
}

function keyOf(pair: Pair): string {
  return String(isScalar(pair.key) ? pair.key.value : pair.key);
}

/** Keys compared as text, so `"200"` and an unquoted `200` are the same response. */
function pairOf(map: YAMLMap, key: string): Pair {
  const pair = map.items.find((candidate) => keyOf(candidate) === key);
  if (!pair) throw new Error(`no key ${key} in the spec's map`);
  return pair as Pair;
}

/**
 * The plan resolved every pointer on this same document's JS form, so a node
 * that is not there is a bug, not bad input.
 */
function nodeAt(doc: Document, segments: readonly string[]): unknown {
  let node: unknown = doc.contents;
  for (const segment of segments) {
    if (isMap(node)) node = pairOf(node, segment).value;
    else if (isSeq(node)) node = node.items[Number(segment)];
    else return undefined;
  }
  return node;
}

function mapAt(doc: Document, segments: readonly string[]): YAMLMap {
  const node = nodeAt(doc, segments);
  if (!isMap(node)) throw new Error(`/${segments.join("/")} is not a map in the spec`);
  return node;
}
