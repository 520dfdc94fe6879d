/**
 * A SARIF log's results as GitHub workflow commands (`::error file=…,line=…::…`),
 * which GitHub Actions shows as annotations on the spec's lines in a pull
 * request. Printed to stdout by a step running with `GITHUB_ACTIONS=true`.
 */
import type { SarifLevel, SarifLog, SarifResult } from "./log.ts";

const COMMANDS: Record<SarifLevel, string> = { error: "error", warning: "warning", note: "notice" };
const ORDER: readonly SarifLevel[] = ["error", "warning", "note"];

/**
 * GitHub shows at most 50 annotations per job (and 10 of each kind per step):
 * actions/toolkit docs/problem-matchers.md, "Limitations". The rest are dropped
 * silently, so past the limit one plain line says how many were left out.
 */
export const ANNOTATION_LIMIT = 50;

/** A command's message: `%`, CR and LF escaped (actions/toolkit packages/core/src/command.ts, escapeData). */
export function escapeData(value: string): string {
  return value.replaceAll("%", "%25").replaceAll("\r", "%0D").replaceAll("\n", "%0A");
}

/** A command's property value: also `:` and `,`, which separate properties (escapeProperty, same file). */
export function escapeProperty(value: string): string {
  return escapeData(value).replaceAll(":", "%3A").replaceAll(",", "%2C");
}

/** `[listEntries](1)` (a SARIF link to a related location) reads as `listEntries` in an annotation. */
const plainText = (text: string) => text.replace(/\[([^\]]*)\]\(\d+\)/g, "$1");

function command(result: SarifResult): string {
  const { artifactLocation, region } = result.locations[0].physicalLocation;
  const operation = result.properties.operation;
  const title = typeof operation === "string" ? `${result.ruleId} (${operation})` : result.ruleId;
  const properties = [
    `file=${escapeProperty(artifactLocation.uri)}`,
    `line=${region.startLine}`,
    `col=${region.startColumn}`,
    `title=${escapeProperty(title)}`,
  ];
  return `::${COMMANDS[result.level]} ${properties.join(",")}::${escapeData(plainText(result.message.text))}`;
}

/** Errors first, then warnings, then notices; at most `limit` commands, then a line with the count left out. */
export function workflowCommands(log: SarifLog, limit = ANNOTATION_LIMIT): string[] {
  const results = log.runs
    .flatMap((run) => run.results)
    .sort((a, b) => ORDER.indexOf(a.level) - ORDER.indexOf(b.level));
  const lines = results.slice(0, limit).map(command);
  const left = results.length - lines.length;
  if (left > 0) {
    lines.push(
      `${left} more finding${left === 1 ? "" : "s"} not annotated (at most ${limit} are); every finding is in the SARIF report`,
    );
  }
  return lines;
}
