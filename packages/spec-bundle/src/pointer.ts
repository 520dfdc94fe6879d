/**
 * Local `$ref`s of the bundled document: where one points, and which ones a document still holds
 * (only those that close a recursive schema, see `bundleSpec`). No Redocly here: the `./ajv` subpath
 * imports this module.
 */

type Container = Record<string, unknown> | unknown[];

const isContainer = (value: unknown): value is Container => typeof value === "object" && value !== null;

/** The node a local `$ref` (`#/components/schemas/X`) points at, or undefined. */
export function resolvePointer(document: unknown, ref: string): unknown {
  if (!ref.startsWith("#")) return undefined;
  return ref
    .slice(1)
    .split("/")
    .slice(1)
    .map((segment) => decodeURIComponent(segment).replace(/~1/g, "/").replace(/~0/g, "~"))
    .reduce<unknown>(
      (node, key) =>
        isContainer(node) && Object.hasOwn(node, key) ? (node as Record<string, unknown>)[key] : undefined,
      document,
    );
}

/** Every distinct `$ref` string left in `document`. */
export function remainingRefs(document: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(document)) for (const item of document) remainingRefs(item, found);
  else if (isContainer(document)) {
    for (const [key, child] of Object.entries(document)) {
      if (key === "$ref" && typeof child === "string") found.add(child);
      else remainingRefs(child, found);
    }
  }
  return found;
}
