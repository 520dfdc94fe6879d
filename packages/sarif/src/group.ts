/**
 * One drift, one headline: findings grouped by the spec node they contradict
 * (after `$ref`s, so four operations sharing a component property are one
 * node) and by rule family (`schema-type` and `compare-type` can be one kind
 * of drift). The console, summary and SARIF can all lead with these groups.
 */
import { SEVERITIES, type Severity, stableHash } from "@impersonation-registry/findings";
import type { SpecLocation, SpecLocator, SpecPointer } from "./locate.ts";

/** What grouping reads of a finding. */
export interface GroupableFinding extends SpecPointer {
  rule: string;
  severity: Severity;
  target?: string;
}

/** Which rules are one kind of drift; by default each rule is its own family. */
export type RuleFamily = (rule: string) => string;

export interface FindingGroup<F extends GroupableFinding> {
  /** The spec node: its `yamlPath`, and what of the pointer it lacks when the field is undocumented. */
  node: string;
  family: string;
  /** Stable across runs for the same node and family (findings' own fingerprints are untouched). */
  fingerprint: string;
  location: SpecLocation;
  /** The most severe of its findings' severities. */
  severity: Severity;
  /** Distinct, in the order the findings name them. */
  operations: string[];
  targets: string[];
  findings: F[];
}

const rank = (severity: Severity) => SEVERITIES.indexOf(severity);

function addOnce(list: string[], value: string): void {
  if (!list.includes(value)) list.push(value);
}

/** Groups in the order their first finding came, the most severe first. */
export function groupFindings<F extends GroupableFinding>(
  findings: readonly F[],
  locator: SpecLocator,
  family: RuleFamily = (rule) => rule,
): FindingGroup<F>[] {
  const groups = new Map<string, FindingGroup<F>>();
  for (const finding of findings) {
    const location = locator.locate(finding);
    const node = `${location.yamlPath}${location.missing ?? ""}`;
    const kind = family(finding.rule);
    const id = JSON.stringify([node, kind]);
    let group = groups.get(id);
    if (!group) {
      group = {
        node,
        family: kind,
        fingerprint: stableHash([node, kind]),
        location,
        severity: finding.severity,
        operations: [],
        targets: [],
        findings: [],
      };
      groups.set(id, group);
    }
    group.findings.push(finding);
    if (rank(finding.severity) > rank(group.severity)) group.severity = finding.severity;
    addOnce(group.operations, finding.operation);
    if (finding.target !== undefined) addOnce(group.targets, finding.target);
  }
  return [...groups.values()].sort((a, b) => rank(b.severity) - rank(a.severity));
}
