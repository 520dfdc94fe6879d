/**
 * junit.xml for CI test views: a testsuite per target (comparison pairs
 * included), a testcase per scenario, a <failure> per finding that fails the
 * run and per failed step (an unmet expectation), an <error> per errored step. Expired baseline entries fail a
 * `baseline` testcase of their own.
 */
import { showValue } from "../checks/json.ts";
import type { ContractFinding, RunReport } from "../model.ts";
import { escapeMarkup as x } from "./escape.ts";
import { buildMatrix, isFailing } from "./outcome.ts";

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  failures: { message: string; type: string; body: string }[];
  errors: { message: string; type: string }[];
}

function findingFailure(finding: ContractFinding) {
  return {
    message: `${finding.rule} at ${finding.pointer || "/"} (${finding.severity}) in ${finding.step}`,
    type: finding.rule,
    body: [
      finding.message,
      `Expected: ${showValue(finding.expected)}`,
      `Observed: ${showValue(finding.observed)}`,
      finding.curl,
    ].join("\n"),
  };
}

function renderCase(test: TestCase): string {
  const children = [
    ...test.failures.map(
      (f) => `      <failure message="${x(f.message)}" type="${x(f.type)}">${x(f.body)}</failure>`,
    ),
    ...test.errors.map((e) => `      <error message="${x(e.message)}" type="${x(e.type)}"/>`),
  ];
  const open = `    <testcase classname="${x(test.classname)}" name="${x(test.name)}" time="${test.seconds.toFixed(3)}"`;
  return children.length === 0 ? `${open}/>` : `${open}>\n${children.join("\n")}\n    </testcase>`;
}

function renderSuite(name: string, cases: TestCase[]): string {
  const failures = cases.reduce((n, c) => n + c.failures.length, 0);
  const errors = cases.reduce((n, c) => n + c.errors.length, 0);
  const seconds = cases.reduce((n, c) => n + c.seconds, 0);
  return [
    `  <testsuite name="${x(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" time="${seconds.toFixed(3)}">`,
    ...cases.map(renderCase),
    "  </testsuite>",
  ].join("\n");
}

export function renderJunit(report: RunReport): string {
  const matrix = buildMatrix(report);
  const suites = matrix.targets.map((target) => {
    const cases = matrix.scenarios
      .filter((scenario) => matrix.cell(target, scenario).verdict !== "none")
      .map((scenario): TestCase => {
        const steps = report.steps.filter((s) => s.target === target && s.scenario === scenario);
        return {
          classname: `contract.${target}`,
          name: scenario,
          seconds: steps.reduce((ms, s) => ms + s.durationMs, 0) / 1000,
          failures: [
            ...report.findings
              .filter((f) => f.target === target && f.scenario === scenario && isFailing(f, report.failOn))
              .map(findingFailure),
            ...steps
              .filter((s) => s.status === "failed")
              .map((s) => ({
                message: `${s.step}: ${s.reason ?? "expectation unmet"}`,
                type: "step-failed",
                body: s.reason ?? "",
              })),
          ],
          errors: steps
            .filter((s) => s.status === "errored")
            .map((s) => ({ message: `${s.step}: ${s.reason ?? "errored"}`, type: "errored" })),
        };
      });
    return renderSuite(target, cases);
  });
  if (report.expiredBaseline.length > 0) {
    const expired: TestCase = {
      classname: "contract.baseline",
      name: "baseline entries are not expired",
      seconds: 0,
      failures: report.expiredBaseline.map((e) => ({
        message: `${e.rule} ${e.operation} ${e.pointer} expired ${e.expires}`,
        type: "baseline-expired",
        body: e.reason,
      })),
      errors: [],
    };
    suites.push(renderSuite("baseline", [expired]));
  }
  return `<?xml version="1.0" encoding="UTF-8"?>\n<testsuites name="contract ${x(report.runId)}">\n${suites.join("\n")}\n</testsuites>\n`;
}
