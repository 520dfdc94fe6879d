/**
 * Judges a target's answers against the model: the status an outcome implies, an entry read back
 * field by field, a list page (on the run's own entries only) and a walk of pages. A judgement
 * that fails throws a `Failure` whose class — rule, operation, pointer — names what broke, never
 * the values that showed it, so a shrunk failure keeps the class of the first one.
 */
import type { Capabilities, OperationId } from "@impersonation-registry/engine";
import {
  entriesOf,
  entryOf,
  REFUSAL_CAUSES,
  type RefusalCause,
  refused,
  resultInfoOf,
  succeeds,
} from "../scenarios/expect.ts";
import type { Reply } from "../scenarios/types.ts";
import {
  type Fields,
  type ListQuery,
  MODIFIED_AT,
  type ModelEntry,
  type Outcome,
  type RegistryModel,
} from "./registry-model.ts";
import type { Violation } from "./violations.ts";

export interface FailureClass {
  /** The expectation that failed, e.g. `reads back as written`, `answers 400 (invalid input)`. */
  rule: string;
  operation: OperationId;
  /** Where in the exchange: `/status`, `/result/name`, `/result`. */
  pointer: string;
}

export class Failure extends Error {
  override name = "Failure";
  readonly failureClass: FailureClass;
  constructor(failureClass: FailureClass, message: string) {
    super(message);
    this.failureClass = failureClass;
  }
}

export function classKey(failureClass: FailureClass): string {
  return `${failureClass.rule} · ${failureClass.operation} · ${failureClass.pointer}`;
}

/**
 * The answer to one request, judged by its outcome: accepted (200, success), or refused (a 4XX in
 * the error envelope, and where the target answers exact statuses, one its causes imply). A target
 * that keeps no state is judged only by what the request is: valid ones accepted, ones that break
 * a rule of the schema refused — what the model knows of state, and rules of `x-` extensions, only
 * a target that is or emulates the API can show.
 */
export function judgeAnswer(
  operation: OperationId,
  outcome: Outcome,
  reply: Reply,
  capabilities: Capabilities,
  violation: Violation | undefined,
): "accepted" | "refused" {
  if (!capabilities.stateful) {
    if (violation === undefined) return expectAccepted(operation, reply);
    if (violation.schemaRule) expectRefused(operation, reply, [violation.cause], false);
    return "refused";
  }
  if (outcome.kind === "accepted") return expectAccepted(operation, reply);
  expectRefused(operation, reply, outcome.causes, capabilities.exactStatuses);
  return "refused";
}

function expectAccepted(operation: OperationId, reply: Reply): "accepted" {
  const expectation = succeeds();
  const problem = expectation.check(reply, undefined);
  if (problem !== undefined) fail(expectation.name, operation, "/status", problem);
  return "accepted";
}

function expectRefused(operation: OperationId, reply: Reply, causes: RefusalCause[], exact: boolean): void {
  const envelope = refused();
  const problem = envelope.check(reply, undefined);
  if (problem !== undefined) fail(envelope.name, operation, "/status", problem);
  if (!exact) return;
  const statuses: number[] = [...new Set(causes.flatMap((cause) => REFUSAL_CAUSES[cause].statuses))].sort();
  if (!statuses.includes(reply.status)) {
    const rule = `answers ${statuses.join(" or ")} (${causes.join(" or ")})`;
    fail(rule, operation, "/status", `status ${reply.status}`);
  }
}

/** Every field the model knows, compared: date-times as instants, everything else as JSON. */
export function differences(
  model: RegistryModel,
  expected: Fields,
  actual: Fields,
  except: readonly string[] = [],
): string[] {
  return Object.keys(expected).filter(
    (name) => !except.includes(name) && !sameValue(model, name, expected[name], actual[name]),
  );
}

function sameValue(model: RegistryModel, name: string, expected: unknown, actual: unknown): boolean {
  if (model.isInstant(name) && typeof expected === "string" && typeof actual === "string")
    return Date.parse(expected) === Date.parse(actual);
  return actual !== undefined && JSON.stringify(expected) === JSON.stringify(actual);
}

