import { describe, expect, it } from "vitest";
import { exitCodeFor } from "../src/index.ts";
import type { RunReport } from "../src/model.ts";
import { sampleReport } from "./helpers.ts";

const base = sampleReport();
const passing = base.steps.map((step) => ({ ...step, status: "passed" as const }));
/** The passing steps, the first one with another status. */
const firstStep = (status: RunReport["steps"][number]["status"]) =>
  passing.map((step, index) => (index === 0 ? { ...step, status } : step));
const breaking = base.findings.filter((f) => f.severity === "breaking");
const additive = base.findings.filter((f) => f.severity === "additive").map(({ accepted: _, ...f }) => f);
const expired = [
  { rule: "schema-type", operation: "listEntries", pointer: "/x", reason: "r", expires: "2026-01-01" },
];

// [name, report changes, exit code]
const cases: [string, Partial<RunReport>, 0 | 1][] = [
  ["nothing failing", { steps: passing, findings: [] }, 0],
  ["a breaking finding at fail-on breaking", { steps: passing, findings: breaking }, 1],
  [
    "the same finding, accepted by the baseline",
    {
      steps: passing,
      findings: breaking.map((f) => ({ ...f, accepted: { reason: "r", expires: "2027-01-01" } })),
    },
    0,
  ],
  ["an additive finding at fail-on breaking", { steps: passing, findings: additive }, 0],
  ["an additive finding at fail-on additive", { steps: passing, findings: additive, failOn: "additive" }, 1],
  [
    "an info finding at fail-on additive",
    { steps: passing, findings: base.findings.filter((f) => f.severity === "info"), failOn: "additive" },
    0,
  ],
  ["an expired baseline entry", { steps: passing, findings: [], expiredBaseline: expired }, 1],
  ["an errored step", { steps: firstStep("errored"), findings: [] }, 1],
  ["a failed step (an unmet expectation)", { steps: firstStep("failed"), findings: [] }, 1],
  ["a not-applicable step", { steps: firstStep("not-applicable"), findings: [] }, 0],
];

describe("exitCodeFor", () => {
  for (const [name, changes, want] of cases) {
    it(`${name} → ${want}`, () => {
      expect(exitCodeFor({ ...base, ...changes })).toBe(want);
    });
  }
});
