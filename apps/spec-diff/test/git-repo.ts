/** Throwaway git repositories for tests that need history: never the real checkout. */
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";

// Fixed identity and dates: commits are reproducible and need no global git config.
const env = {
  ...process.env,
  GIT_AUTHOR_NAME: "spec-diff tests",
  GIT_AUTHOR_EMAIL: "tests@example.com",
  GIT_COMMITTER_NAME: "spec-diff tests",
  GIT_COMMITTER_EMAIL: "tests@example.com",
  GIT_AUTHOR_DATE: "2026-01-01T00:00:00Z",
  GIT_COMMITTER_DATE: "2026-01-01T00:00:00Z",
};

export interface TempRepo {
  dir: string;
  git(...args: string[]): string;
  write(files: Record<string, string>): void;
  commit(message: string): void;
  remove(): void;
}

export function tempRepo(files: Record<string, string>): TempRepo {
  const dir = mkdtempSync(join(tmpdir(), "spec-diff-repo-"));
  const repo: TempRepo = {
    dir,
    git: (...args) => execFileSync("git", args, { cwd: dir, env, encoding: "utf8" }),
    write(more) {
      for (const [path, content] of Object.entries(more)) {
        mkdirSync(dirname(join(dir, path)), { recursive: true });
        writeFileSync(join(dir, path), content);
      }
    },
    commit(message) {
      repo.git("add", "-A");
      repo.git("commit", "-q", "-m", message);
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
  repo.git("init", "-q", "-b", "main");
  repo.write(files);
  repo.commit("initial");
  return repo;
}
