/**
 * Each sandbox drift profile, run through the real engine, gives a report from
 * which suggest writes a patch that `git apply` accepts in a copy of the repo,
 * that Redocly's lint (the repo's config) passes with no problem, and after
 * which the same exchanges, checked against the patched spec, no longer show
 * the drift — nor anything new. Every line of the spec outside the hunks is
 * kept byte for byte.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { ContractFinding } from "@impersonation-registry/engine";
import type { DriftProfileId } from "@impersonation-registry/sandbox";
import { spec } from "@impersonation-registry/types/spec";
import { parsePatch } from "diff";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type ChangeKind, suggest } from "../../src/suggest/index.ts";
import {
  cleanExchanges,
  drifted,
  engineFromSource,
  engineOf,
  git,
  lintSpec,
  REPO,
  reportOf,
  SPEC_FILE,
  specRepo,
} from "./helpers.ts";

const source = readFileSync(join(REPO, SPEC_FILE), "utf8");
const engine = engineOf(spec);
const ENTRY = "/components/schemas/ImpersonationRegistryEntry";
const COLLECTION = "/paths/~1accounts~1{account_id}~1email-security~1settings~1impersonation_registry";
const ITEM = `${COLLECTION}~1{impersonation_registry_id}`;

/**
 * Profile → the rule its findings have, the changes (kind + node of the spec)
 * suggest must make for them, and how many lines of the spec the patch may
 * remove (only a widened type replaces a line: `type: boolean` moves into anyOf).
 */
const CASES: [DriftProfileId, string, [ChangeKind, string][], number][] = [
  ["extra-field", "undocumented-field", [["add-property", `${ENTRY}/properties/risk_level`]], 0],
  ["type-change", "schema-type", [["widen-type", `${ENTRY}/properties/is_email_regex`]], 1],
  ["unknown-enum", "schema-enum", [["add-enum-values", "/components/schemas/Provenance"]], 0],
  ["null-not-nullable", "schema-nullable", [["make-nullable", `${ENTRY}/properties/name`]], 0],
  [
    "undocumented-status",
    "undocumented-status",
    [
      ["add-status", `${COLLECTION}/post/responses/202`],
      ["add-status", `${ITEM}/get/responses/202`],
      ["add-status", `${COLLECTION}/get/responses/202`],
      ["add-status", `${ITEM}/patch/responses/202`],
      ["add-status", `${ITEM}/delete/responses/202`],
    ],
    0,
  ],
];

const key = (finding: ContractFinding) => `${finding.rule} ${finding.operation} ${finding.pointer}`;

let repo: ReturnType<typeof specRepo>;
beforeAll(async () => {
  repo = specRepo();
  await git(repo.dir, ["init", "-q"]);
  await git(repo.dir, ["add", "."]);
  await git(repo.dir, ["-c", "user.name=t", "-c", "user.email=t@example.com", "commit", "-qm", "spec"]);
});
afterAll(() => repo.remove());

describe("suggest on each drift profile", () => {
  for (const [profile, rule, expected, removable] of CASES) {
    it(`${profile}: ${rule} → a patch that applies, lints and makes the drift conform`, async () => {
      const clean = cleanExchanges();
      const exchanges = drifted(clean, profile);
      const report = reportOf(exchanges, engine);
      const drift = report.findings.filter((finding) => finding.rule === rule);
      expect(drift.length, "the engine sees the drift").toBeGreaterThan(0);

      const suggestion = suggest(report, source);
      expect(suggestion.changes.map((change) => [change.kind, change.at])).toEqual(expected);
      const answered = suggestion.changes.flatMap((change) => change.findings);
      expect(answered.map(key).sort()).toEqual(drift.map(key).sort());
      for (const { finding } of suggestion.skipped) expect(finding.rule).not.toBe(rule);

      // git apply, in a git repository holding the spec as committed.
      await git(repo.dir, ["checkout", "-q", "--", "."]);
      await git(repo.dir, ["apply", "--check"], suggestion.patch);
      await git(repo.dir, ["apply"], suggestion.patch);
      const applied = readFileSync(join(repo.dir, SPEC_FILE), "utf8");
      expect(applied).toBe(suggestion.after);

      const lint = await lintSpec(repo.dir);
      expect(lint, JSON.stringify(lint.problems)).toMatchObject({ errors: 0, warnings: 0 });

      const patched = await engineFromSource(applied, join(repo.dir, SPEC_FILE));
      const after = exchanges.flatMap((exchange) => patched.check(exchange));
      expect(after.filter((finding) => finding.rule === rule)).toEqual([]);
      // Nothing new either, but what the clean exchanges show anyway (a 202 documented is a 202 validated).
      const known = new Set(
        [...report.findings, ...clean.flatMap((exchange) => engine.check(exchange))].map(key),
      );
      expect(after.filter((finding) => !known.has(key(finding))).map(key)).toEqual([]);

      expectOnlyHunksChanged(source, suggestion.after, suggestion.patch, removable);
    }, 60_000);
  }
});

/**
 * The patched text is the original with the hunks' lines removed and added,
 * nothing else: every other line is byte-identical and in its place, every
 * comment of the original is still there, and no more lines are removed than
 * the change must replace.
 */
function expectOnlyHunksChanged(original: string, patched: string, patch: string, removable: number) {
  const [file] = parsePatch(patch);
  const removed = new Set<number>();
  const added = new Set<number>();
  for (const hunk of file?.hunks ?? []) {
    let oldLine = hunk.oldStart;
    let newLine = hunk.newStart;
    for (const line of hunk.lines) {
      if (line.startsWith("-")) removed.add(oldLine++);
      else if (line.startsWith("+")) added.add(newLine++);
      else if (line.startsWith(" ")) {
        oldLine++;
        newLine++;
      }
    }
  }
  const kept = original.split("\n").filter((_, i) => !removed.has(i + 1));
  const rest = patched.split("\n").filter((_, i) => !added.has(i + 1));
  expect(rest).toEqual(kept);
  expect(removed.size).toBe(removable);
  const comments = (text: string) => text.split("\n").filter((line) => line.trimStart().startsWith("#"));
  expect(comments(patched)).toEqual(expect.arrayContaining(comments(original)));
}
