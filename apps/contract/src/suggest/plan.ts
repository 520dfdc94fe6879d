/**
 * Findings → the changes to the spec that would make the observed behaviour
 * conform, one per node of the spec: several findings that reach the same
 * component (the same field on list, get and create; the same drift on two
 * targets) make one change. A finding that cannot become a change is kept with
 * the reason, as data.
 */
import { isDeepStrictEqual } from "node:util";
import {
  type ContractFinding,
  childPointer,
  type FindingHistory,
  type ReportExchange,
  type RunReport,
  type TargetInfo,
} from "@impersonation-registry/engine";
import { RULES } from "../rules.ts";

/** A report's finding; `seenInRuns` comes from the history (absent: one run, as without it). */
export type SuggestFinding = ContractFinding & Partial<Pick<FindingHistory, "seenInRuns">>;

/** What suggest reads of a report: a report of another version (or a proxy's) works if it has these. */
export type SuggestReport = Pick<RunReport, "runId"> & {
  findings: readonly SuggestFinding[];
  /** Absent in reports older than schema version 2. */
  exchanges?: readonly ReportExchange[];
  /** Where each target was (and its account, redacted): the comments name the server the values came from. */
  targets?: readonly (Pick<TargetInfo, "name" | "baseUrl"> & { identity?: { account?: string } })[];
};

import { inferSchema, type Schema, schemaOfTypeNames, typeAdmits } from "./infer.ts";
import { bodySchema, type Observations, type Observed, observe } from "./observe.ts";
import { requestUses } from "./requests.ts";
import {
  type BodyTarget,
  isUnresolved,
  operationPointer,
  operations,
  resolveBody,
  responseKey,
  responseKeys,
  type Unresolved,
  valueAt,
} from "./source.ts";

/** The rule another branch adds to the history checks: a field a target used to send is gone. */
export const FIELD_VANISHED = "observed-field-vanished";

export type ChangeKind =
  | "add-status"
  | "add-property"
  | "widen-type"
  | "add-enum-values"
  | "make-nullable"
  | "note-vanished";

/** One edit of the spec, at one node. */
export interface Change {
  kind: ChangeKind;
  /** JSON pointer into the spec file of the node added or edited (`/components/schemas/Provenance`). */
  at: string;
  /** add-status: the pointer of the response whose envelope it takes (an operation's `200`, `4XX`). */
  like?: string;
  /** add-property, widen-type: the schema to add. */
  schema?: Schema;
  /** add-enum-values: what to append. */
  values?: unknown[];
  /** What the server was seen doing, for the comment a person reads (`string`, `SNOOPY-AZURE_AD`, `null`). */
  observed: string;
  /** The targets whose findings asked for it, each with its base URL: `sandbox (http://…/client/v4)`. */
  seenOn: string;
  /**
   * The request bodies and parameters that use the edited schema too (`createEntry request body`):
   * a change made from responses also lets consumers send it. Empty when only responses use it.
   */
  requests: string[];
  findings: SuggestFinding[];
}

export interface Skipped {
  finding: SuggestFinding;
  why: string;
}

export interface Plan {
  changes: Change[];
  skipped: Skipped[];
  /** Said once for the whole report (e.g. it has no exchanges). */
  notes: string[];
}

/** Why the findings of these rules are left to a person: no edit of the spec follows from them alone. */
const NOT_SUGGESTED = new Map(
  Object.entries({
    "content-type": "the media type is wrong, not the schema: nothing to widen",
    "invalid-json": "the body does not parse: nothing to document",
    "envelope-success": "`success` contradicts the status: the envelope stays as documented",
    "envelope-errors": "a failure without errors: the envelope stays as documented",
    "envelope-result": "a failure with a result: the envelope stays as documented",
    "schema-required": "a required field is missing: making it optional is a decision, not a widening",
    "schema-format": "a value breaks its format: dropping the format is a decision, not a widening",
    "schema-constraint": "a value breaks a constraint: loosening it is a decision, not a widening",
    "missing-header": "a documented header is missing: making it optional is a decision",
    "header-schema": "a header's value breaks its schema: decide by hand",
    "deprecated-removed-early":
      "a deprecated field left before its end of life: move `x-end-of-life` by hand if so decided",
    "request-invalid": "the consumer's request breaks the spec: the consumer must change, not the spec",
    "generated-model-mismatch": "the target broke the registry's model on generated inputs: fix the server",
    "generated-spec-disagreement": "the generator and the spec disagree: decide which is wrong by hand",
  }),
);

