import { createHash } from "node:crypto";
import { wildcardIndexes } from "@impersonation-registry/findings";
import type { FindingPlace } from "./types.ts";

/**
 * A finding's identity across runs: a short hash of where it was seen — rule,
 * target (a pair for comparisons), operation, pointer with indexes as `*`,
 * scenario and step. Nothing that changes between runs goes in (run ids,
 * values, times, ports, curl lines), so the same drift tomorrow has the same
 * fingerprint. The scenario is part of it because step names repeat across
 * scenarios (`get` in lifecycle and in regex-entries).
 */
export function fingerprint(place: FindingPlace): string {
  const parts = [
    place.rule,
    place.target,
    place.operation,
    wildcardIndexes(place.pointer),
    place.scenario,
    place.step,
  ];
  return createHash("sha256").update(JSON.stringify(parts)).digest("hex").slice(0, 16);
}
