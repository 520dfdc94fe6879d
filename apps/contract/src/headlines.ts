/**
 * One drift, one headline. A run's findings located on the spec's lines — the
 * node each contradicts, after `$ref`s, with the status its exchange answered —
 * and grouped by node and rule family (the sarif package's groupFindings), each
 * group with a headline: `is_email_regex: string where the spec says boolean`.
 * The report carries the headlines; report.sarif and the CI annotations are
 * built from the same located findings, so they agree.
 */
import {
  findingKey,
  type Headline,
  isObject,
  PAIR,
  type RunReport,
  showValue,
  stepKey,
} from "@impersonation-registry/engine";
import { type FindingGroup, groupFindings, type SarifFinding } from "@impersonation-registry/sarif";
import { RULES, ruleFamily } from "./rules.ts";
import type { SpecLines } from "./spec-lines.ts";

type ReportFinding = RunReport["findings"][number];

/** A report finding as the sarif package reads it, the finding itself beside. */
export interface LocatedFinding extends SarifFinding {
  finding: ReportFinding;
}

const SCOPE = new Map<string, string>(RULES.map((rule) => [rule.id, rule.scope]));
const RANK = new Map<string, number>(RULES.map((rule, i) => [rule.id, i]));

/**
 * Each finding with what locating it needs: request rules point into the request, the others into
 * the response that answered with the status its exchange (or its step's final exchange) shows.
 * The findings of one row take its first finding's status, so a row never splits between nodes.
 */
export function locateFindings(
  report: Pick<RunReport, "runId" | "findings" | "exchanges" | "targets">,
): LocatedFinding[] {
  const byId = new Map(report.exchanges.map((exchange) => [exchange.id, exchange]));
  const finals = new Map(report.exchanges.map((e) => [stepKey(e.target, e.scenario, e.step), e]));
  const identities = new Map(
    report.targets.map(({ name, identity: { key: _key, ...redacted } }) => [name, redacted]),
  );
  const statusOfRow = new Map<string, number | undefined>();
  return report.findings.map((finding) => {
    const key = findingKey(finding);
    if (!statusOfRow.has(key)) {
      const [side = finding.target] = finding.target.split(PAIR);
      const exchange =
        (finding.exchange !== undefined ? byId.get(finding.exchange) : undefined) ??
        finals.get(stepKey(side, finding.scenario, finding.step));
      statusOfRow.set(key, exchange?.response.status);
    }
    const status = statusOfRow.get(key);
    return {
      rule: finding.rule,
      severity: finding.severity,
      operation: finding.operation,
      pointer: finding.pointer,
      in: SCOPE.get(finding.rule) === "request" ? "request" : "response",
      ...(status !== undefined && { status }),
      message: finding.message,
      fingerprint: finding.fingerprint,
      target: finding.target,
      properties: {
        targetIdentity: finding.target.split(PAIR).flatMap((name) => identities.get(name) ?? []),
        runId: report.runId,
        firstSeen: finding.firstSeen,
        seenInRuns: finding.seenInRuns,
        curl: finding.curl,
      },
      finding,
    };
  });
}

/** A value as a headline says it: `string`, `302`, a list of alternatives as `boolean or null`, an empty list as `[]`. */
function phrase(value: unknown): string {
  return Array.isArray(value) && value.length > 0 ? value.map(phrase).join(" or ") : showValue(value);
}

/** What was seen at the node, in the words of the lead finding's kind of rule. */
function seen(lead: ReportFinding): string {
  const { expected, observed } = lead;
  // Measurements (a latency's medians) read better as the rule says them than as JSON.
  if (isObject(expected) || isObject(observed))
    return RULES.find((rule) => rule.id === lead.rule)?.title ?? lead.rule;
  switch (SCOPE.get(lead.rule)) {
    case "comparison": {
      const [a, b] = lead.target.split(PAIR);
      return `${phrase(expected)} on ${a}, ${phrase(observed)} on ${b}`;
    }
    case "observed":
      return `${phrase(observed)} where earlier runs had ${phrase(expected)}`;
    // The shrunk failure's own words, which begin with the expectation it broke.
    case "generated":
      return `${String(observed)} (generated inputs)`;
    default:
      return `${phrase(observed)} where the spec says ${phrase(expected)}`;
  }
}

/**
 * The node as a reader names it: the property (`is_email_regex`), an undocumented field under its
 * schema (`ImpersonationRegistryEntry.full_name`), a node of one operation with its operationId
 * (`createEntry 4XX`), or the operation itself.
 */
function nodeName(group: FindingGroup<LocatedFinding>, lines: SpecLines): string {
  const { location } = group;
  const operation = group.operations[0] ?? "";
  const own = lines.locator.operation(operation);
  if (location.fallback === "document" || location.yamlPath === own.yamlPath) return operation;
  const missing = location.missing?.slice(1).replaceAll("/", ".");
  const key = missing ? `${location.key}.${missing}` : location.key;
  return location.yamlPath.startsWith(`${own.yamlPath}/`) ? `${operation} ${key}` : key;
}

/** A group as the report keeps it. */
export function headlineOf(group: FindingGroup<LocatedFinding>, lines: SpecLines): Headline {
  // The rule the table lists first speaks for the group (spec before comparison before history);
  // a group has at least one finding.
  const lead = [...group.findings].sort(
    (a, b) => (RANK.get(a.rule) ?? Infinity) - (RANK.get(b.rule) ?? Infinity),
  )[0] as LocatedFinding;
  const steps = new Set(
    group.findings.flatMap(({ finding }) =>
      finding.occurrences.map(({ scenario, step }) => JSON.stringify([scenario, step])),
    ),
  );
  return {
    fingerprint: group.fingerprint,
    text: `${nodeName(group, lines)}: ${seen(lead.finding)}`,
    severity: group.severity,
    family: group.family,
    node: group.node,
    location: { path: lines.path, line: group.location.line, column: group.location.column },
    operations: group.operations,
    targets: group.targets,
    steps: steps.size,
    findings: group.findings.map((f) => f.fingerprint),
  };
}

/** The report's headlines: one per spec node and rule family, the most severe first. */
export function headlinesOf(located: readonly LocatedFinding[], lines: SpecLines): Headline[] {
  return groupFindings(located, lines.locator, ruleFamily).map((group) => headlineOf(group, lines));
}
