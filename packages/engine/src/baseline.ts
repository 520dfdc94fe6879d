/**
 * The baseline: a committed file of accepted findings, each with a reason and
 * an expiry date. A matching finding is reported as accepted (it no longer
 * fails the run); an entry past its expiry date fails the run, so nothing is
 * accepted forever by accident.
 */
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { ContractFinding, RunReport } from "./model.ts";

export interface BaselineEntry {
  rule: string;
  operation: string;
  /** Exactly as findings write it, array indexes as `*`. */
  pointer: string;
  /** Only this target (e.g. `live`, `mock↔sandbox`); every target when absent. */
  target?: string;
  reason: string;
  /** `YYYY-MM-DD`: the entry accepts findings through that day (UTC). */
  expires: string;
}

export interface Baseline {
  entries: BaselineEntry[];
}

export type BaselineErrorCode = "baseline-unreadable" | "baseline-not-json" | "baseline-invalid";

/** A baseline that cannot be used: the CLI prints the message on one line and exits 2. */
export class BaselineError extends Error {
  readonly code: BaselineErrorCode;
  constructor(code: BaselineErrorCode, message: string) {
    super(message);
    this.name = "BaselineError";
    this.code = code;
  }
}

const text = { type: "string", minLength: 1 };
const baselineSchema = (ruleIds: readonly string[]) => ({
  type: "object",
  required: ["entries"],
  additionalProperties: false,
  properties: {
    $schema: { type: "string" },
    entries: {
      type: "array",
      items: {
        type: "object",
        required: ["rule", "operation", "pointer", "reason", "expires"],
        additionalProperties: false,
        properties: {
          // A misspelt rule would silently accept nothing: only known ids are allowed.
          rule: { enum: ruleIds },
          operation: text,
          pointer: { type: "string" },
          target: text,
          reason: text,
          expires: { type: "string", format: "date" },
        },
      },
    },
  },
});

const ajv = new Ajv({ allErrors: false });
addFormats.default(ajv, ["date"]);

/** A baseline's text, checked: `ruleIds` are the rules of the table the run judges with. */
export function parseBaseline(source: string, path: string, ruleIds: readonly string[]): Baseline {
  const validateBaseline = ajv.compile<Baseline>(baselineSchema(ruleIds));
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new BaselineError(
      "baseline-not-json",
      `baseline ${path} is not valid JSON: ${(error as Error).message}`,
    );
  }
  if (!validateBaseline(data)) {
    const [error] = validateBaseline.errors ?? [];
    const where = error?.instancePath || "the top level";
    const allowed =
      error?.keyword === "enum" ? ` (${(error.params.allowedValues as string[]).join(", ")})` : "";
    throw new BaselineError(
      "baseline-invalid",
      `baseline ${path}: ${where} ${error?.message ?? "is invalid"}${allowed}`,
    );
  }
  return data;
}

export type ExpiredEntry = RunReport["expiredBaseline"][number];

export interface BaselineOutcome {
  /** The same findings, those an unexpired entry matches with `accepted` set. */
  findings: ContractFinding[];
  /** Entries past their expiry date: they fail the run. */
  expired: ExpiredEntry[];
  /** Unexpired entries that matched nothing: candidates for removal, worth a note. */
  unused: BaselineEntry[];
}

/** An entry names a finding's identity (see identity.ts), its target optional. */
function matches(entry: BaselineEntry, finding: ContractFinding): boolean {
  return (
    entry.rule === finding.rule &&
    entry.operation === finding.operation &&
    entry.pointer === finding.pointer &&
    (entry.target === undefined || entry.target === finding.target)
  );
}

export function applyBaseline(findings: ContractFinding[], baseline: Baseline, now: Date): BaselineOutcome {
  const today = now.toISOString().slice(0, 10);
  const active = baseline.entries.filter((entry) => entry.expires >= today);
  const used = new Set<BaselineEntry>();
  const accepted = findings.map((finding) => {
    const entry = active.find((candidate) => matches(candidate, finding));
    if (!entry) return finding;
    used.add(entry);
    return { ...finding, accepted: { reason: entry.reason, expires: entry.expires } };
  });
  return {
    findings: accepted,
    expired: baseline.entries
      .filter((entry) => entry.expires < today)
      .map(({ rule, operation, pointer, reason, expires }) => ({
        rule,
        operation,
        pointer,
        reason,
        expires,
      })),
    unused: active.filter((entry) => !used.has(entry)),
  };
}
