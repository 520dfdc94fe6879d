/**
 * junit.xml for CI test views: a testsuite per target (comparison pairs
 * included), a testcase per step. A step fails with a <failure> per finding
 * that fails the run and per unmet expectation, errors with an <error>, and a
 * step that was not sent or not judged is <skipped> with its reason — never a
 * green test case. Expired baseline entries fail a `baseline` testcase of their own.
 * A target's generation shows as its steps (scenario `generated`) and its
 * failure classes as the findings they are, each one failure with its shrunk
 * sequence and curl lines; its seed and coverage are the suite's properties.
 */
import {
  type ContractFinding,
  type GenerationReport,
  isFailing,
  PAIR,
  type RunReport,
  type StepResult,
  showValue,
  stepKey,
} from "@impersonation-registry/engine";
import { escapeMarkup as x } from "./escape.ts";
import { generationOf, neverSeenStatuses } from "./generation.ts";
import { buildMatrix, touches } from "./matrix.ts";

interface TestCase {
  classname: string;
  name: string;
  seconds: number;
  failures: { message: string; type: string; body: string }[];
  errors: { message: string; type: string }[];
  skipped?: string;
}

function findingFailure(finding: ContractFinding) {
  return {
    message: `${finding.rule} at ${finding.pointer || "/"} (${finding.severity})`,
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
    ...(test.skipped === undefined ? [] : [`      <skipped message="${x(test.skipped)}"/>`]),
    ...test.failures.map(
      (f) => `      <failure message="${x(f.message)}" type="${x(f.type)}">${x(f.body)}</failure>`,
    ),
    ...test.errors.map((e) => `      <error message="${x(e.message)}" type="${x(e.type)}"/>`),
  ];
  const open = `    <testcase classname="${x(test.classname)}" name="${x(test.name)}" time="${test.seconds.toFixed(3)}"`;
  return children.length === 0 ? `${open}/>` : `${open}>\n${children.join("\n")}\n    </testcase>`;
}

function renderSuite(name: string, cases: TestCase[], properties: [string, string | number][] = []): string {
  const count = (predicate: (test: TestCase) => number) => cases.reduce((n, c) => n + predicate(c), 0);
  const failures = count((c) => c.failures.length);
  const errors = count((c) => c.errors.length);
  const skipped = count((c) => (c.skipped === undefined ? 0 : 1));
  const seconds = count((c) => c.seconds);
  return [
    `  <testsuite name="${x(name)}" tests="${cases.length}" failures="${failures}" errors="${errors}" skipped="${skipped}" time="${seconds.toFixed(3)}">`,
    ...(properties.length === 0
      ? []
      : [
          "    <properties>",
          ...properties.map(([key, value]) => `      <property name="${x(key)}" value="${x(value)}"/>`),
          "    </properties>",
        ]),
    ...cases.map(renderCase),
    "  </testsuite>",
  ].join("\n");
}

/** One step of one target; `failing` are the run-failing findings of that target. */
function stepCase(step: StepResult, failing: ContractFinding[]): TestCase {
  return {
    classname: `contract.${step.target}.${step.scenario}`,
    name: step.step,
    seconds: step.durationMs / 1000,
    failures: [
      ...failing.filter((f) => touches(f, step.scenario, step.step)).map(findingFailure),
      ...(step.status === "failed"
        ? [{ message: step.reason ?? "expectation unmet", type: "step-failed", body: step.reason ?? "" }]
        : []),
    ],
    errors: step.status === "errored" ? [{ message: step.reason ?? "errored", type: "errored" }] : [],
    ...(step.status === "not-applicable" && { skipped: step.reason ?? "not applicable" }),
  };
}

/** The same step compared on two targets: skipped unless both sent it. */
function comparisonCase(pair: string, a: StepResult, b: StepResult | undefined, failing: ContractFinding[]) {
  const unsent = [a, b].find((side) => side === undefined || side.attempts === 0);
  return {
    classname: `contract.${pair}.${a.scenario}`,
    name: a.step,
    seconds: 0,
    failures: failing.filter((f) => touches(f, a.scenario, a.step)).map(findingFailure),
    errors: [],
    ...(unsent !== undefined && { skipped: `not compared: not sent on ${unsent?.target ?? "one side"}` }),
  };
}

/** What a target's suite says of its generation, as properties: the seed and the coverage. */
function generationProperties(one: GenerationReport): [string, string | number][] {
  return [
    ["generation.seed", one.seed],
    ["generation.requests", one.requests],
    ["generation.budget", one.budget],
    ["generation.coverage.percent", one.coverage.percent],
    ["generation.coverage.exercised", one.coverage.exercised],
    ["generation.coverage.total", one.coverage.total],
    ["generation.statuses-never-seen", neverSeenStatuses(one).join(", ")],
  ];
}

/** Failing findings seen at a step the report has no result for (a proxied exchange): a testcase each. */
function stepless(target: string, failing: ContractFinding[], steps: readonly StepResult[]): TestCase[] {
  const known = new Set(steps.map((s) => stepKey(s.target, s.scenario, s.step)));
  const places = new Map<string, { scenario: string; step: string }>();
  for (const finding of failing) {
    for (const at of finding.occurrences) {
      const key = stepKey(target, at.scenario, at.step);
      if (!known.has(key)) places.set(key, at);
    }
  }
  return [...places.values()].map((at) => ({
    classname: `contract.${target}.${at.scenario}`,
    name: at.step,
    seconds: 0,
    failures: failing.filter((f) => touches(f, at.scenario, at.step)).map(findingFailure),
    errors: [],
  }));
}

export function renderJunit(report: RunReport): string {
  const matrix = buildMatrix(report);
  const generation = generationOf(report)?.generation ?? [];
  const suites = matrix.targets.map((target) => {
    const failing = report.findings.filter((f) => f.target === target && isFailing(f, report.failOn));
    const [first, second] = target.split(PAIR);
    const cases =
      second === undefined
        ? [
            ...report.steps.filter((s) => s.target === target).map((step) => stepCase(step, failing)),
            ...stepless(target, failing, report.steps),
          ]
        : report.steps
            .filter((s) => s.target === first)
            .map((a) =>
              comparisonCase(
                target,
                a,
                report.steps.find(
                  (b) => b.target === second && b.scenario === a.scenario && b.step === a.step,
                ),
                failing,
              ),
            );
    const generated = generation.find((one) => one.target === target);
    return renderSuite(target, cases, generated ? generationProperties(generated) : []);
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
