/** Builders for history tests: findings and runs as a contract run would hand them to the store. */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AnnotatedFinding, Observation, RecordedRun } from "../../src/history/index.ts";
import { fingerprint } from "../../src/history/index.ts";
import type { ContractFinding } from "../../src/model.ts";

export function tempHistory(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `contract-history-${prefix}-`));
  return { dir, path: join(dir, "history.db"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A finding at `step` of `scenario` (`rule` on `target`, at `pointer` of listEntries). */
export function finding(
  rule: string,
  where: {
    target?: string;
    scenario?: string;
    step?: string;
    pointer?: string;
    severity?: "breaking" | "info";
  } = {},
): ContractFinding {
  return {
    rule,
    severity: where.severity ?? "breaking",
    target: where.target ?? "sandbox",
    scenario: where.scenario ?? "lifecycle",
    step: where.step ?? "get",
    operation: "listEntries",
    pointer: where.pointer ?? "/result/*/name",
    expected: "string",
    observed: 1,
    message: "m",
    curl: "curl -sS -X GET 'http://127.0.0.1:1/'",
    occurrences: [{ scenario: where.scenario ?? "lifecycle", step: where.step ?? "get" }],
  };
}

export function annotated(f: ContractFinding, extra: Partial<AnnotatedFinding> = {}): AnnotatedFinding {
  return {
    ...f,
    fingerprint: fingerprint(f),
    new: true,
    firstSeen: { runId: "r", at: "2026-11-27T03:17:00.000Z" },
    seenInRuns: 1,
    ...extra,
  };
}

let runs = 0;
/** A recorded run with these findings; ids and times increase with every call. */
export function recordedRun(
  findings: readonly ContractFinding[],
  place: { targets?: string[]; scenarios?: string[]; runId?: string } = {},
): RecordedRun {
  runs++;
  const at = new Date(Date.UTC(2026, 10, 1, 3, 17) + runs * 86_400_000).toISOString();
  return {
    runId:
      place.runId ?? `${at.replace(/[-:]/g, "").replace(/\.\d+Z$/, "Z")}-${String(runs).padStart(6, "0")}`,
    startedAt: at,
    finishedAt: at,
    specHash: "0".repeat(64),
    targets: place.targets ?? ["mock", "sandbox"],
    scenarios: place.scenarios ?? ["lifecycle", "list-parameters"],
    exitCode: 0,
    findings: findings.map((f) => annotated(f)),
    resolved: 0,
  };
}

export function observation(step: string, extra: Partial<Observation> = {}): Observation {
  return {
    target: "sandbox",
    operation: "listEntries",
    scenario: "list-parameters",
    step,
    status: 200,
    errorCodes: [],
    durationMs: 5,
    shape: { "": { types: ["object"] }, "/success": { types: ["boolean"] } },
    ...extra,
  };
}
