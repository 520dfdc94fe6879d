/** Spec text → bundled spec (shared with generate and the contract app). */
import { type BundledSpec, bundleSpec, SpecBundleError } from "@impersonation-registry/spec-bundle";
import { SpecDiffError } from "./errors.ts";

export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/**
 * `label` names the spec in errors (a path, or `REF:path`); `absoluteRef` resolves relative $refs.
 * The `document` (every $ref resolved) is what the diff walks; the whole bundle is what the types
 * are regenerated from for the type-level check.
 */
export async function loadSpec(source: string, label: string, absoluteRef: string): Promise<BundledSpec> {
  try {
    return await bundleSpec(source, { label, absoluteRef });
  } catch (error) {
    if (error instanceof SpecBundleError) throw new SpecDiffError(error.message);
    throw error;
  }
}
