/**
 * Every entry a run creates carries `contract-test <run-id>` in its name and
 * its comments, so `sweep` can find leftovers by listing the account (a
 * journal does not outlive a CI runner) and touch nothing else.
 */
export const MARKER_PREFIX = "contract-test";

export interface Marker {
  /** `contract-test <run-id>` */
  text: string;
  name(label: string): string;
  email(label: string): string;
  comments: string;
}

export function markerFor(runId: string): Marker {
  const text = `${MARKER_PREFIX} ${runId}`;
  return {
    text,
    name: (label) => `${text} ${label}`,
    email: (label) => `${MARKER_PREFIX}-${runId.toLowerCase()}-${label}@example.com`,
    comments: `${text}: created by a contract test run; safe to delete`,
  };
}

const MARKED = new RegExp(`^${MARKER_PREFIX} (\\S+)`);

/** The run id an entry was marked with (in its name or its comments), or undefined for an entry no run made. */
export function markedRunId(entry: { name?: unknown; comments?: unknown }): string | undefined {
  for (const field of [entry.name, entry.comments]) {
    const match = typeof field === "string" ? MARKED.exec(field) : null;
    if (match?.[1]) return match[1].replace(/:$/, "");
  }
  return undefined;
}
