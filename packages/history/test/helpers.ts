/** Builders for history tests: findings and runs as a contract run would hand them to the store. */
export { finding };

import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { ContractFinding, TargetInfo } from "@impersonation-registry/engine";
import { finding } from "@impersonation-registry/engine/testing";
import {
  type AnnotatedFinding,
  type CurrentObservation,
  type EarlierRun,
  findingFingerprint,
  type Observation,
  type RecordedGeneration,
  type RecordedRun,
  STEP_RULES,
} from "../src/index.ts";

/** An observed rule's fixture: a target's earlier runs, and its observations in the run being judged. */
export type ObservedFixture = { target: TargetInfo; earlier: EarlierRun[]; current: CurrentObservation[] };

export const FIXTURES = new URL("./fixtures/", import.meta.url);

/** A fixture's target gets an identity whose series key is its name, as its observations carry it. */
export function fixture(name: string): ObservedFixture {
  const given = JSON.parse(readFileSync(new URL(`${name}.json`, FIXTURES), "utf8")) as ObservedFixture;
  const { name: kind } = given.target;
  return { ...given, target: { ...given.target, identity: { key: kind, kind, server: "fixture" } } };
}

export function tempHistory(prefix: string) {
  const dir = mkdtempSync(join(tmpdir(), `contract-history-${prefix}-`));
  return { dir, path: join(dir, "history.db"), remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A finding at `step` of `scenario` (`rule` on `target`, at `pointer` of listEntries). */

export function annotated(f: ContractFinding, extra: Partial<AnnotatedFinding> = {}): AnnotatedFinding {
  return {
    ...f,
    fingerprint: findingFingerprint(f, f.target, STEP_RULES),
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
    // In these tests a target's series key is its name.
    series: (place.targets ?? ["mock", "sandbox"]).map((name) => ({ key: name, kind: name, server: "test" })),
    carried: [],
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

/**
 * A target's generation as a run reports it: one passing seed, and coverage cells as `operation
 * dimension key polarity` → requests (`listEntries status 403 positive`).
 */
export function generated(target: string, cells: Record<string, number>): RecordedGeneration {
  return {
    target,
    runs: [{ seed: 1, failed: false }],
    coverage: {
      cells: Object.entries(cells).map(([name, requests]) => {
        const [operation = "", dimension = "", key = "", polarity = ""] = name.split(" ");
        return { operation, dimension, key, polarity, requests };
      }),
    },
  };
}
