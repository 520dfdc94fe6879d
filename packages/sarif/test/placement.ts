/**
 * Whether a location is where it says, read from the spec's text itself (its
 * lines and a plain parse), never from the locator that produced it. Shared by
 * this package's tests and (through `./testing`) the apps' tests.
 */
import { decodePointer, encodePointer } from "@impersonation-registry/findings";
import { parse } from "yaml";
import type { SarifLog } from "../src/log.ts";

const METHODS = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

export interface SpecReader {
  /** The value at a pointer of the plainly parsed spec. */
  valueAt(pointer: string): unknown;
  /**
   * Why the node at `yamlPath` does not start at `line`:`column` (1-based), or undefined when the
   * text there holds its key (`is_email_regex:`, `"200":`), or for a list item its `name:`.
   */
  problemAt(line: number, column: number, yamlPath: string): string | undefined;
  /** What names the node at `yamlPath`: its map key, or for a list item (a parameter) its `name`. */
  keyOf(yamlPath: string): string | undefined;
  /** The spec's lines. */
  lines: readonly string[];
}

export function specReader(text: string): SpecReader {
  const lines = text.split("\n");
  const document: unknown = parse(text);
  const valueAt = (pointer: string): unknown => {
    let current: unknown = document;
    for (const segment of decodePointer(pointer))
      current = (current as Record<string, unknown> | undefined)?.[segment];
    return current;
  };
  const inList = (segments: readonly string[]) =>
    Array.isArray(valueAt(encodePointer(segments.slice(0, -1))));
  const keyOf = (yamlPath: string): string | undefined => {
    const segments = decodePointer(yamlPath);
    // A map's key may be all digits (`"200":`): only a list's parent makes it an index.
    if (segments.length === 0 || !inList(segments)) return segments.at(-1);
    return String((valueAt(yamlPath) as { name?: unknown } | undefined)?.name);
  };
  const problemAt = (line: number, column: number, yamlPath: string): string | undefined => {
    const written = lines[line - 1]?.slice(column - 1) ?? "";
    const segments = decodePointer(yamlPath);
    const key = keyOf(yamlPath);
    if (key === undefined)
      return line === 1 && column === 1 ? undefined : `the document said to start at ${line}:${column}`;
    // A list item starts at its first key, `name:`; a map's value at its own key.
    const wanted = inList(segments) ? [`name: ${key}`] : [`${key}:`, `"${key}":`, `'${key}':`];
    if (wanted.some((start) => written.startsWith(start))) return undefined;
    return `${yamlPath} said to start at ${line}:${column}, where the text is ${JSON.stringify(written)}`;
  };
  return { valueAt, problemAt, keyOf, lines };
}

/**
 * Every location of a log that is not where it says, one line each: a result's own location must
 * start at the node its `yamlPath` property names, in the spec file; a related location at the
 * method key of the operation its message names.
 */
export function misplacedLocations(log: SarifLog, specText: string, specPath: string): string[] {
  const reader = specReader(specText);
  const problems: string[] = [];
  for (const result of log.runs.flatMap((run) => run.results)) {
    const { artifactLocation, region } = result.locations[0].physicalLocation;
    if (artifactLocation.uri !== specPath) problems.push(`${result.ruleId}: in ${artifactLocation.uri}`);
    const yamlPath = result.properties.yamlPath;
    if (typeof yamlPath !== "string") problems.push(`${result.ruleId}: no yamlPath`);
    else {
      const problem = reader.problemAt(region.startLine, region.startColumn, yamlPath);
      if (problem) problems.push(`${result.ruleId}: ${problem}`);
    }
    for (const related of result.relatedLocations ?? []) {
      const { startLine, startColumn, endLine } = related.physicalLocation.region;
      const written = reader.lines[startLine - 1]?.slice(startColumn - 1) ?? "";
      const operation = related.message?.text ?? "";
      const span = reader.lines.slice(startLine - 1, endLine);
      const isMethod = METHODS.some((method) => written.startsWith(`${method}:`));
      const named = span.some((text) => text.trim() === `operationId: ${operation}`);
      if (!isMethod || !named)
        problems.push(`${result.ruleId}: related location ${startLine}:${startColumn} is not ${operation}`);
    }
  }
  return problems;
}
