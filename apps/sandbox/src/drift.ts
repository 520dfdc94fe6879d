/**
 * Drift and fault profiles: the one table. A drift profile changes one thing in
 * successful responses of every operation it lists, so the contract suite can
 * prove it notices; a fault profile disturbs transport or availability to test
 * resilience. Faults hit the 1st, 3rd, 5th… request after the profile is
 * switched on, so runs are deterministic and one retry always gets through.
 */
import type { OperationId } from "@impersonation-registry/types";
import type { SuccessEnvelope } from "./envelope.ts";

export type DriftProfileId =
  | "rename-field"
  | "extra-field"
  | "type-change"
  | "drop-required"
  | "unknown-enum"
  | "undocumented-status"
  | "wrong-content-type"
  | "null-not-nullable"
  | "latency"
  | "flaky-5xx"
  | "connection-reset"
  | "rate-limit-storm";

/** What a fault does to a request it hits. */
export type Fault = { type: "delay"; ms: number } | { type: "error"; status: 500 | 429 } | { type: "reset" };

export interface DriftProfile {
  id: DriftProfileId;
  kind: "drift" | "fault";
  /** The field (JSON pointer into the envelope, `*` for every list item), header or status it changes. */
  touches: string;
  /** The observable change, in one line. */
  description: string;
  operations: readonly OperationId[];
  /** Drift: rewrites one entry object in place. */
  entry?: (entry: Record<string, unknown>) => void;
  /** Drift: rewrites the envelope in place. */
  envelope?: (envelope: SuccessEnvelope) => void;
  /** Drift: replaces the 200 status. */
  status?: number;
  /** Drift: replaces `application/json`. */
  contentType?: string;
  /** Fault: what happens to a request that is hit. */
  fault?: Fault;
  /** Fault: true when only every other request is hit. */
  alternate?: boolean;
}

const ALL: readonly OperationId[] = ["listEntries", "getEntry", "createEntry", "updateEntry", "deleteEntry"];
/** The operations whose result contains entries (delete returns only `{ id }`). */
const WITH_ENTRIES: readonly OperationId[] = ["listEntries", "getEntry", "createEntry", "updateEntry"];

export const driftProfiles: readonly DriftProfile[] = [
  {
    id: "rename-field",
    kind: "drift",
    touches: "/result/modified_at",
    description: "modified_at is sent as modifiedAt",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.modifiedAt = entry.modified_at;
      delete entry.modified_at;
    },
  },
  {
    id: "extra-field",
    kind: "drift",
    touches: "/result/risk_level",
    description: "every entry gains an undocumented field risk_level",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.risk_level = "low";
    },
  },
  {
    id: "type-change",
    kind: "drift",
    touches: "/result/is_email_regex",
    description: 'is_email_regex is a string ("true"/"false") instead of a boolean',
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.is_email_regex = String(entry.is_email_regex);
    },
  },
  {
    id: "drop-required",
    kind: "drift",
    touches: "/messages",
    description: "the envelope's required messages array is missing",
    operations: ALL,
    envelope: (envelope) => {
      delete envelope.messages;
    },
  },
  {
    id: "unknown-enum",
    kind: "drift",
    touches: "/result/provenance",
    description: "provenance is SNOOPY-AZURE_AD, a value outside the documented enum",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.provenance = "SNOOPY-AZURE_AD";
    },
  },
  {
    id: "undocumented-status",
    kind: "drift",
    touches: "status",
    description: "success is answered with 202 instead of the documented 200",
    operations: ALL,
    status: 202,
  },
  {
    id: "wrong-content-type",
    kind: "drift",
    touches: "header content-type",
    description: "success is sent as text/plain (the body is still JSON)",
    operations: ALL,
    contentType: "text/plain; charset=utf-8",
  },
  {
    id: "null-not-nullable",
    kind: "drift",
    touches: "/result/name",
    description: "name, which is not nullable, is null",
    operations: WITH_ENTRIES,
    entry: (entry) => {
      entry.name = null;
    },
  },
  {
    id: "latency",
    kind: "fault",
    touches: "response time",
    description: "every response is delayed by 500 ms",
    operations: ALL,
    fault: { type: "delay", ms: 500 },
  },
  {
    id: "flaky-5xx",
    kind: "fault",
    touches: "status 500",
    description: "every other request fails with 500 code 10001",
    operations: ALL,
    fault: { type: "error", status: 500 },
    alternate: true,
  },
  {
    id: "connection-reset",
    kind: "fault",
    touches: "connection",
    description: "every other request has its connection reset before any response byte",
    operations: ALL,
    fault: { type: "reset" },
    alternate: true,
  },
  {
    id: "rate-limit-storm",
    kind: "fault",
    touches: "status 429",
    description: "every other request is refused with 429 code 971 and Retry-After: 1",
    operations: ALL,
    fault: { type: "error", status: 429 },
    alternate: true,
  },
];

export const driftProfileIds: readonly DriftProfileId[] = driftProfiles.map((profile) => profile.id);

export function findDriftProfile(id: string): DriftProfile | undefined {
  return driftProfiles.find((profile) => profile.id === id);
}

/** The profile in force, switchable at run time; counts requests for alternating faults. */
export class DriftState {
  #profile: DriftProfile | null = null;
  #requests = 0;

  constructor(initial: DriftProfile | null) {
    this.#profile = initial;
  }

  get profile(): DriftProfile | null {
    return this.#profile;
  }

  set(profile: DriftProfile | null): void {
    this.#profile = profile;
    this.#requests = 0;
  }

  /** The fault to inflict on this request, if any. */
  nextFault(): Fault | undefined {
    const fault = this.#profile?.fault;
    if (fault === undefined) return undefined;
    this.#requests++;
    return this.#profile?.alternate && this.#requests % 2 === 0 ? undefined : fault;
  }
}
