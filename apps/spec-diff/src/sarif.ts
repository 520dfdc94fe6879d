/**
 * A spec:diff report where people look on GitHub: report.sarif (every change on
 * the working copy's line it is about — or, for something removed, the nearest
 * node that is still there — one result per spec node and rule, its operations
 * as related locations) and, in CI, the breaking changes as workflow commands
 * that annotate the spec in the pull request.
 */
import { type Rule, stableHash } from "@impersonation-registry/findings";
import {
  buildSarif,
  type FindingGroup,
  type SarifFinding,
  type SarifLog,
  type SpecLocator,
  specLocator,
  workflowCommands,
} from "@impersonation-registry/sarif";
import manifest from "../package.json" with { type: "json" };
import { DOCUMENT, type SpecFinding } from "./diff.ts";
import { SpecDiffError } from "./errors.ts";
import type { Report } from "./index.ts";
import { shown } from "./render.ts";
import { RULES, ruleById } from "./rules.ts";

/** One alert set on GitHub for spec:diff, apart from the contract runs'. */
export const SARIF_CATEGORY = "spec-diff/";

/** The working copy's spec, parsed once for its lines; a YAML error is one line (exit 2). */
export function locatorOf(path: string, text: string): SpecLocator {
  try {
    return specLocator(text, path);
  } catch (error) {
    throw new SpecDiffError((error as Error).message);
  }
}

/** A change as the sarif package reads it, the change itself beside. */
interface LocatedChange extends SarifFinding {
  change: SpecFinding;
}

/** Its fingerprint is where it is, never what it became. */
function locatedChange(finding: SpecFinding, report: Report): LocatedChange {
  const where = finding.endpoint ? `${finding.operation} (${finding.endpoint})` : finding.operation;
  return {
    rule: finding.rule,
    severity: finding.severity,
    operation: finding.operation,
    pointer: finding.pointer,
    in: finding.operation === DOCUMENT ? "document" : "operation",
    message: `${ruleById(finding.rule).title} ${where} ${finding.pointer || "/"}: ${shown(finding.expected)} → ${shown(finding.observed)}`,
    fingerprint: stableHash([finding.rule, finding.operation, finding.pointer]),
    properties: { endpoint: finding.endpoint, base: report.base.label, baseCommit: report.base.commit },
    change: finding,
  };
}

/** `type: boolean → string in 4 operations: A schema type (or its composition) changed.` */
function headline(group: FindingGroup<LocatedChange>, rule: Rule): string {
  const { change } = group.findings[0] as LocatedChange;
  const count = group.operations.length;
  return `${group.location.key}: ${shown(change.expected)} → ${shown(change.observed)} in ${count} operation${count === 1 ? "" : "s"}: ${rule.title}`;
}

/** The log of the report's changes (or only `findings` of them) on the lines of the working copy's spec. */
export function specDiffSarif(
  report: Report,
  locator: SpecLocator,
  findings: readonly SpecFinding[] = report.findings,
): SarifLog {
  return buildSarif(
    findings.map((finding) => locatedChange(finding, report)),
    {
      tool: { name: "impersonation-registry-spec-diff", version: manifest.version },
      rules: RULES,
      spec: { path: report.spec, locator },
      category: SARIF_CATEGORY,
      group: { headline },
    },
  );
}

/** The breaking changes as `::error file=…,line=…::…` lines: at most 50, then a count. */
export function breakingAnnotations(report: Report, locator: SpecLocator): string[] {
  const breaking = report.findings.filter((finding) => finding.severity === "breaking");
  return workflowCommands(specDiffSarif(report, locator, breaking));
}
