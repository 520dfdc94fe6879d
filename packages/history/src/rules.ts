/**
 * The observed-contract rules. The spec makes every entry field optional and
 * documents errors as `4XX`, so a server can change a lot without breaking a
 * spec rule; these rules judge a target's responses in this run against what
 * the same target answered in its earlier runs. Their rows (id, severity,
 * title, help, handler) are OBSERVED_RULES at the end of this file, which the app
 * joins to the engine's SPEC_RULES to make the one rules table.
 *
 * Shared precision rules, so they report drift and not noise:
 * - evidence is counted in runs: a claim about "before" needs at least
 *   MIN_EARLIER_RUNS earlier runs that showed the thing judged;
 * - an earlier run in which the rule already reported the same drift (and no
 *   baseline entry accepted it) is no evidence of the usual behaviour: a
 *   field that vanished two nights ago is still reported tonight, not learnt
 *   as the new normal. An accepted finding is learnt;
 * - body rules compare responses of the same operation and status; the step
 *   rules (status, error codes) the same scenario step;
 * - one finding per rule, operation, pointer and scenario: the first step of
 *   the scenario that shows it.
 */
import {
  allowsType,
  type Drift,
  type JsonType,
  type SpecIndex,
  schemaAt,
  stepKey,
} from "@impersonation-registry/engine";
import type { Rule } from "@impersonation-registry/findings";
import { isItems, MAX_VALUES, presence } from "./shape.ts";
import type { CurrentObservation, FindingPlace, Observation } from "./types.ts";

/** Below this many earlier runs (of the target, and showing the thing judged) nothing is judged. */
export const MIN_EARLIER_RUNS = 3;
/** Enum-like: the last this-many earlier runs added no value the runs before them had not shown. */
const STABLE_RUNS = 2;
const LATENCY = { runs: 7, minSamples: 5, factor: 1.5, marginMs: 100 };

/** Where a latency regression is reported: it belongs to the operation over the whole run, not to a step. */
export const WHOLE_RUN = { scenario: "(all scenarios)", step: "(median of the run)" } as const;

/** One earlier run of the target being judged. */
export interface EarlierRun {
  runId: string;
  startedAt: string;
  /** This target's observations in that run. */
  observations: readonly Observation[];
  /** This target's unaccepted findings of observed rules in that run. */
  drifts: readonly Omit<FindingPlace, "target">[];
}

/** Where observations come from: a run's scenarios (the same steps every run) or a proxy's real traffic. */
export type ObservationSource = "scenarios" | "traffic";

export interface ObservedContext {
  /** The rule being judged: an earlier run that reported its own drift at the same place is left out. */
  rule: string;
  /** Oldest first. */
  earlier: readonly EarlierRun[];
  /** What the spec documents: a change toward it is `converged`, never drift away from it. */
  spec?: SpecIndex;
  source?: ObservationSource;
}

/**
 * On real traffic a field rule needs the field in every one of at least this many earlier
 * responses of the operation and status: what consumers ask varies, a run's scenarios do not.
 */
export const MIN_TRAFFIC_RESPONSES = 20;

/** A drift found by an observed rule, with the place and curl line its finding gets. */
export interface ObservedDrift extends Drift {
  operation: string;
  scenario: string;
  step: string;
  curl: string;
  /** The change brings the target closer to the spec (reported as info). */
  converged?: boolean;
}

/** The one signature every observed rule has: this run's observations of one target, and its earlier runs. */
export type ObservedCheck = (
  current: readonly CurrentObservation[],
  context: ObservedContext,
) => ObservedDrift[];

interface Where {
  operation: string;
  pointer: string;
  /** Step rules: the step; body rules leave it out (any step of the operation). */
  step?: { scenario: string; step: string };
}

/** The earlier runs that did not report this rule's drift at this place. */
function cleanRuns(context: ObservedContext, where: Where): readonly EarlierRun[] {
  return context.earlier.filter(
    (run) =>
      !run.drifts.some(
        (drift) =>
          drift.rule === context.rule &&
          drift.operation === where.operation &&
          drift.pointer === where.pointer &&
          (where.step === undefined ||
            (drift.scenario === where.step.scenario && drift.step === where.step.step)),
      ),
  );
}

