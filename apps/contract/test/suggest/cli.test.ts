/**
 * `contract suggest` as a child process: the patch on stdout and the account
 * on stderr, `--out`, `--write` (on a copy of the spec: the repository's is
 * never touched), nothing to suggest, and every input error as one line, exit 2.
 */
import { cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spec } from "@impersonation-registry/types/spec";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { suggest } from "../../src/suggest/index.ts";
import { killChildren, removeDir, runCli, tempDir } from "../cli/helpers.ts";
import { cleanExchanges, drifted, engineOf, REPO, reportOf, SPEC_FILE } from "./helpers.ts";

const engine = engineOf(spec);
const specPath = join(REPO, SPEC_FILE);
const source = readFileSync(specPath, "utf8");
/** A server that drifted four ways at once, beside a clean mock: changes, comparisons and info findings. */
const driftReport = reportOf(
  [
    ...cleanExchanges("mock"),
    ...drifted(cleanExchanges(), "extra-field", "type-change", "unknown-enum", "null-not-nullable"),
  ],
  engine,
);
const expected = suggest(driftReport, source);

let dir: string;
const reportDir = (name: string) => join(dir, name);
beforeAll(() => {
  dir = tempDir("suggest");
  const reports: Record<string, string> = {
    drift: JSON.stringify(driftReport),
    clean: JSON.stringify(reportOf([...cleanExchanges("mock"), ...cleanExchanges()], engine)),
    "not-json": "{",
    "not-a-report": JSON.stringify({ runId: "x", findings: [{ rule: "schema-type" }] }),
  };
  for (const [name, content] of Object.entries(reports)) {
    mkdirSync(reportDir(name));
    writeFileSync(join(reportDir(name), "report.json"), content);
  }
});
afterEach(() => killChildren());
afterAll(() => removeDir(dir));

describe("contract suggest", () => {
  it("prints the patch on stdout and what it means on stderr; the spec is untouched", async () => {
    const result = await runCli(["suggest", "--report", reportDir("drift")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe(expected.patch);
    expect(result.stdout.startsWith(`--- a/${SPEC_FILE}\n+++ b/${SPEC_FILE}\n@@ `)).toBe(true);
    expect(result.stderr).toContain(`→ 4 change(s) to ${SPEC_FILE} (patch above)`);
    expect(result.stderr).toMatch(/^spec:diff of the change: \d+ change\(s\): \d+ breaking/m);
    expect(result.stderr).toContain(
      "suggested bump: @impersonation-registry/types major, @impersonation-registry/client major",
    );
    // One line per finding left to a person.
    const skipped = result.stderr.split("\n").filter((line) => line.startsWith("  - "));
    expect(skipped).toHaveLength(expected.skipped.length);
    expect(readFileSync(specPath, "utf8")).toBe(source);
  });

  it("--out writes the patch to a file and the account on stdout", async () => {
    const out = join(dir, "suggested.patch");
    const result = await runCli(["suggest", "--report", reportDir("drift"), "--out", out]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(out, "utf8")).toBe(expected.patch);
    expect(result.stdout).toContain(`(patch in ${out})`);
    expect(result.stderr).toBe("");
  });

  it("--write applies the change to the spec it is given", async () => {
    const copy = join(dir, "impersonation-registry.yaml");
    cpSync(specPath, copy);
    const result = await runCli(["suggest", "--report", reportDir("drift"), "--write", "--spec", copy]);
    expect(result.code, result.stderr).toBe(0);
    expect(readFileSync(copy, "utf8")).toBe(expected.after);
    expect(result.stdout).toMatch(/\(written to .*impersonation-registry\.yaml\)/);
    expect(result.stdout).toContain("next: npm run lint:spec && npm run generate");
    expect(readFileSync(specPath, "utf8")).toBe(source);
  });

  it("says on stderr when there is nothing to suggest, and why for each finding; stdout stays empty, exit 0", async () => {
    const result = await runCli(["suggest", "--report", reportDir("clean")]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toBe("");
    const [first, ...rest] = result.stderr.trimEnd().split("\n");
    expect(first).toMatch(/^suggest: run \S+: \d+ finding\(s\), nothing to suggest$/);
    expect(rest.length).toBeGreaterThan(0);
    for (const line of rest) expect(line).toMatch(/^ {2}- \S+ \S+ \S+ \S+: .+/);
  });

  const ERRORS: [string, () => string[], RegExp][] = [
    [
      "a missing report directory",
      () => ["suggest", "--report", join(dir, "nope")],
      /report .*nope\/report\.json cannot be read: ENOENT$/,
    ],
    [
      "a report that is not JSON",
      () => ["suggest", "--report", reportDir("not-json")],
      /report .*report\.json is not JSON: /,
    ],
    [
      "JSON that is not a contract report",
      () => ["suggest", "--report", reportDir("not-a-report")],
      /is not a contract report: \/findings\/0 must have required property 'severity'$/,
    ],
    [
      "--out with --write",
      () => ["suggest", "--out", "x.patch", "--write"],
      /--out and --write exclude each other/,
    ],
    ["--write outside suggest", () => ["list", "--write"], /--report, --out and --write belong to suggest/],
    [
      "an --out that cannot be written",
      () => ["suggest", "--report", reportDir("drift"), "--out", join(dir, "no-such-dir", "x.patch")],
      /no-such-dir\/x\.patch cannot be written: ENOENT$/,
    ],
  ];
  for (const [name, args, message] of ERRORS) {
    it(`${name}: one line, exit 2`, async () => {
      const result = await runCli(args());
      expect(result.code, result.stderr).toBe(2);
      const lines = result.stderr.trimEnd().split("\n");
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^contract: /);
      expect(lines[0]).toMatch(message);
      expect(result.stdout).toBe("");
    });
  }
});
