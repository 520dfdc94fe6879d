/**
 * Findings → a SARIF 2.1.0 log whose results point at the spec's lines: one
 * result per finding, or (with `group`) one per spec node and rule family with
 * each operation as a related location. The tool's rules are the rules table.
 */
import type { Rule, Severity } from "@impersonation-registry/findings";
import { type FindingGroup, type GroupableFinding, groupFindings, type RuleFamily } from "./group.ts";
import { type SpecLocation, type SpecLocator, specLocator } from "./locate.ts";
import type { SarifLevel, SarifLocation, SarifLog, SarifReportingDescriptor, SarifResult } from "./log.ts";

/** A finding as the builder reads it: what it points at, what it says, its identity across runs. */
export interface SarifFinding extends GroupableFinding {
  message: string;
  /** Stable across runs for the same drift (the history's fingerprint). */
  fingerprint: string;
  /** Anything else a reader wants beside the result: run id, first seen, seen in runs, curl line. */
  properties?: Record<string, unknown>;
}

/** A row of the rules table; `help` (plain text) defaults to the title. */
export interface SarifRule extends Rule {
  help?: string;
}

export interface GroupOptions<F extends SarifFinding = SarifFinding> {
  family?: RuleFamily;
  /** The result's message; by default the node, the rule's title and the counts. */
  headline?: (group: FindingGroup<F>, rule: SarifRule) => string;
}

export interface SarifOptions<F extends SarifFinding = SarifFinding> {
  tool: { name: string; version: string; informationUri?: string };
  rules: readonly SarifRule[];
  /**
   * `path` relative to the repository root, as code scanning resolves it; the spec's `text`, or a
   * `locator` already made from it (a caller that locates findings itself parses the spec once).
   */
  spec: { path: string } & ({ text: string } | { locator: SpecLocator });
  /** The run's `automationDetails.id`, which GitHub takes as the upload's category. */
  category?: string;
  /** One result per spec node and rule family instead of one per finding. */
  group?: GroupOptions<F>;
}

/** The schema this log declares: the OASIS standard's, which `schema/` keeps. */
export const SARIF_SCHEMA_URI =
  "https://docs.oasis-open.org/sarif/sarif/v2.1.0/os/schemas/sarif-schema-2.1.0.json";

export const LEVELS: Record<Severity, SarifLevel> = { breaking: "error", additive: "warning", info: "note" };

/**
 * The key our fingerprints go under. GitHub code scanning matches results
 * across uploads by `primaryLocationLineHash` only ("SARIF support for code
 * scanning": "Code scanning only uses the primaryLocationLineHash"). Left out,
 * upload-sarif fills it with a hash of the spec line's text, so every finding
 * on one line would be one alert; given, upload-sarif keeps it and logs that it
 * differs from its own hash (github/codeql-action src/fingerprints.ts). So the
 * fingerprint goes under that key too.
 */
export const FINGERPRINT_KEY = "impersonationRegistryFinding/v1";

function fingerprints(value: string): Record<string, string> {
  return { [FINGERPRINT_KEY]: value, primaryLocationLineHash: value };
}

function descriptor(rule: SarifRule): SarifReportingDescriptor {
  return {
    id: rule.id,
    shortDescription: { text: rule.title },
    fullDescription: { text: rule.title },
    help: { text: rule.help ?? rule.title },
    defaultConfiguration: { level: LEVELS[rule.severity] },
  };
}

function sarifLocation(uri: string, location: SpecLocation): SarifLocation {
  const { line, column, endLine, endColumn } = location;
  return {
    physicalLocation: {
      artifactLocation: { uri },
      region: { startLine: line, startColumn: column, endLine, endColumn },
    },
  };
}

/** Where the location came from, for readers of the result. */
function nodeProperties(location: SpecLocation): Record<string, unknown> {
  return {
    yamlPath: location.yamlPath,
    ...(location.fallback && { fallback: location.fallback }),
    ...(location.missing && { missing: location.missing }),
  };
}

const plural = (count: number, word: string) => `${count} ${word}${count === 1 ? "" : "s"}`;

function defaultHeadline(group: FindingGroup<SarifFinding>, rule: SarifRule): string {
  const counts = [plural(group.operations.length, "operation")];
  if (group.targets.length > 0) counts.push(plural(group.targets.length, "target"));
  counts.push(plural(group.findings.length, "finding"));
  return `${group.location.key}: ${rule.title} — ${counts.join(", ")}`;
}

/** What a finding says beside its result: where it points, its target and its own properties. */
function findingProperties(finding: SarifFinding): Record<string, unknown> {
  return {
    ...finding.properties,
    operation: finding.operation,
    pointer: finding.pointer,
    ...(finding.target !== undefined && { target: finding.target }),
  };
}

export function buildSarif<F extends SarifFinding>(
  findings: readonly F[],
  options: SarifOptions<F>,
): SarifLog {
  const locator =
    "locator" in options.spec ? options.spec.locator : specLocator(options.spec.text, options.spec.path);
  const uri = options.spec.path;
  const index = new Map(options.rules.map((rule, i) => [rule.id, i]));
  const ruleIndex = (id: string): number => {
    const found = index.get(id);
    if (found === undefined)
      throw new Error(`a finding of rule "${id}", which the rules table does not have`);
    return found;
  };

  const perFinding = (finding: F): SarifResult => {
    const location = locator.locate(finding);
    return {
      ruleId: finding.rule,
      ruleIndex: ruleIndex(finding.rule),
      level: LEVELS[finding.severity],
      message: { text: finding.message },
      locations: [sarifLocation(uri, location)],
      partialFingerprints: fingerprints(finding.fingerprint),
      properties: { ...findingProperties(finding), ...nodeProperties(location) },
    };
  };

  const perGroup = ({ family, headline = defaultHeadline }: GroupOptions<F>) =>
    groupFindings(findings, locator, family).map((group): SarifResult => {
      // The rule the table lists first stands for the family, so the result's ruleId stays put across runs.
      const id = [...new Set(group.findings.map((f) => f.rule))].sort(
        (a, b) => ruleIndex(a) - ruleIndex(b),
      )[0];
      const rule = options.rules[ruleIndex(id as string)] as SarifRule;
      const related = group.operations.map((operation, i) => ({
        ...sarifLocation(uri, locator.operation(operation)),
        id: i + 1,
        message: { text: operation },
      }));
      // Code scanning shows related locations only where the message links them: `[text](id)`.
      const links = related.map((location) => `[${location.message.text}](${location.id})`).join(", ");
      return {
        ruleId: rule.id,
        ruleIndex: ruleIndex(rule.id),
        level: LEVELS[group.severity],
        message: { text: `${headline(group, rule)} (${links})` },
        locations: [sarifLocation(uri, group.location)],
        relatedLocations: related,
        partialFingerprints: fingerprints(group.fingerprint),
        properties: {
          family: group.family,
          operations: group.operations,
          targets: group.targets,
          // The rows beneath the headline, each with its own fingerprint and properties.
          findings: group.findings.map((f) => ({
            rule: f.rule,
            fingerprint: f.fingerprint,
            ...findingProperties(f),
          })),
          ...nodeProperties(group.location),
        },
      };
    });

  return {
    $schema: SARIF_SCHEMA_URI,
    version: "2.1.0",
    runs: [
      {
        tool: { driver: { ...options.tool, rules: options.rules.map(descriptor) } },
        ...(options.category !== undefined && { automationDetails: { id: options.category } }),
        columnKind: "utf16CodeUnits",
        results: options.group ? perGroup(options.group) : findings.map(perFinding),
      },
    ],
  };
}
