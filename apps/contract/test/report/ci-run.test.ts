/**
 * .ci/run installs Debian's chromium for the report's browser test before the
 * test command, only when it is missing and only as root. The script runs from a
 * copy in a temporary checkout, with stubs for apt-get, id and npm on a PATH
 * that holds nothing else, so what it would run is recorded, not done.
 */
import { spawnSync } from "node:child_process";
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterEach, describe, expect, it } from "vitest";

const CI_RUN = fileURLToPath(new URL("../../../../.ci/run", import.meta.url));

let root: string | undefined;
afterEach(() => {
  if (root) rmSync(root, { recursive: true, force: true });
});

/** Runs a copy of .ci/run as user `uid` (per the stubbed `id`), chromium on PATH or not; returns what ran. */
function ciRun(uid: number, chromium: boolean): { ran: string[]; stdout: string } {
  root = mkdtempSync(join(tmpdir(), "contract-ci-run-"));
  const log = join(root, "ran.log");
  const bin = join(root, "bin");
  mkdirSync(join(root, "checkout", ".ci"), { recursive: true });
  mkdirSync(bin);
  copyFileSync(CI_RUN, join(root, "checkout", ".ci", "run"));
  const stub = (name: string, body: string) => {
    writeFileSync(join(bin, name), `#!/bin/bash\n${body}\n`);
    chmodSync(join(bin, name), 0o755);
  };
  for (const name of ["apt-get", "npm"]) stub(name, `echo "${name} $*" >> ${log}`);
  stub("id", `echo ${uid}`);
  if (chromium) stub("chromium", "exit 0");
  for (const tool of ["dirname", "rm"]) symlinkSync(`/usr/bin/${tool}`, join(bin, tool));
  const result = spawnSync("/bin/bash", [join(root, "checkout", ".ci", "run")], {
    env: { PATH: bin },
    encoding: "utf8",
  });
  let ran: string[] = [];
  try {
    ran = readFileSync(log, "utf8").trim().split("\n");
  } catch {
    // Nothing ran.
  }
  return { ran, stdout: result.stdout };
}

describe(".ci/run", () => {
  const cases: [string, number, boolean, string[], RegExp | undefined][] = [
    [
      "as root without chromium: installs it, then runs the tests",
      0,
      false,
      ["apt-get update", "apt-get install -y chromium", "npm ci", "npm test"],
      undefined,
    ],
    ["chromium already there: runs the tests only", 0, true, ["npm ci", "npm test"], undefined],
    [
      "not root: says the browser test will be skipped, runs the tests",
      1000,
      false,
      ["npm ci", "npm test"],
      /chromium is missing and this is not root: the report's browser test will be skipped/,
    ],
  ];
  for (const [name, uid, chromium, ran, says] of cases) {
    it(name, () => {
      const result = ciRun(uid, chromium);
      expect(result.ran).toEqual(ran);
      if (says) expect(result.stdout).toMatch(says);
    });
  }
});
