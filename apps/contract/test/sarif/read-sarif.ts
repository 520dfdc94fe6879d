/**
 * What every report.sarif the contract tests make must be: valid SARIF 2.1.0
 * (the schema kept in packages/sarif), every location starting at the node it
 * names in openapi/impersonation-registry.yaml — read from that file's text.
 */
import { readFileSync } from "node:fs";
import type { SarifLog } from "@impersonation-registry/sarif";
import { misplacedLocations } from "@impersonation-registry/sarif/testing";
import { sarifSchemaErrors } from "@impersonation-registry/sarif/validate";
import { expect } from "vitest";
import { defaultSpecSource } from "../../src/cli/paths.ts";

export const SPEC_PATH = "openapi/impersonation-registry.yaml";
export const SPEC_TEXT = readFileSync(defaultSpecSource, "utf8");

/** The log at `file`, after checking it against the schema and the spec's lines. */
export function readSarif(file: string): SarifLog {
  const log: SarifLog = JSON.parse(readFileSync(file, "utf8"));
  expect(sarifSchemaErrors(log), file).toEqual([]);
  expect(misplacedLocations(log, SPEC_TEXT, SPEC_PATH), file).toEqual([]);
  return log;
}
