/** Progress output: plain lines when piped, a redrawn status line only on a TTY. */

import type { StepResult } from "@impersonation-registry/engine";
import { describe, expect, it } from "vitest";
import { createProgress, progressLine } from "../../src/console.ts";
import type { ScenarioOutcome } from "../../src/executor/execute.ts";

const step = (status: StepResult["status"], reason?: string): StepResult => ({
  target: "sandbox",
  scenario: "lifecycle",
  step: `a ${status} step`,
  operation: "getEntry",
  status,
  ...(reason && { reason }),
  expectations: [],
  durationMs: 1,
  attempts: 1,
});
const outcome = (steps: StepResult[]): ScenarioOutcome => ({
  target: "sandbox",
  scenario: "lifecycle",
  steps,
  exchanges: [],
  durationMs: 42.4,
});

function capture(isTTY: boolean) {
  let text = "";
  const progress = createProgress({ isTTY, write: (chunk) => (text += chunk) }, 2);
  progress.scenarioStarted("sandbox", "lifecycle");
  progress.scenarioDone(outcome([step("passed")]));
  progress.finish();
  return text;
}

describe("console progress", () => {
  it("writes one plain line per scenario × target when not on a TTY", () => {
    expect(capture(false)).toBe(`${progressLine(outcome([step("passed")]))}\n`);
  });

  it("redraws a status line on a TTY and clears it at the end", () => {
    const text = capture(true);
    expect(text).toContain("\r\x1b[2K");
    expect(text).toContain("1/2 done");
    expect(text.endsWith("\r\x1b[2K")).toBe(true);
  });

  const lines: [string, StepResult[], RegExp][] = [
    [
      "passed",
      [step("passed"), step("not-applicable", "x")],
      /^✓ sandbox {2}lifecycle +1 passed, 1 n\/a +42 ms$/,
    ],
    [
      "failed",
      [step("passed"), step("failed", "answers 200: status 202")],
      /^✗ .*1 passed, 1 failed .*\(a failed step: answers 200: status 202\)$/,
    ],
    [
      "errored",
      [step("errored", "boom"), step("not-applicable", "not run")],
      /^! .*1 errored, 1 n\/a .*\(a errored step: boom\)$/,
    ],
    ["not applicable", [step("not-applicable", "x")], /^– sandbox {2}lifecycle +1 n\/a/],
  ];
  for (const [name, steps, pattern] of lines) {
    it(`marks a ${name} scenario`, () => {
      expect(progressLine(outcome(steps))).toMatch(pattern);
    });
  }
});
