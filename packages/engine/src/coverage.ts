/**
 * Generation's coverage, read the one way every view and the history read it: a documented
 * status by name, and the statuses no request got.
 */
import type { GenerationReport } from "./model.ts";

type CoverageCell = GenerationReport["coverage"]["cells"][number];

/** A documented status by name, as the views list it: `createEntry 403`, `listEntries 4XX`. */
export function statusName(cell: Pick<CoverageCell, "operation" | "key">): string {
  return `${cell.operation} ${cell.key}`;
}

/**
 * The status cells of `cells` no request got, by name, once each, in the cells' order; a name in
 * `seenElsewhere` (a kept run's, say) counts as got.
 */
export function unseenStatuses(
  cells: readonly CoverageCell[],
  seenElsewhere: Iterable<string> = [],
): string[] {
  const statuses = cells.filter((cell) => cell.dimension === "status");
  const seen = new Set(seenElsewhere);
  for (const cell of statuses) if (cell.requests > 0) seen.add(statusName(cell));
  return [...new Set(statuses.map(statusName).filter((name) => !seen.has(name)))];
}
