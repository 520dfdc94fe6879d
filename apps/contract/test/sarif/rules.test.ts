/**
 * The rules table as SARIF's rules and the headlines read it: every rule has
 * a help text of its own, and the rule families name rules of the table, each
 * rule in at most one family.
 */
import { describe, expect, it } from "vitest";
import { RULE_FAMILIES, RULES, ruleFamily } from "../../src/rules.ts";

describe("every rule of the table has a help text", () => {
  for (const rule of RULES) {
    it(`${rule.id}: a sentence or two of its own, not the title again`, () => {
      expect(rule.help.length).toBeGreaterThan(40);
      expect(rule.help.length).toBeLessThan(320);
      expect(rule.help).toMatch(/^[A-Z].*[.)]$/s);
      expect(rule.help).not.toBe(rule.title);
    });
  }
  it("no two rules share one", () => {
    expect(new Set(RULES.map((rule) => rule.help)).size).toBe(RULES.length);
  });
});

describe("rule families", () => {
  const members = Object.values(RULE_FAMILIES).flat();

  it("name rules of the table, each rule in one family at most", () => {
    const ids = new Set<string>(RULES.map((rule) => rule.id));
    expect(members.filter((rule) => !ids.has(rule))).toEqual([]);
    expect(new Set(members).size).toBe(members.length);
  });

  it("give a member its family, any other rule itself", () => {
    for (const [family, rules] of Object.entries(RULE_FAMILIES))
      for (const rule of rules) expect(ruleFamily(rule)).toBe(family);
    const alone = RULES.filter((rule) => !(members as string[]).includes(rule.id));
    expect(alone.length).toBeGreaterThan(0);
    for (const rule of alone) expect(ruleFamily(rule.id)).toBe(rule.id);
  });

  it("one kind of drift, seen against the spec, the other target and the history, is one family", () => {
    expect(["schema-type", "compare-type", "observed-type-changed"].map(ruleFamily)).toEqual([
      "type",
      "type",
      "type",
    ]);
  });
});
