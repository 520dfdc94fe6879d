/**
 * node apps/spec-diff/src/changeset-check.ts [--base REF]   (root script `changeset:check`)
 *
 * Fails when the spec or the types package changed since the base (default: the
 * merge base with main; on main itself, HEAD — see resolveBase) without a
 * changeset whose bump is at least what spec:diff suggests. Only changesets
 * added since the base count: a pending one from an earlier change already
 * pays for that change. The versioned packages are released together (`fixed`
 * in .changeset/config.json), so the largest bump naming either one counts.
 *
 * Exit codes: 0 fine, 1 missing or too small a changeset, 2 cannot tell (same as spec:diff).
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { parseChangesetFile } from "@changesets/parse";
import type { Bump } from "@impersonation-registry/findings";
import { runCli } from "./errors.ts";
import { changedFiles, repoRoot, resolveBase } from "./git.ts";
import { runSpecDiff, SPEC_PATH, VERSIONED_PACKAGES } from "./index.ts";

const RANK: readonly Bump[] = ["none", "patch", "minor", "major"];
const atLeast = (bump: Bump, wanted: Bump) => RANK.indexOf(bump) >= RANK.indexOf(wanted);
const versioned = new Set<string>(VERSIONED_PACKAGES);

export interface ChangesetVerdict {
  required: Bump;
  /** The largest bump the new changesets give the versioned packages. */
  declared: Bump;
  /** One line each; empty when the check passes. */
  problems: string[];
}

export async function checkChangesets(
  options: { cwd?: string; base?: string } = {},
): Promise<ChangesetVerdict> {
  const root = repoRoot(options.cwd ?? process.cwd());
  const base = resolveBase(root, options.base, "HEAD");
  const changed = changedFiles(root, base);
  const typesChanged = changed.some((file) => file.startsWith("packages/types/src/"));
  let required: Bump = "none";
  if (changed.includes(SPEC_PATH)) {
    required = (await runSpecDiff({ cwd: root, base: base.commit })).bump;
  }
  // A hand edit of the public types (or a generator upgrade) is at least a patch, whatever the spec says.
  if (typesChanged && !atLeast(required, "patch")) required = "patch";

  let declared: Bump = "none";
  for (const file of changed.filter((f) => /^\.changeset\/[^/]+\.md$/.test(f) && !f.endsWith("README.md"))) {
    const contents = await readFile(join(root, file), "utf8").catch(() => undefined);
    // A changeset deleted since the base (consumed by `changeset version`) declares nothing.
    if (contents === undefined) continue;
    for (const release of parseChangesetFile(contents).releases) {
      if (versioned.has(release.name) && !atLeast(declared, release.type)) declared = release.type;
    }
  }
  const problems =
    atLeast(declared, required) || required === "none"
      ? []
      : [
          declared === "none"
            ? `the spec or public types changed since ${base.label} but no changeset names ${VERSIONED_PACKAGES.join(" or ")}: run \`npx changeset\` and choose ${required}`
            : `the changesets added since ${base.label} declare ${declared}, but spec:diff suggests ${required}: run \`npm run spec:diff\` to see why, then edit the changeset`,
        ];
  return { required, declared, problems };
}

function main(argv: string[]): Promise<number> {
  return runCli("changeset:check", async () => {
    const { values } = parseArgs({ args: argv, options: { base: { type: "string" } }, strict: true });
    const verdict = await checkChangesets({ base: values.base });
    for (const problem of verdict.problems) console.error(`changeset:check: ${problem}`);
    if (verdict.problems.length > 0) return 1;
    console.log(
      `changeset:check: ok (spec:diff suggests ${verdict.required}, changesets declare ${verdict.declared})`,
    );
    return 0;
  });
}

if (import.meta.filename === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
