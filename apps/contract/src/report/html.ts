/**
 * report.html: one self-contained page (inline CSS, no script, no external
 * asset) a person opens from a CI artifact. Every value from the run is
 * escaped: bodies and URLs come from servers and must not become markup.
 */
import type { ContractFinding, RunReport } from "../model.ts";
import { escapeMarkup as h } from "./escape.ts";
import {
  brokenSteps,
  buildMatrix,
  byOperation,
  cellLabel,
  isFailing,
  severityCounts,
  verdictOfRun,
} from "./outcome.ts";

const STYLE = `
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f;max-width:80rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d0d5;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f4f4f6}code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#f4f4f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all}
.passed{background:#e6f4ea}.drift,.failed{background:#fde7e9}.errored{background:#fbe3c8}.not-applicable,.none{background:#f4f4f6;color:#666}
.breaking{color:#b00020}.additive{color:#8a5a00}.info{color:#555}.accepted{opacity:.6}
.finding{border-left:4px solid #d0d0d5;padding:.2rem .8rem;margin:.8rem 0}.finding.fails{border-color:#b00020}`;

function findingBlock(finding: ContractFinding, failOn: RunReport["failOn"]): string {
  const classes = [
    "finding",
    isFailing(finding, failOn) ? "fails" : "",
    finding.accepted ? "accepted" : "",
  ].join(" ");
  const accepted = finding.accepted
    ? `<p>Accepted until ${h(finding.accepted.expires)}: ${h(finding.accepted.reason)}</p>`
    : "";
  return `<div class="${classes.trim()}">
<p><strong class="${h(finding.severity)}">${h(finding.severity)}</strong> <code>${h(finding.rule)}</code> at <code>${h(finding.pointer || "/")}</code> · ${h(finding.target)} · ${h(finding.scenario)} › ${h(finding.step)}${finding.occurrences.length > 1 ? ` (and ${finding.occurrences.length - 1} more steps)` : ""}</p>
<p>${h(finding.message)}</p>${accepted}
<pre>${h(finding.curl)}</pre>
</div>`;
}

function matrixTable(report: RunReport): string {
  const matrix = buildMatrix(report);
  const head = `<tr><th>scenario</th>${matrix.targets.map((t) => `<th>${h(t)}</th>`).join("")}</tr>`;
  const rows = matrix.scenarios.map((scenario) => {
    const cells = matrix.targets.map((target) => {
      const cell = matrix.cell(target, scenario);
      return `<td class="${cell.verdict}">${h(cellLabel(cell))}</td>`;
    });
    return `<tr><th>${h(scenario)}</th>${cells.join("")}</tr>`;
  });
  return `<table>${head}${rows.join("")}</table>`;
}

function list(title: string, items: string[]): string {
  return items.length === 0
    ? ""
    : `<h2>${h(title)}</h2><ul>${items.map((item) => `<li>${item}</li>`).join("")}</ul>`;
}

export function renderHtml(report: RunReport): string {
  const groups = [...byOperation(report.findings)].map(
    ([operation, findings]) =>
      `<h3><code>${h(operation)}</code> (${findings.length})</h3>${findings.map((f) => findingBlock(f, report.failOn)).join("")}`,
  );
  const counts = severityCounts(report)
    .map(
      ({ severity, total, accepted }) =>
        `<span class="${severity}">${total} ${severity}</span>${accepted ? ` (${accepted} accepted)` : ""}`,
    )
    .join(" · ");
  const targets = report.targets.map(
    (t) =>
      `<code>${h(t.name)}</code> ${h(t.baseUrl)} (${t.capabilities.stateful ? "stateful" : "stateless"}, ${t.capabilities.writable ? "writable" : "read-only"})`,
  );
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Contract run ${h(report.runId)}</title><style>${STYLE}</style></head>
<body>
<h1>Contract run <code>${h(report.runId)}</code>: ${h(verdictOfRun(report))} (exit ${report.exitCode})</h1>
<p>Spec <code>${h(report.specHash)}</code> · ${h(report.startedAt)} → ${h(report.finishedAt)} · fail on <strong>${h(report.failOn)}</strong></p>
${list("Targets", targets)}
<h2>Target × scenario</h2>
${matrixTable(report)}
<p>Findings: ${counts}</p>
${list("Failed and errored steps", brokenSteps(report).map(h))}
${list(
  "Expired baseline entries",
  report.expiredBaseline.map(
    (e) =>
      `<code>${h(e.rule)}</code> ${h(e.operation)} <code>${h(e.pointer)}</code> expired ${h(e.expires)}: ${h(e.reason)}`,
  ),
)}
${list("Notes", report.notes.map(h))}
<h2>Findings by operation</h2>
${groups.join("\n") || "<p>None.</p>"}
${list(
  "Durations",
  Object.entries(report.durations).map(([phase, ms]) => `${h(phase)}: ${Math.round(ms)} ms`),
)}
</body></html>
`;
}
