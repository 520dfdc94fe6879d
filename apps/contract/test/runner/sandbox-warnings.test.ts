/**
 * The in-process sandbox's unexpected errors reach the run's console: with
 * the `internal-error` fault profile every other request throws inside it, and
 * each is handed to the run's `warning` event (the CLI prints them on stderr as
 * `warning: sandbox: …`), one line each, no stack.
 */
import { describe, expect, it } from "vitest";
import { parseCommand } from "../../src/cli/args.ts";
import { prepareRun, type RunCommand } from "../../src/cli/prepare.ts";
import { runContract } from "../../src/run.ts";
import { removeDir, tempDir } from "../cli/helpers.ts";

describe("the in-process sandbox's warnings", () => {
  it("reach the run's warning event, one line each", async () => {
    const dir = tempDir("warnings");
    try {
      const args = ["--target", "sandbox", "--scenario", "auth", "--report-dir", dir, "--no-history"];
      const options = await prepareRun(parseCommand(args) as RunCommand, {
        signal: new AbortController().signal,
        env: {},
      });
      const warnings: string[] = [];
      const report = await runContract(
        { ...options, sandboxDrift: "internal-error" },
        {
          targetStarted() {},
          scenarioStarted() {},
          scenarioDone() {},
          warning: (message) => warnings.push(message),
        },
      );
      // Hit requests were answered 500 and retried; each hit was logged by the sandbox and handed on.
      const hits = report.steps.flatMap((step) => step.statuses ?? []).filter((status) => status === 500);
      expect(hits.length).toBeGreaterThan(0);
      expect(warnings).toHaveLength(hits.length);
      for (const warning of warnings) {
        expect(warning).toBe(
          "sandbox: unexpected error: Error: injected by the internal-error fault profile",
        );
      }
    } finally {
      removeDir(dir);
    }
  });
});