/** An entry answered or read back: every known field as the model has it. */
export function judgeEntry(
  rule: string,
  operation: OperationId,
  model: RegistryModel,
  expected: Fields,
  reply: Reply,
  except: readonly string[] = [],
): Fields {
  const actual = entryOf(reply) ?? {};
  const changed = differences(model, expected, actual, except);
  if (changed.length > 0) {
    const shown = changed.map((name) => `${name} ${show(actual[name])} (expected ${show(expected[name])})`);
    fail(rule, operation, `/result/${changed[0]}`, shown.join("; "));
  }
  return actual;
}

/** A create's answer: the server-set fields are there (consumers read them) and the id is a new one. */
export function judgeCreated(model: RegistryModel, serverSet: readonly string[], answer: Fields): void {
  const missing = serverSet.filter((name) => answer[name] === undefined || answer[name] === null);
  if (missing.length > 0)
    fail(
      `sets ${serverSet.join(", ")}`,
      "createEntry",
      `/result/${missing[0]}`,
      `${missing.join(", ")} missing`,
    );
  if (model.issued(String(answer.id)))
    fail(
      "issues a new id",
      "createEntry",
      "/result/id",
      `id ${answer.id} was issued before in this sequence`,
    );
}

/** A PATCH moves `modified_at` forward, as the lifecycle scenario judges it. */
export function judgeModifiedAt(before: Fields, answer: Fields): void {
  const [was, now] = [before[MODIFIED_AT], answer[MODIFIED_AT]];
  if (typeof was !== "string") return;
  if (typeof now !== "string" || !(Date.parse(now) > Date.parse(was)))
    fail(
      `moves ${MODIFIED_AT} forward`,
      "updateEntry",
      `/result/${MODIFIED_AT}`,
      `${show(now)} after ${show(was)}`,
    );
}

export interface PageContext {
  query: ListQuery;
  page: number;
  perPage: number | undefined;
  /** Entries of the model seen on earlier pages of the same walk. */
  seenBefore: number;
}

/**
 * One list page, on the model's own entries only (foreign entries are never judged): none deleted,
 * none the query excludes, each as the model has it, sorted as asked; `result_info` agrees with the
 * page. Returns the model's entries on the page, in order.
 */
export function judgePage(model: RegistryModel, reply: Reply, context: PageContext): ModelEntry[] {
  expectAccepted("listEntries", reply);
  const items = entriesOf(reply);
  const own: ModelEntry[] = [];
  for (const item of items) {
    const entry = model.known(String(item.id));
    if (entry === undefined) continue;
    if (model.entry(entry.id) === undefined)
      fail(
        "lists no deleted entry",
        "listEntries",
        "/result",
        `entry ${entry.id} was deleted and is still listed`,
      );
    if (model.presence(entry, context.query) === "never")
      fail(
        "lists no entry the query excludes",
        "listEntries",
        "/result",
        `entry ${describe(entry)} does not match ${show(context.query)}`,
      );
    const changed = differences(model, entry.fields, item);
    if (changed.length > 0)
      fail(
        "lists as written",
        "listEntries",
        `/result/*/${changed[0]}`,
        changed
          .map((name) => `${name} ${show(item[name])} (expected ${show(entry.fields[name])})`)
          .join("; "),
      );
    own.push(entry);
  }
  judgeResultInfo(reply, items.length, context);
  judgeOrder(model, own, context.query);
  return own;
}

/** Every entry the query must find is among those seen: for a page that holds the whole answer, or a whole walk. */
export function judgeComplete(
  model: RegistryModel,
  seen: readonly ModelEntry[],
  query: ListQuery,
  what: string,
): void {
  const ids = new Set(seen.map((entry) => entry.id));
  const missing = model
    .live()
    .filter((entry) => model.presence(entry, query) === "must" && !ids.has(entry.id));
  if (missing.length > 0)
    fail(
      `${what} every entry the query must find`,
      "listEntries",
      "/result",
      `${missing.length} missing, e.g. ${describe(missing[0] as ModelEntry)} for ${show(query)}`,
    );
}

