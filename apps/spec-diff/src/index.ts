/**
 * spec-diff as a library: the CLI, the changeset check and the tests all call
 * `runSpecDiff`, which compares the spec at a git ref with the working copy.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { type Bump, suggestedBump } from "@impersonation-registry/findings";
import { consumerFiles, DEFAULT_CONSUMERS } from "./consumers.ts";
import { diffSpecs, type SpecFinding } from "./diff.ts";
import { SpecDiffError } from "./errors.ts";
import { type Base, repoRoot, resolveBase, showFile } from "./git.ts";
import type { CompileError } from "./impact.ts";
import { loadSpec } from "./load.ts";

export { DOCUMENT, diffSpecs, type SpecFinding } from "./diff.ts";
export { SpecDiffError } from "./errors.ts";
export { changedFiles, resolveBase } from "./git.ts";
export type { CompileError } from "./impact.ts";
export { loadSpec } from "./load.ts";
export { RULES, type RuleId } from "./rules.ts";

export const SPEC_PATH = "openapi/impersonation-registry.yaml";

/** The packages whose versions follow the spec; spec:diff suggests one bump for each. */
export const VERSIONED_PACKAGES = [
  "@impersonation-registry/types",
  "@impersonation-registry/client",
] as const;

export interface Report {
  base: Base;
  spec: string;
  findings: SpecFinding[];
  typeErrors: CompileError[];
  /** The client re-exports the types, so both move together. */
  bump: Bump;
}

export interface Options {
  /** Any folder inside the repository. */
  cwd?: string;
  base?: string;
  /** Consumer folders to type-check, relative to the root; `[]` skips the type-level check. */
  consumers?: readonly string[];
}

export async function runSpecDiff(options: Options = {}): Promise<Report> {
  const root = repoRoot(options.cwd ?? process.cwd());
  const base = resolveBase(root, options.base);
  const afterPath = join(root, SPEC_PATH);
  const beforeSource = showFile(root, base, SPEC_PATH);
  const afterSource = await readFile(afterPath, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new SpecDiffError(`${SPEC_PATH}: cannot read the spec (${error.code ?? error.message})`);
  });
  const [before, after] = await Promise.all([
    loadSpec(beforeSource, `${base.label}:${SPEC_PATH}`, afterPath),
    loadSpec(afterSource, SPEC_PATH, afterPath),
  ]);
  const findings = diffSpecs(before.document, after.document);
  const files = await consumerFiles(root, options.consumers ?? DEFAULT_CONSUMERS);
  // The compiler and the generator take a second to load: only when there is something to compile.
  const typeErrors =
    files.length === 0
      ? []
      : await import("./impact.ts").then(({ typeImpact }) => typeImpact(root, before, after, files));
  // A consumer that stops compiling is a major change even if no rule saw why.
  const bump = typeErrors.length > 0 ? "major" : suggestedBump(findings);
  return { base, spec: SPEC_PATH, findings, typeErrors, bump };
}
