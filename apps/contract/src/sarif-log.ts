/**
 * A run's findings where people look on GitHub: report.sarif for code scanning
 * — one result per spec node and rule family (the report's headlines) on the
 * spec's line, the operations as related locations, the rows beneath it in its
 * properties — and, in CI, the failing ones as workflow commands that annotate
 * the spec in a pull request.
 */
import { isFailing, type RunReport } from "@impersonation-registry/engine";
import { headlineLine } from "@impersonation-registry/reports";
import { buildSarif, type SarifLog, workflowCommands } from "@impersonation-registry/sarif";
import manifest from "../package.json" with { type: "json" };
import { headlineOf, type LocatedFinding, locateFindings } from "./headlines.ts";
import { RULES, ruleFamily } from "./rules.ts";
import type { SpecLines } from "./spec-lines.ts";

type Located = Pick<RunReport, "runId" | "findings" | "exchanges" | "targets">;

/**
 * GitHub keeps one set of alerts per category: a run of other targets (CI's mock + sandbox, the
 * nightly mock + live, a proxy session) neither closes nor reopens another's.
 */
export function sarifCategory(report: { targets: readonly { name: string }[] }): string {
  return `contract/${report.targets.map((target) => target.name).join("+")}/`;
}

/** The log of `findings` (by default every finding of the report). */
export function sarifLog(
  report: Located,
  lines: SpecLines,
  findings: readonly LocatedFinding[] = locateFindings(report),
): SarifLog {
  return buildSarif(findings, {
    tool: { name: "impersonation-registry-contract", version: manifest.version },
    rules: RULES,
    spec: { path: lines.path, locator: lines.locator },
    category: sarifCategory(report),
    group: { family: ruleFamily, headline: (group) => headlineLine(headlineOf(group, lines)) },
  });
}

/**
 * The failing findings as `::error file=…,line=…::…` lines (warnings and notices when `--fail-on`
 * is lower), one per spec node and rule family, at most 50 and then a count.
 */
export function annotations(report: Located & Pick<RunReport, "failOn">, lines: SpecLines): string[] {
  const failing = locateFindings(report).filter(({ finding }) => isFailing(finding, report.failOn));
  return workflowCommands(sarifLog(report, lines, failing));
}

/** In GitHub Actions (`GITHUB_ACTIONS=true`), writes the annotations, one line each; elsewhere nothing. */
export function annotateInCi(
  report: Located & Pick<RunReport, "failOn">,
  lines: SpecLines,
  env: NodeJS.ProcessEnv = process.env,
  write: (text: string) => void = (text) => process.stdout.write(text),
): void {
  if (env.GITHUB_ACTIONS !== "true") return;
  for (const line of annotations(report, lines)) write(`${line}\n`);
}
