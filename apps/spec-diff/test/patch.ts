/**
 * Builds fixture specs: `base.yaml` plus a list of JSON Patch operations
 * (add, replace, remove — all the fixtures need), so each rule's fixture shows
 * only the edit it is about.
 */
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { parse } from "yaml";
import { diffSpecs, loadSpec, type SpecFinding } from "../src/index.ts";

export interface Patch {
  op: "add" | "replace" | "remove";
  path: string;
  value?: unknown;
}

export const fixtures = fileURLToPath(new URL("./fixtures/", import.meta.url));
const basePath = `${fixtures}base.yaml`;
const base: unknown = parse(await readFile(basePath, "utf8"));

function unescapeToken(token: string): string {
  return token.replaceAll("~1", "/").replaceAll("~0", "~");
}

function apply(document: unknown, { op, path, value }: Patch): void {
  const tokens = path.split("/").slice(1).map(unescapeToken);
  const last = tokens.pop() as string;
  let parent = document as Record<string, unknown>;
  for (const token of tokens) {
    const next = parent[token];
    if (typeof next !== "object" || next === null) throw new Error(`patch ${op} ${path}: no ${token}`);
    parent = next as Record<string, unknown>;
  }
  if (Array.isArray(parent)) {
    const index = last === "-" ? parent.length : Number(last);
    parent.splice(index, op === "add" ? 0 : 1, ...(op === "remove" ? [] : [value]));
  } else if (op === "remove") {
    if (!(last in parent)) throw new Error(`patch remove ${path}: nothing there`);
    delete parent[last];
  } else {
    parent[last] = value;
  }
}

export function patched(patches: readonly Patch[] = []): string {
  const document = structuredClone(base);
  for (const patch of patches) apply(document, patch);
  return JSON.stringify(document);
}

/** Diffs two patched versions of the base spec, both dereferenced as spec:diff does. */
export async function diffPatches(
  before: readonly Patch[] = [],
  after: readonly Patch[] = [],
): Promise<SpecFinding[]> {
  const [b, a] = await Promise.all([
    loadSpec(patched(before), "before", basePath),
    loadSpec(patched(after), "after", basePath),
  ]);
  return diffSpecs(b.document, a.document);
}
