/**
 * The observed rules' precision, on the trigger fixtures of the rules test
 * (test/fixtures/<rule>.trigger.json) changed one way at a time: what
 * must silence a rule, and what must not.
 */
import { describe, expect, it } from "vitest";
import { type EarlierRun, judgeObserved, median, OBSERVED_RULES } from "../src/index.ts";
import { fixture, type ObservedFixture } from "./helpers.ts";

const judge = ({ target, earlier, current }: ObservedFixture) =>
  judgeObserved(OBSERVED_RULES, current, [target], () => earlier).map((f) => f.rule);

/** The trigger's current observations as one more earlier run, with or without the rule's unaccepted finding. */
function seenBefore(given: ObservedFixture, rule: string, reported: boolean): ObservedFixture {
  const drifts = judgeObserved(OBSERVED_RULES, given.current, [given.target], () => given.earlier).map(
    ({ rule: id, operation, pointer, scenario, step }) => ({ rule: id, operation, pointer, scenario, step }),
  );
  expect(drifts.map((d) => d.rule)).toEqual([rule]);
  const run: EarlierRun = {
    runId: "20261126T031700Z-000004",
    startedAt: "2026-11-26T03:17:00.000Z",
    observations: given.current.map(({ curl: _, ...kept }) => kept),
    drifts: reported ? drifts : [],
  };
  return { ...given, earlier: [...given.earlier, run] };
}

describe("every observed rule", () => {
  for (const { id } of OBSERVED_RULES) {
    const trigger = () => fixture(`${id}.trigger`);

    it(`${id}: never judges a stateless target`, () => {
      const given = trigger();
      expect(
        judge({
          ...given,
          target: { ...given.target, capabilities: { ...given.target.capabilities, stateful: false } },
        }),
      ).toEqual([]);
    });

    it(`${id}: needs at least 3 earlier runs`, () => {
      const given = trigger();
      expect(judge({ ...given, earlier: given.earlier.slice(1) })).toEqual([]);
    });

    it(`${id}: still reports a drift it reported in the run before (unaccepted)`, () => {
      expect(judge(seenBefore(trigger(), id, true))).toEqual([id]);
    });

    it(`${id}: fires on an untouched trigger fixture with the finding's place and curl`, () => {
      const given = trigger();
      const [finding] = judgeObserved(OBSERVED_RULES, given.current, [given.target], () => given.earlier);
      expect(finding).toMatchObject({ rule: id, target: "sandbox", curl: expect.stringMatching(/^curl /) });
      expect(finding?.message).toContain(" · Expected: ");
    });
  }

  // The latency rule takes a median over several runs: one slow run is not enough to learn from.
  for (const { id } of OBSERVED_RULES.filter((rule) => rule.id !== "latency-regression")) {
    it(`${id}: learns a drift a baseline entry accepted (recorded as accepted, not as a drift)`, () => {
      expect(judge(seenBefore(fixture(`${id}.trigger`), id, false))).toEqual([]);
    });
  }
});

describe("observed-field-vanished", () => {
  it("does not judge a field that only some items had before", () => {
    const given = fixture("observed-field-vanished.trigger");
    const first = given.earlier[0]?.observations[0];
    if (first)
      first.shape = { ...first.shape, "/result/*/modified_at": { types: ["string"], partial: true } };
    expect(judge(given)).toEqual([]);
  });

  it("does not call a field absent that some items still have", () => {
    const given = fixture("observed-field-vanished.trigger");
    const now = given.current[0];
    if (now) now.shape = { ...now.shape, "/result/*/modified_at": { types: ["string"], partial: true } };
    expect(judge(given)).toEqual([]);
  });
});

describe("latency-regression", () => {
  it("takes the median: a few slow samples of a loaded machine do not move it, most of them do", () => {
    expect(median([9, 10, 11, 12, 480])).toBe(11);
    expect(median([10, 10, 10, 500, 500])).toBe(10);
    expect(median([10, 10, 500, 500, 500])).toBe(500);
    expect(median([10, 20, 30, 40])).toBe(25);
  });

  it("needs 5 samples this run", () => {
    const given = fixture("latency-regression.trigger");
    expect(judge({ ...given, current: given.current.slice(1) })).toEqual([]);
  });
});
