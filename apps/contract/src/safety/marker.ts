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

/** The run id's own format (see runner/run-id.ts): `20261127T094812Z-3fa9c1`. */
const RUN_ID = String.raw`\d{8}T\d{6}Z-[0-9a-f]{6}`;
/** The marker at the start of a name or comments, followed by a space, a colon or the end. */
const MARKED = new RegExp(`^${MARKER_PREFIX} (${RUN_ID})(?=[\\s:]|$)`);

/**
 * The run id an entry was marked with (in its name or its comments), or undefined for an entry no
 * run made. Only a run id of the runner's own format counts: a person's entry named
 * "contract-test team" is not a marked entry, and sweep never touches it.
 */
export function markedRunId(entry: { name?: unknown; comments?: unknown }): string | undefined {
  for (const field of [entry.name, entry.comments]) {
    const match = typeof field === "string" ? MARKED.exec(field) : null;
    if (match?.[1]) return match[1];
  }
  return undefined;
}
