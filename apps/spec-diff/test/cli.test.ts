/** The CLI as a subprocess: exit codes, one-line errors, and output formats. */
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { tempRepo } from "./git-repo.ts";
import { fixtures, patched } from "./patch.ts";

const cli = fileURLToPath(new URL("../src/cli.ts", import.meta.url));
const SPEC = "openapi/impersonation-registry.yaml";

function run(cwd: string, ...args: string[]) {
  const result = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: "utf8" });
  return {
    status: result.status,
    stdout: result.stdout,
    stderr: result.stderr.trim().split("\n").filter(Boolean),
  };
}

const repo = tempRepo({ [SPEC]: readFileSync(`${fixtures}base.yaml`, "utf8") });
afterAll(() => repo.remove());

describe("spec:diff exits 2 with one clear line", () => {
  it("on an unknown --base ref (in this very checkout)", () => {
    const result = run(fileURLToPath(new URL(".", import.meta.url)), "--base", "no-such-ref-7f3a");
    expect(result).toEqual({
      status: 2,
      stdout: "",
      stderr: ['spec:diff: unknown git ref "no-such-ref-7f3a" (try a branch, tag or commit)'],
    });
  });

  it.each([
    ["an unknown option", ["--colour"], /^spec:diff: Unknown option '--colour'/],
    ["an unknown format", ["--format", "html"], /^spec:diff: unknown --format "html"/],
    ["an unknown --fail-on", ["--fail-on", "info"], /^spec:diff: unknown --fail-on "info"/],
  ])("on %s", (_name, args, message) => {
    const result = run(repo.dir, "--base", "HEAD", ...args);
    expect(result.status).toBe(2);
    expect(result.stderr).toHaveLength(1);
    expect(result.stderr[0]).toMatch(message);
  });

  it("on an unreadable working-copy spec", () => {
    repo.write({ [SPEC]: "openapi: 3.0.3\npaths: [unclosed\n" });
    try {
      const result = run(repo.dir, "--base", "HEAD");
      expect(result.status).toBe(2);
      expect(result.stderr).toEqual([
        expect.stringMatching(/^spec:diff: openapi\/impersonation-registry.yaml:\d+:\d+: YAML syntax error/),
      ]);
    } finally {
      repo.git("checkout", "--", SPEC);
    }
  });

  it("when HEAD and main share no history", () => {
    const orphan = tempRepo({ [SPEC]: patched() });
    try {
      orphan.git("checkout", "-q", "--orphan", "feature");
      orphan.commit("unrelated history");
      expect(run(orphan.dir)).toEqual({
        status: 2,
        stdout: "",
        stderr: ["spec:diff: no merge base between HEAD and main"],
      });
    } finally {
      orphan.remove();
    }
  });
});

describe("spec:diff on a breaking edit", () => {
  it("exits 1, or 0 with --fail-on none, and prints the findings as JSON (also to --append-to)", () => {
    repo.write({ [SPEC]: patched([{ op: "remove", path: "/paths/~1things~1{id}/get/responses/404" }]) });
    const summary = join(repo.dir, ".git", "summary.md");
    try {
      const failing = run(repo.dir, "--base", "HEAD", "--format", "json", "--append-to", summary);
      expect(failing.status).toBe(1);
      expect(readFileSync(summary, "utf8")).toBe(failing.stdout);
      const report = JSON.parse(failing.stdout);
      expect(report.findings).toEqual([
        expect.objectContaining({
          rule: "response-status-removed",
          operation: "getThing",
          pointer: "/responses/404",
        }),
      ]);
      expect(report.bump).toBe("major");
      expect(run(repo.dir, "--base", "HEAD", "--fail-on", "none").status).toBe(0);
    } finally {
      repo.git("checkout", "--", SPEC);
    }
  });

  it("defaults to HEAD~1 on main and prints a text table per operation", () => {
    repo.write({
      [SPEC]: patched([{ op: "replace", path: "/paths/~1things~1{id}/get/summary", value: "Fetch a thing" }]),
    });
    repo.commit("reword getThing");
    const result = run(repo.dir);
    expect(result.status).toBe(0);
    expect(result.stdout).toContain("HEAD~1");
    expect(result.stdout).toContain(
      "getThing (GET /things/{id})\n  info  description-changed  /summary  Get a thing → Fetch a thing",
    );
    expect(result.stdout).toContain(
      "Suggested bump: @impersonation-registry/types patch, @impersonation-registry/client patch",
    );
  });
});
