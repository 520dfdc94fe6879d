/**
 * Which parts of requests — a request body, a parameter — use each schema of
 * the spec as written. suggest edits a schema from what responses showed; when
 * a request shares that schema (`Provenance` is a response field, the `provenance`
 * of a create and an update body, and the list's filter), the change also lets
 * consumers send what was only seen coming back, and a person must know that.
 */
import { childPointer, isJsonMediaType, isObject } from "@impersonation-registry/engine";
import { declared, isUnresolved, operations, valueAt } from "./source.ts";

/** Keywords under which a schema holds schemas: each is followed. */
const ONE_SCHEMA = ["items", "additionalProperties", "not"];
const SCHEMA_LISTS = ["allOf", "anyOf", "oneOf"];

/**
 * For every schema node a request reaches (by its pointer into the file, before
 * and after each `$ref`), the request places that reach it, in document order:
 * `createEntry request body`, `listEntries query parameter provenance`.
 */
export function requestUses(root: unknown): Map<string, string[]> {
  const uses = new Map<string, string[]>();
  const reach = (pointer: string, place: string, seen: Set<string>) => {
    if (seen.has(pointer)) return;
    seen.add(pointer);
    uses.set(pointer, [...new Set([...(uses.get(pointer) ?? []), place])]);
    const schema = declared(root, pointer);
    if (isUnresolved(schema)) return;
    if (schema.pointer !== pointer) reach(schema.pointer, place, seen);
    const { node } = schema;
    if (isObject(node.properties))
      for (const key of Object.keys(node.properties))
        reach(childPointer(`${schema.pointer}/properties`, key), place, seen);
    for (const keyword of ONE_SCHEMA)
      if (isObject(node[keyword])) reach(`${schema.pointer}/${keyword}`, place, seen);
    for (const keyword of SCHEMA_LISTS) {
      const branches = node[keyword];
      if (!Array.isArray(branches)) continue;
      for (const index of branches.keys()) reach(`${schema.pointer}/${keyword}/${index}`, place, seen);
    }
  };
  for (const [operationId, operation] of operations(root)) {
    const pathItem = operation.slice(0, operation.lastIndexOf("/"));
    for (const owner of [pathItem, operation]) {
      const parameters = valueAt(root, `${owner}/parameters`);
      if (!Array.isArray(parameters)) continue;
      parameters.forEach((_, i) => {
        const parameter = declared(root, `${owner}/parameters/${i}`);
        if (isUnresolved(parameter) || !isObject(parameter.node.schema)) return;
        const place = `${operationId} ${String(parameter.node.in)} parameter ${String(parameter.node.name)}`;
        reach(`${parameter.pointer}/schema`, place, new Set());
      });
    }
    const body = declared(root, `${operation}/requestBody`);
    if (isUnresolved(body) || !isObject(body.node.content)) continue;
    for (const mediaType of Object.keys(body.node.content).filter(isJsonMediaType))
      reach(
        `${childPointer(`${body.pointer}/content`, mediaType)}/schema`,
        `${operationId} request body`,
        new Set(),
      );
  }
  return uses;
}