/** The rules whose findings become a change, and which. */
const KINDS = new Map<string, ChangeKind>([
  ["undocumented-status", "add-status"],
  ["undocumented-field", "add-property"],
  ["schema-type", "widen-type"],
  ["schema-enum", "add-enum-values"],
  ["schema-nullable", "make-nullable"],
  [FIELD_VANISHED, "note-vanished"],
]);

/**
 * Widening a type or admitting null documents what one odd answer may have been
 * a fluke of: it needs the drift in at least this many runs (the history's
 * `seenInRuns`), or this many exchanges of the report showing it.
 */
export const MIN_RUNS = 2;
export const MIN_EXCHANGES = 3;

export function planChanges(report: SuggestReport, root: unknown): Plan {
  const exchanges = report.exchanges ?? [];
  const context: Context = {
    root,
    observed: observe(root, exchanges),
    exchanges: new Map(exchanges.map((exchange) => [exchange.id, exchange])),
    uses: requestUses(root),
    servers: new Map(
      (report.targets ?? []).map(({ name, baseUrl, identity }) => [
        name,
        identity?.account ? `${baseUrl}, account ${identity.account}` : baseUrl,
      ]),
    ),
  };
  const groups = new Map<string, Change>();
  const skipped: Skipped[] = [];
  for (const finding of report.findings) {
    const change = changeFor(finding, context);
    if (isUnresolved(change)) {
      skipped.push({ finding, why: change.why });
      continue;
    }
    const key = `${change.kind}\u0000${change.at}`;
    const group = groups.get(key);
    if (group) group.findings.push(finding);
    else groups.set(key, change);
  }
  const changes: Change[] = [];
  for (const change of groups.values()) {
    const finished = finish(change, context);
    if (!isUnresolved(finished)) changes.push(finished);
    else skipped.push(...change.findings.map((finding) => ({ finding, why: finished.why })));
  }
  const inferred = changes.some((change) => change.schema !== undefined);
  const notes =
    inferred && exchanges.length === 0
      ? [
          "the report has no exchanges (an older run): types come from the findings' observed JSON types; formats could not be inferred",
        ]
      : [];
  return { changes, skipped, notes };
}

interface Context {
  root: unknown;
  /** Values by spec pointer (see observe.ts). */
  observed: Observations;
  exchanges: Map<string, ReportExchange>;
  /** Request places by the schema pointers they reach (see requests.ts). */
  uses: Map<string, string[]>;
  /** Target name → its base URL and redacted account, as the report names them. */
  servers: Map<string, string>;
}

/** The change a finding asks for, before the values of every finding of its group are known. */
function changeFor(finding: SuggestFinding, context: Context): Change | Unresolved {
  if (finding.accepted)
    return { why: `accepted by the baseline until ${finding.accepted.expires}: ${finding.accepted.reason}` };
  if (RULES.find((rule) => rule.id === finding.rule)?.scope === "comparison")
    return { why: "a comparison of two targets: each target's own findings say what the spec lacks" };
  const kind = KINDS.get(finding.rule);
  if (kind === undefined) {
    if (finding.severity === "info") return { why: "info only: nothing the spec must change" };
    return { why: NOT_SUGGESTED.get(finding.rule) ?? `suggest has no change for rule ${finding.rule}` };
  }
  const operation = operationPointer(context.root, finding.operation);
  if (isUnresolved(operation)) return operation;
  const change = { kind, observed: "", seenOn: "", requests: [], findings: [finding] };
  if (kind === "add-status") return statusChange(finding, context.root, operation, change);

  const target = locate(finding, operation, context);
  if (isUnresolved(target)) return target;
  const property =
    target.parent && target.key !== undefined
      ? childPointer(`${target.parent.pointer}/properties`, target.key)
      : undefined;
  if (kind === "add-property") {
    if (target.schema) return { why: "the field is documented in the spec already" };
    return { ...change, at: property as string };
  }
  if (!target.schema) return { why: "the field is not documented in the spec" };
  if (kind !== "note-vanished") return { ...change, at: target.schema.pointer };
  if (property === undefined) return { why: "the pointer does not end in a field" };
  return { ...change, at: property };
}

