/** `list`: the scenarios with their steps, and the rules with their severity. */
import { RULES } from "../rules.ts";
import { isWrite } from "../scenarios/operations.ts";
import type { Scenario } from "../scenarios/types.ts";

export function renderList(scenarios: readonly Scenario[]): string {
  const lines = [`Scenarios (${scenarios.length}), each run on every target:`];
  for (const scenario of scenarios) {
    lines.push(`  ${scenario.name} — ${scenario.summary}`);
    for (const step of scenario.steps) {
      const stateful = step.expect.some((e) => e.stateful) ? ", stateful expectations" : "";
      lines.push(
        `    · ${step.name} (${step.operation}${isWrite(step.operation) ? ", write" : ""}${stateful})`,
      );
    }
  }
  const width = Math.max(...RULES.map((rule) => rule.id.length));
  lines.push("", `Rules (${RULES.length}):`);
  for (const rule of RULES)
    lines.push(`  ${rule.id.padEnd(width)}  ${rule.severity.padEnd(8)}  ${rule.title}`);
  return `${lines.join("\n")}\n`;
}