/**
 * Enough earlier evidence to judge: MIN_EARLIER_RUNS runs that showed the thing judged — on real
 * traffic, MIN_TRAFFIC_RESPONSES responses as well (`evidence`: per earlier run, what it showed).
 */
function enoughEvidence(context: ObservedContext, evidence: readonly (readonly unknown[])[]): boolean {
  if (evidence.length < MIN_EARLIER_RUNS) return false;
  return context.source !== "traffic" || evidence.flat().length >= MIN_TRAFFIC_RESPONSES;
}

const responseKey = (o: Observation) => `${o.operation}\u0000${o.status}`;
const stepOf = (o: Observation) => stepKey(o.target, o.scenario, o.step);

function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const group = groups.get(key(item));
    if (group) group.push(item);
    else groups.set(key(item), [item]);
  }
  return groups;
}

/** Each earlier run's observations grouped by a key, computed once per run and key (rules ask per pointer). */
const grouped = new WeakMap<(o: Observation) => string, WeakMap<EarlierRun, Map<string, Observation[]>>>();

/** Per earlier run, its observations with the same key as `sample` (same operation and status, or same step). */
function before(runs: readonly EarlierRun[], key: (o: Observation) => string, sample: Observation) {
  const byRun = grouped.get(key) ?? new WeakMap<EarlierRun, Map<string, Observation[]>>();
  grouped.set(key, byRun);
  const wanted = key(sample);
  return runs.map((run) => {
    const groups = byRun.get(run) ?? groupBy(run.observations, key);
    byRun.set(run, groups);
    return groups.get(wanted) ?? [];
  });
}

function driftAt(o: CurrentObservation, drift: Drift): ObservedDrift {
  return { operation: o.operation, scenario: o.scenario, step: o.step, curl: o.curl, ...drift };
}

