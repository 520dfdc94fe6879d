/** Spec text → dereferenced document (shared with generate and the contract app). */
import { bundleSpec, SpecBundleError } from "@impersonation-registry/spec-bundle";
import { SpecDiffError } from "./errors.ts";

export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** `label` names the spec in errors (a path, or `REF:path`); `absoluteRef` resolves relative $refs. */
export async function loadSpec(source: string, label: string, absoluteRef: string): Promise<Node> {
  try {
    return (await bundleSpec(source, { label, absoluteRef })).document;
  } catch (error) {
    if (error instanceof SpecBundleError) throw new SpecDiffError(error.message);
    throw error;
  }
}
