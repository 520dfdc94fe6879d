/**
 * The spec as written — `$ref`s kept — addressed by JSON pointers into the file
 * (`/components/schemas/Provenance`). A finding points into a response body;
 * this resolves it to the node that *declares* the schema there, following
 * `$ref`s the way a person reading the file would, so an edit lands once, on
 * the shared component, and not on a bundled copy. Navigation reads the plain
 * JS form of the document; edits go through the yaml Document (`edit.ts`).
 */
import { childPointer, ITEMS, isJsonMediaType, isObject } from "@impersonation-registry/engine";
import { decodePointer, encodePointer } from "@impersonation-registry/findings";

type Node = Record<string, unknown>;

/** Why a finding could not be placed in the spec: data, listed beside the patch. */
export interface Unresolved {
  why: string;
}

export function isUnresolved(value: unknown): value is Unresolved {
  return isObject(value) && typeof value.why === "string";
}

export { decodePointer, encodePointer };

/** The node at a pointer of the plain document, or undefined. */
export function valueAt(root: unknown, pointer: string): unknown {
  let current = root;
  for (const segment of decodePointer(pointer)) {
    if (Array.isArray(current)) current = current[Number(segment)];
    else if (isObject(current)) current = current[segment];
    else return undefined;
  }
  return current;
}

/** A schema, response or parameter after its `$ref`s: where it is declared, and what it says. */
export interface Declared {
  pointer: string;
  node: Node;
}

/** Follows local `$ref`s from `pointer` to the object that declares something. */
export function declared(root: unknown, pointer: string): Declared | Unresolved {
  const seen = new Set<string>();
  let at = pointer;
  for (;;) {
    const node = valueAt(root, at);
    if (!isObject(node)) return { why: `nothing at ${at} in the spec` };
    const ref = node.$ref;
    if (typeof ref !== "string") return { pointer: at, node };
    if (!ref.startsWith("#"))
      return { why: `${at} refers to another file (${ref}), which suggest does not edit` };
    if (seen.has(ref)) return { why: `${at}: $ref cycle through ${ref}` };
    seen.add(ref);
    at = ref.slice(1);
  }
}

const METHODS = ["get", "put", "post", "patch", "delete", "head", "options", "trace"] as const;

/** Every operation's pointer (`/paths/~1accounts~1{account_id}…/post`) by operationId, in document order. */
export function operations(root: unknown): Map<string, string> {
  const found = new Map<string, string>();
  const paths = valueAt(root, "/paths");
  for (const [path, item] of Object.entries(isObject(paths) ? paths : {})) {
    for (const method of METHODS) {
      const operation = isObject(item) ? item[method] : undefined;
      if (isObject(operation) && typeof operation.operationId === "string")
        found.set(operation.operationId, encodePointer(["paths", path, method]));
    }
  }
  return found;
}

export function operationPointer(root: unknown, operationId: string): string | Unresolved {
  return operations(root).get(operationId) ?? { why: `no operation ${operationId} in the spec` };
}

/** The keys under an operation's `responses`, as written (`200`, `4XX`, `default`). */
export function responseKeys(root: unknown, operation: string): string[] {
  const responses = valueAt(root, `${operation}/responses`);
  return Object.keys(isObject(responses) ? responses : {});
}

/** The key under `responses` a status falls under, as OpenAPI resolves it: exact, `4XX` range, `default`. */
export function responseKey(root: unknown, operation: string, status: number): string | undefined {
  const keys = responseKeys(root, operation);
  const wanted = [String(status), `${Math.floor(status / 100)}XX`, "default"];
  for (const candidate of wanted) {
    const key = keys.find((k) => k.toUpperCase() === candidate.toUpperCase());
    if (key !== undefined) return key;
  }
  return undefined;
}

/** The JSON body schema of a documented response, after `$ref`s. */
export function responseSchema(root: unknown, operation: string, key: string): Declared | Unresolved {
  const response = declared(root, childPointer(`${operation}/responses`, key));
  if (isUnresolved(response)) return response;
  const content = isObject(response.node.content) ? response.node.content : {};
  const mediaType = Object.keys(content).find(isJsonMediaType);
  if (mediaType === undefined) return { why: `${response.pointer} documents no JSON body` };
  return declared(root, `${childPointer(`${response.pointer}/content`, mediaType)}/schema`);
}

const COMPOSITIONS = ["allOf", "anyOf", "oneOf", "not"];

/** Where a body pointer lands in the spec. */
export interface BodyTarget {
  /** The object schema whose `properties` hold the last segment, when the pointer ends in a field. */
  parent?: Declared;
  key?: string;
  /** The schema the pointer reaches, after `$ref`s; absent when the field is undocumented. */
  schema?: Declared;
}

/**
 * The schema that holds `items` or `properties` at a node: the node itself, or
 * — at an `anyOf`, as suggest writes a widened type — its one branch that
 * does (the documented object or list; the other branches are other types).
 * Several such branches, or none, and nothing is chosen.
 */
export function branchHolding(
  root: unknown,
  schema: Declared,
  keyword: "items" | "properties",
): Declared | Unresolved {
  const { anyOf } = schema.node;
  if (!Array.isArray(anyOf)) return schema;
  const holding = anyOf
    .map((_, i) => declared(root, `${schema.pointer}/anyOf/${i}`))
    .filter((branch): branch is Declared => !isUnresolved(branch) && isObject(branch.node[keyword]));
  if (holding.length !== 1)
    return { why: `${schema.pointer} is an anyOf with ${holding.length} branches that have ${keyword}` };
  return branchHolding(root, holding[0] as Declared, keyword);
}

/**
 * Follows a finding's body pointer (`/result/*\/provenance`) from a response
 * schema through `properties` and `items`, and at an `anyOf` through the branch
 * that has them, as the checks do (`checks/walk.ts`). allOf, oneOf and not are
 * not followed, as the checks do not follow them either.
 */
export function resolveBody(root: unknown, schema: Declared, bodyPointer: string): BodyTarget | Unresolved {
  let current = schema;
  const target: BodyTarget = { schema };
  const segments = decodePointer(bodyPointer);
  for (const [i, segment] of segments.entries()) {
    const branch = branchHolding(root, current, segment === ITEMS ? "items" : "properties");
    if (isUnresolved(branch)) return branch;
    current = branch;
    const composed = COMPOSITIONS.find((keyword) => keyword in current.node);
    if (composed) return { why: `${current.pointer} is composed (${composed}): not followed` };
    let next: Declared | Unresolved;
    if (segment === ITEMS) {
      if (!isObject(current.node.items)) return { why: `${current.pointer} has no items` };
      next = declared(root, `${current.pointer}/items`);
      target.parent = undefined;
      target.key = undefined;
    } else {
      const properties = current.node.properties;
      if (!isObject(properties) || !(segment in properties)) {
        if (i < segments.length - 1) return { why: `${current.pointer} has no property ${segment}` };
        return { parent: current, key: segment };
      }
      next = declared(root, childPointer(`${current.pointer}/properties`, segment));
      target.parent = current;
      target.key = segment;
    }
    if (isUnresolved(next)) return next;
    current = next;
  }
  target.schema = current;
  return target;
}
