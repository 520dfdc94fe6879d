/**
 * The real spec's text, and the check every location gets: what the text
 * itself holds where the location starts, read from the line, not from the
 * parser that produced the location.
 */
import { readFileSync } from "node:fs";
import { decodePointer } from "@impersonation-registry/findings";
import { expect } from "vitest";
import { parse } from "yaml";
import type { SpecLocation } from "../src/locate.ts";

export const SPEC_PATH = "openapi/impersonation-registry.yaml";
export const SPEC_TEXT = readFileSync(new URL(`../../../${SPEC_PATH}`, import.meta.url), "utf8");

const lines = SPEC_TEXT.split("\n");
const document: unknown = parse(SPEC_TEXT);

/** The value at a pointer of the plainly parsed spec. */
export function valueAt(pointer: string): unknown {
  let current: unknown = document;
  for (const segment of decodePointer(pointer)) {
    current = (current as Record<string, unknown> | undefined)?.[segment];
  }
  return current;
}

/**
 * At the location's line and column the text holds the key its yamlPath ends in (`is_email_regex:`,
 * `"200":`), or for a list item its `name:`; the region ends after it starts, within its last line.
 */
export function expectKeyOnLine(location: SpecLocation): void {
  const { line, column, endLine, endColumn, yamlPath, key } = location;
  const written = lines[line - 1]?.slice(column - 1) ?? "";
  const last = decodePointer(yamlPath).at(-1);
  if (last === undefined) {
    expect([line, column]).toEqual([1, 1]);
  } else if (/^\d+$/.test(last)) {
    expect(written).toMatch(new RegExp(`^name: ${key}$`));
  } else {
    expect([`${last}:`, `"${last}":`, `'${last}':`].some((quoted) => written.startsWith(quoted))).toBe(true);
    expect(key).toBe(last);
  }
  expect(endLine > line || (endLine === line && endColumn > column)).toBe(true);
  expect(lines[endLine - 1]?.length).toBeGreaterThanOrEqual(endColumn - 1);
}
