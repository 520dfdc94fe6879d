/**
 * The real spec's text, and the check every location gets: what the text
 * itself holds where the location starts, read from the line, not from the
 * parser that produced the location.
 */
import { readFileSync } from "node:fs";
import { expect } from "vitest";
import type { SpecLocation } from "../src/locate.ts";
import { specReader } from "./placement.ts";

export const SPEC_PATH = "openapi/impersonation-registry.yaml";
export const SPEC_TEXT = readFileSync(new URL(`../../../${SPEC_PATH}`, import.meta.url), "utf8");

const reader = specReader(SPEC_TEXT);

/** The value at a pointer of the plainly parsed spec. */
export const valueAt = reader.valueAt;

/** What names the node at a pointer: its map key, or a list item's `name`. */
export const keyOf = reader.keyOf;

/**
 * At the location's line and column the text holds the key its yamlPath ends in (`is_email_regex:`,
 * `"200":`), or for a list item its `name:`; the location's `key` names it; the region ends after it
 * starts, within its last line.
 */
export function expectKeyOnLine(location: SpecLocation): void {
  const { line, column, endLine, endColumn, yamlPath, key } = location;
  expect(reader.problemAt(line, column, yamlPath)).toBeUndefined();
  if (yamlPath !== "") expect(key).toBe(reader.keyOf(yamlPath));
  expect(endLine > line || (endLine === line && endColumn > column)).toBe(true);
  expect(reader.lines[endLine - 1]?.length).toBeGreaterThanOrEqual(endColumn - 1);
}
