/**
 * Schema vs schema, in a request or a response position. Hand-written: no
 * offline npm engine classifies by direction the way consumers of generated
 * types experience it (see README, "Why a rules table").
 */
import { isDeepStrictEqual } from "node:util";
import { isNode, type Node } from "./load.ts";
import type { RuleId } from "./rules.ts";
import { asNode, brief, compareRest, type Direction, type Emit, eachKey, segment } from "./walk.ts";

const COMPOSITIONS = ["allOf", "oneOf", "anyOf"] as const;

/** Request-side bounds: which way is "tighter" and which rule says so. */
const BOUNDS: Record<string, { tighter: "lower" | "higher"; rule: RuleId }> = {
  maxLength: { tighter: "lower", rule: "request-max-length-decreased" },
  maximum: { tighter: "lower", rule: "request-maximum-decreased" },
  maxItems: { tighter: "lower", rule: "request-constraint-tightened" },
  maxProperties: { tighter: "lower", rule: "request-constraint-tightened" },
  minLength: { tighter: "higher", rule: "request-constraint-tightened" },
  minimum: { tighter: "higher", rule: "request-constraint-tightened" },
  minItems: { tighter: "higher", rule: "request-constraint-tightened" },
  minProperties: { tighter: "higher", rule: "request-constraint-tightened" },
};

const STRUCTURE = ["type", "nullable", "enum", "properties", "required", "items", "additionalProperties"];
const REQUEST_HANDLED = new Set([...STRUCTURE, ...COMPOSITIONS, ...Object.keys(BOUNDS), "pattern"]);
// In a response, bounds and patterns change no type and break no client: they fall through to info.
const RESPONSE_HANDLED = new Set([...STRUCTURE, ...COMPOSITIONS]);

export function compareSchema(
  before: unknown,
  after: unknown,
  pointer: string,
  direction: Direction,
  emit: Emit,
  visiting: Set<unknown> = new Set(),
): void {
  if (!isNode(before) || !isNode(after)) {
    if (!isDeepStrictEqual(before, after)) emit("type-changed", pointer, brief(before), brief(after));
    return;
  }
  // Dereferenced recursive schemas are object cycles; one lap compares everything.
  if (visiting.has(before)) return;
  visiting.add(before);
  const recurse = (b: unknown, a: unknown, at: string) => compareSchema(b, a, at, direction, emit, visiting);

  if (!isDeepStrictEqual(before.type, after.type)) {
    emit("type-changed", `${pointer}/type`, before.type, after.type);
  } else {
    for (const keyword of COMPOSITIONS) {
      const b = before[keyword];
      const a = after[keyword];
      if (Array.isArray(b) && Array.isArray(a) && b.length === a.length) {
        for (const [index, member] of b.entries())
          recurse(member, a[index], `${pointer}/${keyword}/${index}`);
      } else if (b !== undefined || a !== undefined) {
        emit(
          "type-changed",
          `${pointer}/${keyword}`,
          Array.isArray(b) ? b.length : b,
          Array.isArray(a) ? a.length : a,
        );
      }
    }
    compareNullable(before, after, pointer, direction, emit);
    compareEnum(before.enum, after.enum, `${pointer}/enum`, direction, emit);
    if (direction === "request") compareBounds(before, after, pointer, emit);
    compareProperties(before, after, pointer, direction, emit, recurse);
    if (before.items !== undefined || after.items !== undefined)
      recurse(before.items, after.items, `${pointer}/items`);
    if (isNode(before.additionalProperties) && isNode(after.additionalProperties)) {
      recurse(before.additionalProperties, after.additionalProperties, `${pointer}/additionalProperties`);
    } else if (!isDeepStrictEqual(before.additionalProperties, after.additionalProperties)) {
      emit(
        "other-changed",
        `${pointer}/additionalProperties`,
        brief(before.additionalProperties),
        brief(after.additionalProperties),
      );
    }
  }
  compareRest(before, after, pointer, direction === "request" ? REQUEST_HANDLED : RESPONSE_HANDLED, emit);
  visiting.delete(before);
}

function compareNullable(before: Node, after: Node, pointer: string, direction: Direction, emit: Emit) {
  const was = before.nullable === true;
  const is = after.nullable === true;
  if (was === is) return;
  const rule: RuleId =
    direction === "response"
      ? is
        ? "response-property-became-nullable"
        : "response-narrowed"
      : is
        ? "request-constraint-relaxed"
        : "request-nullable-removed";
  emit(rule, `${pointer}/nullable`, was, is);
}

/** No enum means "any value": gaining one narrows, losing one widens. */
function compareEnum(before: unknown, after: unknown, pointer: string, direction: Direction, emit: Emit) {
  if (isDeepStrictEqual(before, after)) return;
  const b = Array.isArray(before) ? before : undefined;
  const a = Array.isArray(after) ? after : undefined;
  const removed =
    b === undefined ? ["(any value)"] : b.filter((v) => !a?.some((w) => isDeepStrictEqual(v, w)));
  const added = a === undefined ? ["(any value)"] : a.filter((v) => !b?.some((w) => isDeepStrictEqual(v, w)));
  if (removed.length > 0) {
    emit(
      direction === "request" ? "request-enum-value-removed" : "response-narrowed",
      pointer,
      removed,
      undefined,
    );
  }
  if (added.length > 0) {
    emit(
      direction === "request" ? "request-constraint-relaxed" : "response-enum-value-added",
      pointer,
      undefined,
      added,
    );
  }
}

function compareBounds(before: Node, after: Node, pointer: string, emit: Emit) {
  for (const [keyword, { tighter, rule }] of Object.entries(BOUNDS)) {
    const b = before[keyword];
    const a = after[keyword];
    if (isDeepStrictEqual(b, a)) continue;
    const tightened =
      typeof a === "number" && (typeof b !== "number" || (tighter === "lower" ? a < b : a > b));
    emit(tightened ? rule : "request-constraint-relaxed", `${pointer}/${keyword}`, b, a);
  }
  if (before.pattern !== after.pattern) {
    const rule = after.pattern === undefined ? "request-constraint-relaxed" : "request-pattern-added";
    emit(rule, `${pointer}/pattern`, before.pattern, after.pattern);
  }
}

function compareProperties(
  before: Node,
  after: Node,
  pointer: string,
  direction: Direction,
  emit: Emit,
  recurse: (b: unknown, a: unknown, at: string) => void,
) {
  const wasRequired = new Set(Array.isArray(before.required) ? before.required : []);
  const isRequired = new Set(Array.isArray(after.required) ? after.required : []);
  const request = direction === "request";
  const at = (name: string) => `${pointer}/properties/${segment(name)}`;
  eachKey(asNode(before.properties), asNode(after.properties), {
    removed: (name) =>
      emit(
        request ? "request-property-removed" : "response-property-removed",
        at(name),
        brief(asNode(before.properties)[name]),
        undefined,
      ),
    added: (name) => {
      const rule = request
        ? isRequired.has(name)
          ? "request-property-required"
          : "request-property-added"
        : "response-property-added";
      emit(rule, at(name), undefined, brief(asNode(after.properties)[name]));
    },
    both: (name) => {
      recurse(asNode(before.properties)[name], asNode(after.properties)[name], at(name));
      const was = wasRequired.has(name);
      const is = isRequired.has(name);
      if (was === is) return;
      const rule: RuleId = request
        ? is
          ? "request-property-required"
          : "request-constraint-relaxed"
        : is
          ? "response-narrowed"
          : "response-property-became-optional";
      emit(rule, at(name), was ? "required" : "optional", is ? "required" : "optional");
    },
  });
}