/** A walk over pages: each of the model's entries once, every one the query must find, in order across pages. */
export function judgeWalk(model: RegistryModel, seen: readonly ModelEntry[], query: ListQuery): void {
  const counts = new Map<string, number>();
  for (const entry of seen) counts.set(entry.id, (counts.get(entry.id) ?? 0) + 1);
  const twice = [...counts].filter(([, count]) => count > 1);
  if (twice.length > 0)
    fail(
      "a walk sees each entry once",
      "listEntries",
      "/result",
      `${twice.length} entries on more than one page, e.g. ${twice[0]?.[0]}`,
    );
  judgeComplete(model, seen, query, "a walk sees");
  judgeOrder(model, seen, query);
}

function judgeResultInfo(reply: Reply, length: number, context: PageContext): void {
  const info = resultInfoOf(reply);
  const problems = [
    info?.count === length ? "" : `count ${show(info?.count)} for ${length} entries`,
    info?.page === context.page ? "" : `page ${show(info?.page)} for page ${context.page}`,
    context.perPage === undefined || info?.per_page === context.perPage
      ? ""
      : `per_page ${show(info?.per_page)} for ${context.perPage}`,
    typeof info?.total_count === "number" && info.total_count >= context.seenBefore + length
      ? ""
      : `total_count ${show(info?.total_count)} below the ${context.seenBefore + length} entries seen`,
  ].filter(Boolean);
  if (problems.length > 0)
    fail("result_info agrees with the page", "listEntries", "/result_info", problems.join("; "));
}

/**
 * Sorted by `order` in `direction`, ties in any order. The spec names no collation, so code point
 * order (what UTF-8 byte order is) or case-insensitive order both count; date-times compare as instants.
 */
function judgeOrder(model: RegistryModel, entries: readonly ModelEntry[], query: ListQuery): void {
  const key = query.order;
  if (key === undefined) return;
  const sign = query.direction === "desc" ? -1 : 1;
  const values = entries.map((entry) => entry.fields[key]);
  const instant = model.isInstant(key);
  const collations = instant
    ? [(a: unknown, b: unknown) => Date.parse(String(a)) - Date.parse(String(b))]
    : [
        (a: unknown, b: unknown) => byCodePoint(String(a), String(b)),
        (a: unknown, b: unknown) => byCodePoint(String(a).toLowerCase(), String(b).toLowerCase()),
      ];
  const sorted = collations.some((compare) =>
    values.every((value, i) => i === 0 || sign * compare(values[i - 1], value) <= 0),
  );
  if (!sorted)
    fail(
      `sorted by ${key} ${query.direction ?? "asc"}`,
      "listEntries",
      "/result",
      `not sorted: ${values.slice(0, 5).map(show).join(", ")}`,
    );
}

function byCodePoint(a: string, b: string): number {
  const [left, right] = [Array.from(a), Array.from(b)];
  for (let i = 0; i < Math.min(left.length, right.length); i++) {
    const difference = (left[i]?.codePointAt(0) ?? 0) - (right[i]?.codePointAt(0) ?? 0);
    if (difference !== 0) return difference;
  }
  return left.length - right.length;
}

export function fail(rule: string, operation: OperationId, pointer: string, detail: string): never {
  throw new Failure({ rule, operation, pointer }, `${rule}: ${detail}`);
}

/** A value in a message, cut to stay one readable line. */
export function show(value: unknown): string {
  const text = JSON.stringify(value) ?? "undefined";
  return text.length > 80 ? `${text.slice(0, 77)}…` : text;
}

function describe(entry: ModelEntry): string {
  return `${entry.id} (name ${show(entry.fields.name)})`;
}