/** The first step of each scenario that shows a drift at a pointer. */
function firstPerScenario(drifts: ObservedDrift[]): ObservedDrift[] {
  const seen = new Set<string>();
  return drifts.filter((d) => {
    const key = `${d.scenario}\u0000${d.operation}\u0000${d.pointer}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

const sorted = <T>(values: Iterable<T>) =>
  [...values].sort((a, b) => String(a).localeCompare(String(b), "en", { numeric: true }));

/**
 * A pointer present in every response of the operation and status in the earlier
 * runs is absent now. Under list items, a response is judged over the items it
 * has; an empty list, or a null or missing parent, is no evidence either way.
 */
export const observedFieldVanished: ObservedCheck = (current, context) => {
  const drifts: ObservedDrift[] = [];
  for (const now of groupBy(current, responseKey).values()) {
    const sample = now[0] as CurrentObservation;
    const everyRun = before(context.earlier, responseKey, sample);
    const candidates = new Set(everyRun.flat().flatMap((o) => Object.keys(o.shape)));
    for (const pointer of candidates) {
      if (pointer === "" || isItems(pointer)) continue;
      const evidence = before(
        cleanRuns(context, { operation: sample.operation, pointer }),
        responseKey,
        sample,
      )
        .map((observations) =>
          observations.map((o) => presence(o.shape, pointer)).filter((p) => p !== "none"),
        )
        .filter((presences) => presences.length > 0);
      if (!enoughEvidence(context, evidence)) continue;
      if (!evidence.every((presences) => presences.every((p) => p === "all"))) continue;
      // A field the spec does not document that stops appearing: the target converged to the spec.
      const converged =
        context.spec !== undefined &&
        schemaAt(context.spec, sample.operation, sample.status, pointer) === undefined;
      for (const o of now) {
        if (presence(o.shape, pointer) === "absent")
          drifts.push({ ...driftAt(o, { pointer, expected: "present", observed: "absent" }), converged });
      }
    }
  }
  return firstPerScenario(drifts);
};

/**
 * A pointer has a JSON type it never had in the earlier runs' responses of the
 * operation and status. A pointer that was only ever null had no type to change.
 */
export const observedTypeChanged: ObservedCheck = (current, context) => {
  const drifts: ObservedDrift[] = [];
  const known = new Map<string, { types: Set<JsonType>; enough: boolean }>();
  const knownAt = (o: Observation, pointer: string) => {
    const key = `${responseKey(o)}\u0000${pointer}`;
    let entry = known.get(key);
    if (!entry) {
      const runs = before(cleanRuns(context, { operation: o.operation, pointer }), responseKey, o)
        .map((observations) => observations.flatMap((seen) => seen.shape[pointer]?.types ?? []))
        .filter((types) => types.length > 0);
      entry = { types: new Set(runs.flat()), enough: enoughEvidence(context, runs) };
      known.set(key, entry);
    }
    return entry;
  };
  for (const o of current) {
    for (const [pointer, { types }] of Object.entries(o.shape)) {
      const { types: seen, enough } = knownAt(o, pointer);
      if (!enough || [...seen].every((type) => type === "null")) continue;
      if (!types.some((type) => !seen.has(type))) continue;
      // Now the documented type where it was not before: the target converged to the spec.
      const schema = context.spec && schemaAt(context.spec, o.operation, o.status, pointer);
      const converged =
        schema !== undefined &&
        types.every((type) => allowsType(schema, type)) &&
        [...seen].some((type) => !allowsType(schema, type));
      drifts.push({ ...driftAt(o, { pointer, expected: sorted(seen), observed: types }), converged });
    }
  }
  return firstPerScenario(drifts);
};

/** A step answers a status it never answered in the earlier runs. */
export const observedStatusChanged: ObservedCheck = (current, context) =>
  current.flatMap((o) => {
    const where = {
      operation: o.operation,
      pointer: "/status",
      step: { scenario: o.scenario, step: o.step },
    };
    const runs = before(cleanRuns(context, where), stepOf, o).filter(
      (observations) => observations.length > 0,
    );
    const statuses = new Set(runs.flat().map((seen) => seen.status));
    if (runs.length < MIN_EARLIER_RUNS || statuses.has(o.status)) return [];
    // A documented status where only undocumented ones were answered: converged to the spec.
    const documented = (status: number) => context.spec?.response(o.operation, status) !== undefined;
    const converged =
      context.spec !== undefined && documented(o.status) && [...statuses].every((s) => !documented(s));
    return [
      { ...driftAt(o, { pointer: "/status", expected: sorted(statuses), observed: o.status }), converged },
    ];
  });

/** The same step, answering the same status, carries a set of `errors[].code`s never seen there before. */
export const observedErrorCodeChanged: ObservedCheck = (current, context) =>
  current.flatMap((o) => {
    const pointer = "/errors/*/code";
    const where = { operation: o.operation, pointer, step: { scenario: o.scenario, step: o.step } };
    const runs = before(cleanRuns(context, where), stepOf, o)
      .map((observations) => observations.filter((seen) => seen.status === o.status))
      .filter((observations) => observations.length > 0);
    const sets = new Map(runs.flat().map((seen) => [JSON.stringify(seen.errorCodes), seen.errorCodes]));
    return runs.length >= MIN_EARLIER_RUNS && !sets.has(JSON.stringify(o.errorCodes))
      ? [driftAt(o, { pointer, expected: [...sets.values()], observed: o.errorCodes })]
      : [];
  });

/**
 * A short string field shows a value never seen there, where the known values
 * look like an enum: fewer than 20, none an identifier (the shape keeps no values
 * then), kept in every earlier response, seen in at least MIN_EARLIER_RUNS runs,
 * and no longer growing — the last STABLE_RUNS runs brought no value the runs
 * before them had not. Names carrying run ids, timestamps, ids and emails fail
 * these tests every run, so they are never judged.
 */
export const observedEnumValueNew: ObservedCheck = (current, context) => {
  const drifts: ObservedDrift[] = [];
  const known = new Map<string, Set<string> | undefined>();
  const enumAt = (o: Observation, pointer: string): Set<string> | undefined => {
    const key = `${responseKey(o)}\u0000${pointer}`;
    if (known.has(key)) return known.get(key);
    const runs = before(cleanRuns(context, { operation: o.operation, pointer }), responseKey, o)
      .map((observations) =>
        observations.map((seen) => seen.shape[pointer]).filter((s) => s?.types.includes("string")),
      )
      .filter((shapes) => shapes.length > 0);
    let values: Set<string> | undefined;
    if (enoughEvidence(context, runs) && runs.every((shapes) => shapes.every((s) => s?.values))) {
      const perRun = runs.map((shapes) => new Set(shapes.flatMap((s) => s?.values ?? [])));
      const grew = (i: number) => {
        const earlier = new Set(perRun.slice(0, i).flatMap((set) => [...set]));
        return [...(perRun[i] as Set<string>)].some((value) => !earlier.has(value));
      };
      const stable = perRun.slice(-STABLE_RUNS).every((_, k) => !grew(perRun.length - STABLE_RUNS + k));
      const all = new Set(perRun.flatMap((set) => [...set]));
      if (stable && all.size < MAX_VALUES) values = all;
    }
    known.set(key, values);
    return values;
  };
  for (const o of current) {
    for (const [pointer, { values }] of Object.entries(o.shape)) {
      const enumValues = values && enumAt(o, pointer);
      const fresh = enumValues ? (values ?? []).filter((value) => !enumValues.has(value)) : [];
      if (enumValues && fresh.length > 0)
        drifts.push(driftAt(o, { pointer, expected: sorted(enumValues), observed: fresh }));
    }
  }
  return firstPerScenario(drifts);
};

/** The median: the middle sample, or the mean of the two middle ones. */
export function median(values: readonly number[]): number {
  const ordered = [...values].sort((a, b) => a - b);
  const half = Math.floor(ordered.length / 2);
  return ordered.length % 2
    ? (ordered[half] as number)
    : ((ordered[half - 1] as number) + (ordered[half] as number)) / 2;
}

/**
 * An operation's median latency this run, per status, is more than 1.5 × the median of its
 * medians over the last 7 earlier runs and more than 100 ms above it, with at least 5 samples
 * this run (and in each earlier run counted). Medians, not a p95: with the 5 to 20 samples an
 * operation has in a run, a p95 is its second-slowest sample, and one scheduling hiccup of a
 * loaded machine reads as a regression; a median moves only when most requests got slower.
 * Per status, so refusals (fast) and answers (slower) are compared like with like.
 */
export const latencyRegression: ObservedCheck = (current, context) => {
  const worst = new Map<string, ObservedDrift>();
  for (const now of groupBy(current, responseKey).values()) {
    const sample = now[0] as CurrentObservation;
    if (now.length < LATENCY.minSamples) continue;
    const typical = median(now.map((o) => o.durationMs));
    const earlier = cleanRuns(context, { operation: sample.operation, pointer: "/duration" })
      .map((run) =>
        run.observations.filter((o) => responseKey(o) === responseKey(sample)).map((o) => o.durationMs),
      )
      .filter((durations) => durations.length >= LATENCY.minSamples)
      .slice(-LATENCY.runs)
      .map(median);
    if (earlier.length < MIN_EARLIER_RUNS) continue;
    const reference = median(earlier);
    if (typical <= LATENCY.factor * reference || typical <= reference + LATENCY.marginMs) continue;
    const slowest = now.reduce((a, b) => (b.durationMs > a.durationMs ? b : a));
    const drift: ObservedDrift = {
      ...driftAt(slowest, {
        pointer: "/duration",
        expected: { medianMs: Math.round(reference), runs: earlier.length, status: sample.status },
        observed: { medianMs: Math.round(typical), samples: now.length },
      }),
      ...WHOLE_RUN,
    };
    // One finding per operation: its identity is the operation's, whatever status showed it.
    const known = worst.get(sample.operation);
    if (
      !known ||
      (drift.observed as { medianMs: number }).medianMs > (known.observed as { medianMs: number }).medianMs
    )
      worst.set(sample.operation, drift);
  }
  return [...worst.values()];
};

/** A row of the rules table with scope `observed`. */
export type ObservedRule = Rule & {
  scope: "observed";
  /** What the drift means for consumers and what to do about it (SARIF's help text). */
  help: string;
  check: ObservedCheck;
  /** What one finding is about: one scenario step (its fingerprint names the step), or an operation's responses. */
  per: "step" | "response";
  /** The observations it judges: a run's scenarios, a proxy's real traffic, or both. */
  sources: readonly ObservationSource[];
  /** The least evidence it needs, in a user's words (the README's table says the same). */
  evidence: string;
};

export const OBSERVED_RULES = [
  {
    id: "observed-field-vanished",
    severity: "breaking",
    title:
      "A field present in every response of this operation and status in the target's earlier runs is absent.",
    help: "The spec makes the field optional, but consumers written against the target's real answers expect it. Restore it on the server; if its removal is intended, accept the finding (`npm run contract -- accept <fingerprint>`).",
    scope: "observed",
    check: observedFieldVanished,
    per: "response",
    sources: ["scenarios", "traffic"],
    evidence: "3 earlier runs; on traffic also 20 earlier responses of the operation and status",
  },
  {
    id: "observed-type-changed",
    severity: "breaking",
    title: "A field has a JSON type it never had in the target's earlier runs.",
    help: "Consumers written against the target's real answers read the old type. Fix the server; if the change is intended, document it in the spec and accept the finding.",
    scope: "observed",
    check: observedTypeChanged,
    per: "response",
    sources: ["scenarios", "traffic"],
    evidence: "3 earlier runs; on traffic also 20 earlier responses of the operation and status",
  },
  {
    id: "observed-status-changed",
    severity: "breaking",
    title: "The step answered a status it never answered in the target's earlier runs.",
    help: "The step got another status in every earlier run, so consumers that handle that one are surprised. Look for the server change; accept the finding when it is intended.",
    scope: "observed",
    check: observedStatusChanged,
    per: "step",
    sources: ["scenarios"],
    evidence: "3 earlier runs of the same scenario step",
  },
  {
    id: "observed-error-code-changed",
    severity: "additive",
    title: "The step answered its usual status with a set of errors[].code never seen there before.",
    help: "Consumers that branch on errors[].code see codes they never handled here. Document the new codes; accept the finding when the change is intended.",
    scope: "observed",
    check: observedErrorCodeChanged,
    per: "step",
    sources: ["scenarios"],
    evidence: "3 earlier runs of the same scenario step with that status",
  },
  {
    id: "observed-enum-value-new",
    severity: "info",
    title: "An enum-like string field has a value never seen in the target's earlier runs.",
    help: "Consumers that switch over the values seen so far may fall through on this one. Add it to the spec's enum if it is real.",
    scope: "observed",
    check: observedEnumValueNew,
    per: "response",
    sources: ["scenarios", "traffic"],
    evidence: "3 earlier runs whose values stopped growing; on traffic also 20 earlier responses",
  },
  {
    id: "latency-regression",
    severity: "additive",
    title:
      "The operation's median latency (per status) is over 1.5 × its median in the last 7 runs, and 100 ms above it.",
    help: "The operation answers markedly slower than in its recent runs. Look for a server change or load; the finding resolves when the median recovers.",
    scope: "observed",
    check: latencyRegression,
    per: "response",
    sources: ["scenarios", "traffic"],
    evidence: "3 earlier runs with 5 samples of the operation and status each (of the last 7)",
  },
] as const satisfies readonly ObservedRule[];

/** The rules whose findings are about one scenario step: their fingerprint names the step. */
export const STEP_RULES: ReadonlySet<string> = new Set(
  OBSERVED_RULES.filter((rule) => rule.per === "step").map((rule) => rule.id),
);
