/**
 * One vocabulary for "what changed and how much it matters", spoken by the
 * contract checks (spec vs a server, server vs server) and by spec:diff (spec
 * vs spec). Internal package: consumed as TypeScript source, never published.
 */
import { createHash } from "node:crypto";

/** How a change lands on consumers of the generated types and the client. */
export type Severity = "breaking" | "additive" | "info";

/** Lowest first, so a rank comparison answers "at least this severe". */
export const SEVERITIES: readonly Severity[] = ["info", "additive", "breaking"];

export function isAtLeast(severity: Severity, threshold: Severity): boolean {
  return SEVERITIES.indexOf(severity) >= SEVERITIES.indexOf(threshold);
}

export function parseSeverity(value: string): Severity | undefined {
  return (SEVERITIES as readonly string[]).includes(value) ? (value as Severity) : undefined;
}

/** One row of a rules table: a kebab-case id, its severity and a one-line explanation. */
export interface Rule {
  id: string;
  severity: Severity;
  title: string;
}

/** The fields every finding has, whatever produced it. */
export interface Finding {
  rule: string;
  severity: Severity;
  /** operationId, e.g. `getEntry`. */
  operation: string;
  /** JSON pointer into the request/response/spec, array indexes written as `*`. */
  pointer: string;
  expected: unknown;
  observed: unknown;
}

/** `/result/3/name` → `/result/*\/name`: the same drift on many items is one finding. */
export function wildcardIndexes(pointer: string): string {
  return pointer.replace(/\/\d+(?=\/|$)/g, "/*");
}

/** Keeps the first finding of each rule + operation + pointer (+ extra key parts). */
export function dedupeFindings<T extends Finding>(
  findings: Iterable<T>,
  key: (f: T) => string = () => "",
): T[] {
  const seen = new Map<string, T>();
  for (const finding of findings) {
    const id = `${finding.rule}\u0000${finding.operation}\u0000${finding.pointer}\u0000${key(finding)}`;
    if (!seen.has(id)) seen.set(id, finding);
  }
  return [...seen.values()];
}

/** The semver bump a set of findings calls for in the published packages. */
export type Bump = "major" | "minor" | "patch" | "none";

export function suggestedBump(findings: Iterable<Pick<Finding, "severity">>): Bump {
  let bump: Bump = "none";
  for (const { severity } of findings) {
    if (severity === "breaking") return "major";
    if (severity === "additive") bump = "minor";
    else if (bump === "none") bump = "patch";
  }
  return bump;
}

/** A JSON pointer's segments, `~1` and `~0` unescaped (RFC 6901); `""` (the whole document) has none. */
export function decodePointer(pointer: string): string[] {
  if (pointer === "") return [];
  return pointer
    .slice(1)
    .split("/")
    .map((segment) => segment.replaceAll("~1", "/").replaceAll("~0", "~"));
}

/** Segments → a JSON pointer, each escaped (RFC 6901). */
export function encodePointer(segments: readonly string[]): string {
  return segments.map((segment) => `/${segment.replaceAll("~", "~0").replaceAll("/", "~1")}`).join("");
}

/**
 * A short hex hash of `parts` (SHA-256 of their JSON): the one way an identity that must stay the
 * same across runs — a finding's fingerprint, a headline's, a target's series key — is computed.
 */
export function stableHash(parts: readonly unknown[], length = 16): string {
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, length);
}
