/**
 * The few git questions spec-diff asks, through the git binary: which commit
 * is the base, and what a file looked like there (`git show`, never a checkout,
 * so the working copy is untouched).
 */
import { execFileSync } from "node:child_process";
import { SpecDiffError } from "./errors.ts";

function git(cwd: string, args: string[]): string | undefined {
  try {
    return execFileSync("git", args, { cwd, encoding: "utf8", stdio: ["ignore", "pipe", "pipe"] }).trim();
  } catch {
    return undefined;
  }
}

export function repoRoot(cwd: string): string {
  const root = git(cwd, ["rev-parse", "--show-toplevel"]);
  if (root === undefined) throw new SpecDiffError(`${cwd} is not inside a git repository`);
  return root;
}

function commitOf(cwd: string, ref: string): string | undefined {
  return git(cwd, ["rev-parse", "--verify", "--quiet", `${ref}^{commit}`]);
}

export interface Base {
  /** What the user would call it: the ref they passed, or how the default was found. */
  label: string;
  commit: string;
}

/**
 * `--base REF` when given; otherwise the merge base with `main` (or `origin/main`
 * in a CI clone). On main itself that merge base is HEAD: spec:diff then shows
 * the last commit too (`onMain` HEAD~1, as without any main), while the
 * changeset gate asks only about uncommitted edits (`onMain` HEAD), because
 * what is already on main was gated by its pull request.
 */
export function resolveBase(cwd: string, ref?: string, onMain: "HEAD~1" | "HEAD" = "HEAD~1"): Base {
  if (ref !== undefined) {
    const commit = commitOf(cwd, ref);
    if (commit === undefined)
      throw new SpecDiffError(`unknown git ref "${ref}" (try a branch, tag or commit)`);
    return { label: ref, commit };
  }
  const main = ["main", "origin/main"].find((name) => commitOf(cwd, name) !== undefined);
  const head = commitOf(cwd, "HEAD");
  if (main !== undefined) {
    const mergeBase = git(cwd, ["merge-base", "HEAD", main]);
    if (mergeBase === undefined) throw new SpecDiffError(`no merge base between HEAD and ${main}`);
    if (mergeBase !== head) return { label: `merge base with ${main}`, commit: mergeBase };
  }
  const fallback = commitOf(cwd, onMain);
  if (fallback === undefined) throw new SpecDiffError(`no base to compare with: no ${onMain} and no --base`);
  return { label: onMain, commit: fallback };
}

export function showFile(cwd: string, base: Base, path: string): string {
  const content = git(cwd, ["show", `${base.commit}:${path}`]);
  if (content === undefined) throw new SpecDiffError(`${path} does not exist at ${base.label}`);
  return content;
}

/** Paths changed between the base commit and the working copy (untracked files included). */
export function changedFiles(cwd: string, base: Base): string[] {
  const tracked = git(cwd, ["diff", "--name-only", base.commit]) ?? "";
  const untracked = git(cwd, ["ls-files", "--others", "--exclude-standard"]) ?? "";
  return [...tracked.split("\n"), ...untracked.split("\n")].filter((line) => line !== "");
}