function statusChange(
  finding: ContractFinding,
  root: unknown,
  operation: string,
  change: Pick<Change, "kind" | "observed" | "seenOn" | "requests" | "findings">,
): Change | Unresolved {
  const status = Number(finding.observed);
  if (!Number.isInteger(status))
    return { why: `the observed status ${String(finding.observed)} is not a number` };
  const documented = responseKey(root, operation, status);
  if (documented !== undefined)
    return { why: `${status} is documented in the spec already (as ${documented})` };
  const like = envelopeOf(root, operation, status);
  if (like === undefined) return { why: `no documented response to take the envelope of a ${status} from` };
  return { ...change, at: childPointer(`${operation}/responses`, String(status)), like };
}

/**
 * The response whose envelope a new status takes: for a 2xx the operation's
 * 200 (or its first 2xx); for a 4xx or 5xx its `4XX`/`5XX` — or, when it has
 * none, another operation's, since every operation shares the error envelope.
 */
function envelopeOf(root: unknown, operation: string, status: number): string | undefined {
  const keys = responseKeys(root, operation);
  if (status >= 200 && status < 300) {
    const key = keys.find((k) => k === "200") ?? keys.find((k) => /^2\d\d$/.test(k));
    return key === undefined ? undefined : childPointer(`${operation}/responses`, key);
  }
  if (status < 400 || status >= 600) return undefined;
  const range = `${Math.floor(status / 100)}XX`;
  for (const candidate of new Set([operation, ...operations(root).values()])) {
    const key = responseKeys(root, candidate).find((k) => k.toUpperCase() === range);
    if (key !== undefined) return childPointer(`${candidate}/responses`, key);
  }
  return undefined;
}

/**
 * Where the finding's pointer is in its response body's schema: the response
 * documented for its exchange's status or — in a report without exchanges —
 * the first documented 2xx response the pointer resolves in.
 */
function locate(finding: ContractFinding, operation: string, context: Context): BodyTarget | Unresolved {
  const exchange = finding.exchange === undefined ? undefined : context.exchanges.get(finding.exchange);
  const statuses = exchange
    ? [exchange.response.status]
    : responseKeys(context.root, operation)
        .filter((key) => /^2\d\d$/.test(key))
        .map(Number);
  let last: Unresolved = {
    why: `no documented JSON body of ${finding.operation} to find ${finding.pointer} in`,
  };
  for (const status of statuses) {
    const schema = bodySchema(context.root, finding.operation, status);
    if (!schema) continue;
    const target = resolveBody(context.root, schema, finding.pointer);
    if (!isUnresolved(target)) return target;
    last = { why: `${finding.pointer} does not resolve in the spec: ${target.why}` };
  }
  return last;
}

/**
 * What a grouped change adds, from every value the exchanges showed at its
 * node; a report without exchanges (or a node no exchange reached) falls back
 * to the JSON type names in the findings' `observed`.
 */
