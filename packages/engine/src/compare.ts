/**
 * The same step on two targets: their *shapes* are compared (status, keys,
 * JSON types, nullability, documented headers), never their values. Each
 * difference is judged against the spec through the single-target findings at
 * the same pointer: when neither side breaks a rule there, the spec allows
 * both and the difference is info (Prism's 422 vs a 400, both under `4XX`);
 * otherwise it takes the severity of the worst rule broken there.
 */
import { isAtLeast, type Severity } from "@impersonation-registry/findings";
import type { Drift } from "./checks/types.ts";
import { toCurl } from "./curl.ts";
import { completeFinding } from "./finding.ts";
import { PAIR } from "./identity.ts";
import { childPointer, ITEMS, isObject, type JsonType, jsonType } from "./json.ts";
import type { ContractFinding, Exchange } from "./model.ts";
import { type SpecRuleId, specRule } from "./rules.ts";
import type { SpecIndex } from "./spec-index.ts";

/** Every value seen at one pointer: list items are merged, so 20 entries have one shape. */
interface Shape {
  types: Set<JsonType>;
  keys: Map<string, Shape>;
  items: Shape | undefined;
}

function shapeOf(values: unknown[]): Shape {
  const objects = values.filter(isObject);
  const keys = new Map<string, Shape>();
  for (const key of new Set(objects.flatMap((object) => Object.keys(object)))) {
    keys.set(
      key,
      shapeOf(objects.filter((object) => Object.hasOwn(object, key)).map((object) => object[key])),
    );
  }
  const items = values.filter(Array.isArray).flat();
  return { types: new Set(values.map(jsonType)), keys, items: items.length > 0 ? shapeOf(items) : undefined };
}

type ShapeDrift = Drift & { rule: SpecRuleId };

function describe(shape: Shape): string {
  return [...shape.types].sort().join(" | ");
}

function compareShapes(a: Shape, b: Shape, pointer: string, out: ShapeDrift[]): void {
  const nullable = (shape: Shape) => shape.types.has("null");
  const concrete = (shape: Shape) =>
    [...shape.types]
      .filter((type) => type !== "null")
      .sort()
      .join();
  const [typesA, typesB] = [concrete(a), concrete(b)];
  if (typesA !== typesB && typesA !== "" && typesB !== "") {
    out.push({ rule: "compare-type", pointer, expected: describe(a), observed: describe(b) });
    return;
  }
  if (nullable(a) !== nullable(b)) {
    out.push({ rule: "compare-nullability", pointer, expected: describe(a), observed: describe(b) });
  }
  // Below a null on one side there is nothing to compare; below an empty list neither.
  if (typesA !== typesB) return;
  for (const key of new Set([...a.keys.keys(), ...b.keys.keys()])) {
    const [childA, childB] = [a.keys.get(key), b.keys.get(key)];
    const child = childPointer(pointer, key);
    if (childA && childB) compareShapes(childA, childB, child, out);
    else
      out.push({
        rule: "compare-key",
        pointer: child,
        expected: childA ? "present" : "absent",
        observed: childB ? "present" : "absent",
      });
  }
  if (a.items && b.items) compareShapes(a.items, b.items, childPointer(pointer, ITEMS), out);
}

function shapeDrifts(a: Exchange, b: Exchange, index: SpecIndex): ShapeDrift[] {
  const drifts: ShapeDrift[] = [];
  const [statusA, statusB] = [a.response.status, b.response.status];
  const documentedA = index.response(a.operation, statusA);
  const documentedB = index.response(b.operation, statusB);
  if (statusA !== statusB)
    drifts.push({ rule: "compare-status", pointer: "/status", expected: statusA, observed: statusB });
  // Different documented responses (an entry vs an error) have no common shape to compare.
  if (!documentedA || documentedA !== documentedB) return drifts;
  for (const { name } of documentedA.headers) {
    const [hasA, hasB] = [a.response.headers[name] !== undefined, b.response.headers[name] !== undefined];
    if (hasA !== hasB) {
      drifts.push({
        rule: "compare-header",
        pointer: `/headers/${name}`,
        expected: hasA ? "present" : "absent",
        observed: hasB ? "present" : "absent",
      });
    }
  }
  if (a.response.body !== undefined && b.response.body !== undefined) {
    compareShapes(shapeOf([a.response.body]), shapeOf([b.response.body]), "", drifts);
  }
  return drifts;
}

/**
 * `check` gives each side's single-target findings (the engine passes its own),
 * which decide whether the spec allows a difference.
 */
export function compareExchanges(
  a: Exchange,
  b: Exchange,
  index: SpecIndex,
  check: (exchange: Exchange) => ContractFinding[],
): ContractFinding[] {
  const drifts = shapeDrifts(a, b, index);
  if (drifts.length === 0) return [];
  const singles = [...check(a), ...check(b)];
  const severityAt = (pointer: string): Severity =>
    singles
      .filter((finding) => finding.pointer === pointer)
      .reduce<Severity>(
        (worst, finding) => (isAtLeast(finding.severity, worst) ? finding.severity : worst),
        "info",
      );
  const curl = `${toCurl(a)}\n${toCurl(b)}`;
  return drifts.map(({ rule, ...drift }) =>
    completeFinding(specRule(rule), drift, a, {
      target: `${a.target}${PAIR}${b.target}`,
      severity: severityAt(drift.pointer),
      curl,
      expectedLabel: a.target,
      observedLabel: b.target,
    }),
  );
}
