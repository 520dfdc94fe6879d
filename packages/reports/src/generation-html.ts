/**
 * report.html's section on generation: the seed and how to replay it, per
 * target what generation sent, its coverage as a grid (operations as rows,
 * dimension × polarity as columns, every cell with its request count, marked
 * exercised or not by text as well as colour), the documented statuses never
 * seen, and each failure class with its shrunk sequence and curl lines. Every
 * value is escaped: messages and commands carry what a server sent.
 */
import type { GenerationReport, RunReport } from "@impersonation-registry/engine";
import { escapeMarkup as h } from "./escape.ts";
import {
  coverageMatrix,
  exercisedOfTotal,
  generationOf,
  neverSeenScope,
  neverSeenStatuses,
  replayCommand,
  replayedSeeds,
} from "./generation.ts";

/** The section's CSS, added to the page's. */
export const GENERATION_STYLE = `
.coverage ul{list-style:none;margin:0;padding:0;display:flex;flex-wrap:wrap;gap:3px}
.coverage li{border:1px solid;border-radius:3px;padding:0 .3rem;font-size:12px;white-space:nowrap}
.coverage li.exercised{background:#e6f4ea;border-color:#2e7d32}.coverage li.unexercised{background:#fde7e9;border:1px dashed #b00020}
.coverage .tally{display:block;color:#555;font-size:11px;margin-top:.2rem}
.generated-failure{border-left:4px solid #b00020;padding:.2rem .8rem;margin:.8rem 0}.generated-failure>h4{margin:.3rem 0}`;

type CoverageCell = GenerationReport["coverage"]["cells"][number];

/** One cell: its key and request count, ✓ exercised or ✗ not (the class colours it, the mark says it). */
function cellItem(cell: CoverageCell): string {
  const exercised = cell.requests > 0;
  const title = `${cell.operation} ${cell.dimension} ${cell.key} ${cell.polarity}: ${exercised ? `${cell.requests} requests` : "not exercised"}`;
  return `<li class="${exercised ? "exercised" : "unexercised"}" data-dimension="${h(cell.dimension)}" data-key="${h(cell.key)}" data-polarity="${h(cell.polarity)}" data-requests="${cell.requests}" title="${h(title)}"><code>${h(cell.key)}</code> ${exercised ? "✓" : "✗"} ${cell.requests}</li>`;
}

function coverageGrid(one: GenerationReport): string {
  const { columns, rows } = coverageMatrix(one);
  const head = `<tr><th>operation</th>${columns.map((column) => `<th>${h(column.title)}</th>`).join("")}</tr>`;
  const body = rows.map((row) => {
    const cells = columns.map((column, i) => {
      const group = row.cells[i] ?? [];
      return group.length === 0
        ? '<td class="none">—</td>'
        : `<td data-column="${h(`${column.dimension} ${column.polarity}`)}"><ul>${group.map(cellItem).join("")}</ul><span class="tally">${exercisedOfTotal(group)} exercised</span></td>`;
    });
    return `<tr data-operation="${h(row.operation)}"><th><code>${h(row.operation)}</code></th>${cells.join("")}</tr>`;
  });
  return `<table class="coverage" data-target="${h(one.target)}"><thead>${head}</thead><tbody>${body.join("")}</tbody></table>`;
}

function neverSeenLine(one: GenerationReport): string {
  const never = neverSeenStatuses(one);
  const scope = h(neverSeenScope(one));
  if (never.length === 0) return `<p class="never-seen">Every documented status was seen ${scope}.</p>`;
  return `<p class="never-seen">Documented statuses never seen ${scope} (${never.length}): ${never.map((name) => `<code>${h(name)}</code>`).join(", ")}</p>`;
}

function failureBlock(failure: GenerationReport["failures"][number]): string {
  const { rule, operation, pointer } = failure.class;
  return `<div class="generated-failure" data-rule="${h(rule)}" data-operation="${h(operation)}" data-pointer="${h(pointer)}">
<h4><code>${h(rule)}</code> · <code>${h(operation)}</code> <code>${h(pointer || "(body)")}</code> · seed ${failure.seed}</h4>
<p>${h(failure.message)}</p>
<p>Shrunk to ${failure.sequence.length} command(s):</p>
<ol class="sequence">${failure.sequence.map((command) => `<li><code>${h(command)}</code></li>`).join("")}</ol>
<p>Reproduce: <code>${h(replayCommand(failure.seed))}</code>, or send</p>
<pre class="curl">${h(failure.curl.join("\n"))}</pre>
</div>`;
}

function targetBlock(one: GenerationReport): string {
  const failures =
    one.failures.length === 0
      ? "<p>No failure class.</p>"
      : `<h4>Failure classes (${one.failures.length})</h4>\n${one.failures.map(failureBlock).join("\n")}`;
  return `<section class="generated-target" data-target="${h(one.target)}">
<h3>${h(one.target)}: coverage ${one.coverage.percent}% (${one.coverage.exercised} of ${one.coverage.total} cells exercised)</h3>
${coverageGrid(one)}
${neverSeenLine(one)}
${failures}
</section>`;
}

/** The section; empty when nothing was generated. */
export function generationHtml(report: Pick<RunReport, "seed" | "generation">): string {
  const generated = generationOf(report);
  if (!generated) return "";
  const { seed, generation } = generated;
  const rows = generation.map((one) => {
    const replays = replayedSeeds(one);
    return `<tr><th>${h(one.target)}</th><td>${one.requests} of ${one.budget}</td><td>${one.sequences}</td><td class="${one.failures.length > 0 ? "failed" : "passed"}">${one.failures.length}</td><td>${one.coverage.percent}% (${one.coverage.exercised} of ${one.coverage.total})</td><td>${replays.length > 0 ? h(replays.join(", ")) : "none"}</td></tr>`;
  });
  return `<section id="generation"><h2>Generated inputs and sequences</h2>
<p>Seed <code>${seed}</code> — replay with <code>${h(replayCommand(seed))}</code>.</p>
<table><tr><th>target</th><th>requests</th><th>sequences</th><th>failure classes</th><th>coverage</th><th>failing seeds replayed first</th></tr>${rows.join("")}</table>
${generation.map(targetBlock).join("\n")}
</section>`;
}