function finish(grouped: Change, context: Context): Change | Unresolved {
  const change = {
    ...grouped,
    seenOn: seenOn(grouped.findings, context),
    requests: requestsOf(grouped, context),
  };
  const observations = context.observed.get(change.at) ?? [];
  const observed = observations.map((observation) => observation.value);
  const names = change.findings.map((finding) => finding.observed);
  const documented = valueAt(context.root, change.at) as Schema;
  switch (change.kind) {
    case "add-property": {
      const schema = observed.length > 0 ? inferSchema(observed) : schemaOfTypeNames(names);
      if (!schema) return { why: "only null was observed: its type is unknown" };
      return { ...change, schema, observed: describeSchema(schema) };
    }
    case "widen-type": {
      if (typeof documented.type !== "string") return { why: `${change.at} has no single type to widen` };
      const foreign = observations.filter(
        ({ value }) => value !== null && !typeAdmits(documented.type, value),
      );
      const short = shortOfEvidence(change, foreign, "widening a type");
      if (short) return short;
      const values = foreign.map((observation) => observation.value);
      const schema = values.length > 0 ? inferSchema(values) : schemaOfTypeNames(names);
      if (!schema) return { why: "no value of another type was observed there" };
      return { ...change, schema, observed: describeSchema(schema) };
    }
    case "add-enum-values": {
      if (!Array.isArray(documented.enum)) return { why: `${change.at} has no enum to extend` };
      const values: unknown[] = [];
      // A finding's `observed` is the value itself, but cut when long: the exchanges' values when there are.
      for (const value of observed.length > 0 ? observed : names) {
        const known = [...documented.enum, ...values].some((v) => isDeepStrictEqual(v, value));
        if (!known && (value === null || typeof value !== "object")) values.push(value);
      }
      if (values.length === 0) return { why: "every observed value is in the enum already" };
      return { ...change, values, observed: values.map(String).join(", ") };
    }
    case "make-nullable": {
      if (documented.nullable === true) return { why: "the schema is nullable already" };
      if (typeof documented.type !== "string")
        return { why: `${change.at} has no type for \`nullable\` to stand beside` };
      const nulls = observations.filter(({ value }) => value === null);
      return shortOfEvidence(change, nulls, "adding `nullable`") ?? { ...change, observed: "null" };
    }
    default:
      return change;
  }
}

/**
 * Why a widening is left to a person: seen in fewer than MIN_RUNS runs and
 * fewer than MIN_EXCHANGES exchanges. The exchanges are those whose value at
 * the node showed it; a report without exchanges counts the steps its findings
 * were seen at.
 */
function shortOfEvidence(
  change: Change,
  evidence: readonly Observed[],
  what: string,
): Unresolved | undefined {
  const runs = Math.max(...change.findings.map((finding) => finding.seenInRuns ?? 1));
  const exchanges =
    evidence.length > 0
      ? new Set(evidence.map((observation) => observation.exchange)).size
      : change.findings.reduce((sum, finding) => sum + (finding.occurrences?.length ?? 1), 0);
  if (runs >= MIN_RUNS || exchanges >= MIN_EXCHANGES) return undefined;
  return {
    why: `seen in ${exchanges} exchange(s) of ${runs} run(s): ${what} needs at least ${MIN_RUNS} runs or ${MIN_EXCHANGES} exchanges; decide by hand`,
  };
}

/**
 * `sandbox (http://127.0.0.1:8787/client/v4)`, `live (https://…, account …c353) and proxy (…)`: the
 * servers the findings came from.
 */
function seenOn(findings: readonly ContractFinding[], context: Context): string {
  const targets = [...new Set(findings.map((finding) => finding.target))].map((target) => {
    const server = context.servers.get(target);
    return server ? `${target} (${server})` : target;
  });
  return targets.length > 1 ? `${targets.slice(0, -1).join(", ")} and ${targets.at(-1)}` : (targets[0] ?? "");
}

/** The request places that use the schema a change edits: an added property's object, else the node itself. */
function requestsOf(change: Change, context: Context): string[] {
  if (change.kind === "add-status" || change.kind === "note-vanished") return [];
  const node =
    change.kind === "add-property" ? change.at.slice(0, change.at.lastIndexOf("/properties/")) : change.at;
  return context.uses.get(node) ?? [];
}

/** `string (date-time)`, `integer | string`: the types a schema admits, in a word or a few. */
export function describeSchema(schema: Schema): string {
  const branches = Array.isArray(schema.anyOf) ? (schema.anyOf as Schema[]) : [schema];
  return branches
    .map((branch) => `${String(branch.type)}${branch.format ? ` (${String(branch.format)})` : ""}`)
    .join(" | ");
}
