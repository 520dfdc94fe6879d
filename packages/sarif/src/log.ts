/**
 * The part of SARIF 2.1.0 this package writes, as types (the schema in
 * `schema/` is the full definition; the tests validate every log against it).
 */

export type SarifLevel = "error" | "warning" | "note";

export interface SarifMessage {
  text: string;
}

export interface SarifLocation {
  /** Set on related locations, which a result's message links to as `[text](id)`. */
  id?: number;
  physicalLocation: {
    artifactLocation: { uri: string };
    region: { startLine: number; startColumn: number; endLine: number; endColumn: number };
  };
  message?: SarifMessage;
}

export interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: SarifLevel;
  message: SarifMessage;
  locations: [SarifLocation];
  relatedLocations?: SarifLocation[];
  partialFingerprints: Record<string, string>;
  properties: Record<string, unknown>;
}

export interface SarifReportingDescriptor {
  id: string;
  shortDescription: SarifMessage;
  fullDescription: SarifMessage;
  help: SarifMessage;
  defaultConfiguration: { level: SarifLevel };
}

export interface SarifRun {
  tool: {
    driver: {
      name: string;
      version: string;
      informationUri?: string;
      rules: SarifReportingDescriptor[];
    };
  };
  /** GitHub reads `id` as the upload's category: one per target keeps their alerts apart. */
  automationDetails?: { id: string };
  /** Columns count UTF-16 code units: what JavaScript strings, and so the YAML parser's offsets, count. */
  columnKind: "utf16CodeUnits";
  results: SarifResult[];
}

export interface SarifLog {
  $schema: string;
  version: "2.1.0";
  runs: SarifRun[];
}
