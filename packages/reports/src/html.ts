/**
 * report.html: one self-contained page a person opens from a CI artifact or
 * from disk — inline CSS, one inline script, nothing fetched. Every value from
 * the run is escaped: bodies, headers and URLs come from servers and must not
 * become markup. Everything is in the markup: without JavaScript the page shows
 * all of it (`<details>` opens without script); the script only adds filters,
 * and reads what it filters from `data-*` attributes, so no data is embedded in it.
 */
import {
  type ContractFinding,
  type Headline,
  isFailing,
  PAIR,
  type ReportExchange,
  type RunReport,
  stepKey,
} from "@impersonation-registry/engine";
import {
  allowedSummary,
  countOf,
  type Digest,
  digestOf,
  type FindingRow,
  headlineLine,
  headlinePlace,
  stepsLabel,
  underHeadlines,
} from "./digest.ts";
import { escapeMarkup as h } from "./escape.ts";
import { GENERATION_STYLE, generationHtml } from "./generation-html.ts";
import { jsonHtml } from "./json-html.ts";
import { brokenSteps, buildMatrix, cellLabel, severityCounts, verdictOfRun } from "./matrix.ts";

const STYLE = `
[hidden]{display:none!important}
body{font:14px/1.45 system-ui,sans-serif;margin:2rem;color:#1d1d1f;max-width:90rem}
table{border-collapse:collapse;margin:.5rem 0 1.5rem}th,td{border:1px solid #d0d0d5;padding:.3rem .6rem;text-align:left;vertical-align:top}
th{background:#f4f4f6}code,pre{font:12px/1.4 ui-monospace,monospace}pre{background:#f4f4f6;padding:.5rem;overflow-x:auto;white-space:pre-wrap;word-break:break-all;max-height:32rem;overflow-y:auto}
.passed{background:#e6f4ea}.drift,.failed{background:#fde7e9}.errored{background:#fbe3c8}.not-applicable,.none{background:#f4f4f6;color:#666}
.breaking{color:#b00020}.additive{color:#8a5a00}.info{color:#555}
.badge{font-size:11px;border-radius:3px;padding:0 .35rem;margin-left:.3rem;background:#e0e0e6;color:#333}.badge.new{background:#1a73e8;color:#fff}
.group{margin:1rem 0}.group>summary{font-weight:600;font-size:1.1rem;cursor:pointer}
.finding{border-left:4px solid #d0d0d5;padding:.2rem .8rem;margin:.5rem 0}.finding.fails{border-color:#b00020}.finding.accepted{opacity:.7}
.headline{margin:.8rem 0 1.2rem}.headline>h3{font-size:1rem;margin:.4rem 0 .2rem}.headline>.place{margin:0 0 .3rem;color:#555}
.finding>summary{cursor:pointer}.exchanges{display:grid;grid-template-columns:repeat(auto-fit,minmax(28rem,1fr));gap:1rem}
mark{background:#ffe066;outline:2px solid #e8a400;border-radius:2px}.absent{color:#b00020}
.trend{display:flex;gap:3px;list-style:none;padding:0;margin:.5rem 0;flex-wrap:wrap}
.trend li{display:flex;flex-direction:column;align-items:center;min-width:2.6rem;border:1px solid #d0d0d5;border-radius:3px;font-size:11px}
.trend .mark{width:100%;text-align:center;color:#fff;font-weight:700}.trend .pass .mark{background:#2e7d32}.trend .fail .mark{background:#b00020}
.trend li.current{outline:2px solid #1a73e8}
#filters{display:flex;gap:1.5rem;flex-wrap:wrap;align-items:center;background:#f4f4f6;padding:.5rem .8rem;border-radius:4px}
#filters fieldset{border:0;padding:0;margin:0}#filters legend{font-weight:600;float:left;margin-right:.5rem}`;

/** Filters the findings by the form's choices; everything it needs is in the markup. */
const SCRIPT = `(() => {
  const form = document.getElementById("filters");
  if (!form) return;
  const findings = [...document.querySelectorAll(".finding")];
  const groups = [...document.querySelectorAll(".group")];
  const checked = (name) =>
    new Set([...form.querySelectorAll('input[name="' + name + '"]:checked')].map((input) => input.value));
  const apply = () => {
    const severities = checked("severity");
    const targets = checked("target");
    const rule = form.elements.namedItem("rule").value;
    const onlyNew = form.elements.namedItem("new").checked;
    let shown = 0;
    for (const finding of findings) {
      const data = finding.dataset;
      finding.hidden = !(
        severities.has(data.severity) &&
        targets.has(data.target) &&
        (rule === "" || data.rule === rule) &&
        (!onlyNew || data.new === "true")
      );
      if (!finding.hidden) shown++;
    }
    for (const headline of document.querySelectorAll(".headline")) {
      headline.hidden = !headline.querySelector(".finding:not([hidden])");
    }
    for (const group of groups) {
      const members = [...group.querySelectorAll(".finding")];
      const visible = members.filter((finding) => !finding.hidden).length;
      group.hidden = visible === 0;
      group.querySelector(".shown").textContent = visible === members.length ? "" : " (" + visible + " shown)";
    }
    document.getElementById("shown").textContent = "shown: " + shown + " of " + findings.length;
    document.getElementById("no-match").hidden = shown > 0;
  };
  form.addEventListener("change", apply);
  form.hidden = false;
  apply();
})();`;

/** Where a finding's response is judged: its status line, a header, or its body. */
function responsePlace(pointer: string): "status" | "header" | "body" {
  if (pointer === "/status") return "status";
  return pointer.startsWith("/headers/") ? "header" : "body";
}

function headerLines(headers: Record<string, string>, marked?: string): string {
  return Object.entries(headers)
    .map(([name, value]) => {
      const line = `${h(name)}: ${h(value)}`;
      return name === marked ? `<mark data-pointer="/headers/${h(name)}">${line}</mark>` : line;
    })
    .join("\n");
}

/** A body as sent or received: pretty JSON (with the nodes at `pointer` marked), text, or nothing. */
function bodyHtml(
  body: unknown,
  text: string | undefined,
  pointer?: string,
): { html: string; marked: number } {
  if (body !== undefined) {
    const rendered = jsonHtml(body, pointer);
    return { html: `<pre class="json">${rendered.html}</pre>`, marked: rendered.marked.length };
  }
  if (text === undefined || text === "") return { html: "<p><em>No body.</em></p>", marked: 0 };
  // A body that is not JSON is judged as a whole (pointer ""): the text itself is the node.
  const whole = pointer === "";
  const escaped = whole ? `<mark data-pointer="">${h(text)}</mark>` : h(text);
  return { html: `<pre class="text">${escaped}</pre>`, marked: whole ? 1 : 0 };
}

/** One exchange: the request, then the response with the node at the finding's pointer marked. */
function exchangeHtml(exchange: ReportExchange, pointer: string): string {
  const { request, response } = exchange;
  const place = responsePlace(pointer);
  const header = place === "header" ? pointer.slice("/headers/".length) : undefined;
  const status =
    place === "status" ? `<mark data-pointer="/status">${response.status}</mark>` : String(response.status);
  // A request without a body (a GET) shows none; a response without one says so.
  const sent =
    request.body === undefined && !request.bodyText ? "" : bodyHtml(request.body, request.bodyText).html;
  const received = bodyHtml(response.body, response.text, place === "body" ? pointer : undefined);
  const found =
    place === "status" ||
    (place === "header" && header !== undefined && Object.hasOwn(response.headers, header)) ||
    received.marked > 0;
  const where = `<code>${h(pointer || "(body)")}</code>`;
  const missing =
    response.truncated && place === "body"
      ? `The body was cut: what is at ${where} cannot be shown.`
      : `Nothing at ${where} in this response.`;
  const attempt = exchange.attempt > 1 ? `, attempt ${exchange.attempt}` : "";
  return `<div class="exchange" data-exchange="${h(exchange.id)}">
<p><strong>${h(exchange.target)}</strong> · ${h(exchange.scenario)} › ${h(exchange.step)} <span class="badge">${h(exchange.id)}${attempt}</span></p>
<p>Request: <code>${h(request.method)} ${h(request.url)}</code></p>
<pre class="headers">${headerLines(request.headers)}</pre>
${sent}
<p>Response: <code>${status}</code> in ${response.durationMs} ms${response.truncated ? " (body cut: its first 64 KB)" : ""}</p>
<pre class="headers">${headerLines(response.headers, header)}</pre>
${received.html}
${found ? "" : `<p class="absent">${missing}</p>`}
</div>`;
}

/**
 * The exchanges that show a finding: its own (the final attempt of its step when the finding does
 * not name one, as for the observed-contract rules) and, for a comparison, the other side's.
 */
function exchangeFinder(report: RunReport): (finding: ContractFinding) => ReportExchange[] {
  const byId = new Map(report.exchanges.map((exchange) => [exchange.id, exchange]));
  const finals = new Map<string, ReportExchange>();
  for (const exchange of report.exchanges)
    finals.set(stepKey(exchange.target, exchange.scenario, exchange.step), exchange);
  return (finding) => {
    const [first = finding.target, ...others] = finding.target.split(PAIR);
    const own =
      (finding.exchange !== undefined ? byId.get(finding.exchange) : undefined) ??
      finals.get(stepKey(first, finding.scenario, finding.step));
    const rest = others.map((side) => finals.get(stepKey(side, finding.scenario, finding.step)));
    return [own, ...rest].filter((exchange): exchange is ReportExchange => exchange !== undefined);
  };
}

function historyLine(finding: FindingRow): string {
  if (finding.seenInRuns === 1) return "First seen in this run.";
  const since = `${h(finding.firstSeen.at)} (run <code>${h(finding.firstSeen.runId)}</code>)`;
  return `${finding.new ? "New since the last run; seen" : "Seen"} in ${finding.seenInRuns} runs since ${since}.`;
}

function findingBlock(
  finding: FindingRow,
  id: string,
  report: RunReport,
  exchangesOf: (finding: ContractFinding) => ReportExchange[],
): string {
  const failing = isFailing(finding, report.failOn);
  const classes = ["finding", failing ? "fails" : "", finding.accepted ? "accepted" : ""].filter(Boolean);
  const accepted = finding.accepted
    ? `<p>Accepted until ${h(finding.accepted.expires)}: ${h(finding.accepted.reason)}</p>`
    : "";
  const exchanges = exchangesOf(finding);
  const shown =
    exchanges.length > 0
      ? `<div class="exchanges">${exchanges.map((exchange) => exchangeHtml(exchange, finding.pointer)).join("\n")}</div>`
      : "<p><em>No single exchange shows it: it is about the run as a whole.</em></p>";
  const steps = finding.occurrences.length;
  return `<details class="${classes.join(" ")}" id="${id}" data-severity="${h(finding.severity)}" data-target="${h(finding.target)}" data-rule="${h(finding.rule)}" data-operation="${h(finding.operation)}" data-new="${finding.new}" data-pointer="${h(finding.pointer)}">
<summary><strong class="${h(finding.severity)}">${h(finding.severity)}</strong> <code>${h(finding.rule)}</code> · ${h(finding.target)} · <code>${h(finding.operation)}</code> <code>${h(finding.pointer || "(body)")}</code> · ${steps} ${steps === 1 ? "step" : "steps"}${finding.new ? ' <span class="badge new">new</span>' : ""}${finding.accepted ? ' <span class="badge">accepted</span>' : ""}</summary>
<p>${h(finding.message)}</p>
<p>Steps: ${h(stepsLabel(finding))}</p>
<p>${historyLine(finding)}</p>${accepted}
${shown}
<p>Reproduce:</p>
<pre class="curl">${h(finding.curl)}</pre>
</details>`;
}

function trendStrip(report: RunReport): string {
  if (report.trend.length === 0)
    return "<p>No trend: this run has no history (--no-history, or it could not be read).</p>";
  const items = report.trend.map((run, index) => {
    const { breaking, additive, info } = run.counts;
    const title = `${run.runId} · ${run.startedAt} · exit ${run.exitCode} · ${breaking} breaking, ${additive} additive, ${info} info · ${run.new} new, ${run.resolved} resolved`;
    const classes = [
      run.exitCode === 0 ? "pass" : "fail",
      index === report.trend.length - 1 ? "current" : "",
    ];
    return `<li class="${classes.join(" ").trim()}" title="${h(title)}" data-run-id="${h(run.runId)}" data-exit-code="${run.exitCode}"><span class="mark">${run.exitCode === 0 ? "✓" : "✗"}</span><span>${breaking}/${additive}/${info}</span><span>+${run.new} −${run.resolved}</span></li>`;
  });
  return `<p>The last ${report.trend.length} runs of these targets, oldest first, this run outlined: ✓ exit 0, ✗ any other exit; breaking/additive/info findings; +new −resolved. Hover for the run id and time.</p>
<ol class="trend">${items.join("")}</ol>`;
}

/** A headline as a heading: the drift in a user's words, its counts, and where the spec says otherwise. */
function headlineHeading(headline: Headline, tag: "h3" | "p"): string {
  return `<${tag}><strong class="${h(headline.severity)}">${h(headline.severity)}</strong> ${h(headlineLine(headline))}</${tag}>
<p class="place">In the spec: <code>${h(headlinePlace(headline))}</code> · rule family <code>${h(headline.family)}</code> · ${headline.operations.map((operation) => `<code>${h(operation)}</code>`).join(", ")}</p>`;
}

/** Rows under their headlines, each headline's rows as `render` makes them (rows no headline names: headline undefined). */
function underHeadlinesHtml(
  rows: readonly FindingRow[],
  headlines: readonly Headline[],
  render: (headline: Headline | undefined, members: readonly FindingRow[]) => string,
): string {
  return underHeadlines(rows, headlines)
    .map(({ headline, rows: members }) => render(headline, members))
    .join("\n");
}

function sinceBlock({ since }: Digest, ids: Map<FindingRow, string>, headlines: readonly Headline[]): string {
  if (!since.compared) return `<p>Nothing to compare with: ${h(since.why)}.</p>`;
  const item = (row: FindingRow) =>
    `<li><a href="#${ids.get(row)}"><strong class="${h(row.severity)}">${h(row.severity)}</strong> <code>${h(row.rule)}</code> · ${h(row.target)} · <code>${h(row.operation)}</code> <code>${h(row.pointer || "(body)")}</code></a> · ${h(stepsLabel(row))}</li>`;
  const added = underHeadlinesHtml(
    since.added,
    headlines,
    (headline, members) =>
      `${headline ? headlineHeading(headline, "p") : ""}<ul>${members.map(item).join("")}</ul>`,
  );
  const resolved = since.resolved.map(
    (row) =>
      `<li><code>${h(row.rule)}</code> · ${h(row.target)} · <code>${h(row.operation)}</code> <code>${h(row.pointer || "(body)")}</code> · ${h(stepsLabel(row))}</li>`,
  );
  return `<h3>New (${countOf(since.added)})</h3>${since.added.length > 0 ? `<div id="new-findings">${added}</div>` : "<p>None.</p>"}
<h3>Resolved (${resolved.length})</h3>${resolved.length > 0 ? `<ul id="resolved-findings">${resolved.join("")}</ul>` : "<p>None.</p>"}`;
}

function checkboxes(name: string, values: { value: string; count: number }[]): string {
  return values
    .map(
      ({ value, count }) =>
        `<label><input type="checkbox" name="${name}" value="${h(value)}" checked> ${h(value)} (${count})</label>`,
    )
    .join(" ");
}

/** Hidden until the script shows it: without JavaScript there are no filters, and nothing is filtered. */
function filtersForm(findings: readonly FindingRow[]): string {
  const tally = (values: string[]) =>
    [...new Set(values)].map((value) => ({ value, count: values.filter((v) => v === value).length }));
  const severities = severityCounts({ findings }).map(({ severity, total }) => ({
    value: severity,
    count: total,
  }));
  const rules = tally(findings.map((f) => f.rule));
  return `<form id="filters" hidden>
<fieldset><legend>Severity</legend>${checkboxes("severity", severities)}</fieldset>
<fieldset><legend>Target</legend>${checkboxes("target", tally(findings.map((f) => f.target)))}</fieldset>
<label>Rule <select name="rule"><option value="">every rule</option>${rules.map(({ value, count }) => `<option value="${h(value)}">${h(value)} (${count})</option>`).join("")}</select></label>
<label><input type="checkbox" name="new"> only new since the last run</label>
<output id="shown"></output>
</form>`;
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
  const digest = digestOf(report);
  const { failing, allowed } = digest;
  const rows = [...failing, ...allowed];
  const ids = new Map(rows.map((row, index) => [row, `f${index + 1}`]));
  const exchangesOf = exchangeFinder(report);
  const group = (title: string, members: readonly FindingRow[], open: boolean, name: string) =>
    members.length === 0
      ? ""
      : `<details class="group" data-group="${name}"${open ? " open" : ""}><summary>${h(title)}<span class="shown"></span></summary>
${underHeadlinesHtml(members, report.headlines, (headline, rows) => {
  const blocks = rows.map((row) => findingBlock(row, ids.get(row) as string, report, exchangesOf)).join("\n");
  return headline
    ? `<section class="headline" data-headline="${h(headline.fingerprint)}">\n${headlineHeading(headline, "h3")}\n${blocks}\n</section>`
    : blocks;
})}
</details>`;
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
<title>Contract run ${h(report.runId)}</title><style>${STYLE}${GENERATION_STYLE}</style></head>
<body>
<h1>Contract run <code>${h(report.runId)}</code>: ${h(verdictOfRun(report))} (exit ${report.exitCode})</h1>
<p>Spec <code>${h(report.specHash)}</code> · ${h(report.startedAt)} → ${h(report.finishedAt)} · fail on <strong>${h(report.failOn)}</strong> · findings: ${counts}</p>
<section id="trend"><h2>Trend</h2>
${trendStrip(report)}
</section>
<section id="since"><h2>Since the last run</h2>
${sinceBlock(digest, ids, report.headlines)}
</section>
<section id="findings"><h2>Findings (${countOf(rows)})</h2>
${rows.length > 0 ? filtersForm(rows) : "<p>None.</p>"}
${group(`Failing the run (${countOf(failing)})`, failing, true, "failing")}
${group(allowedSummary(allowed), allowed, false, "allowed")}
<p id="no-match" hidden>No finding matches the filters.</p>
</section>
${list("Targets", targets)}
<h2>Target × scenario</h2>
${matrixTable(report)}
${list("Failed and errored steps", brokenSteps(report).map(h))}
${generationHtml(report)}
${list(
  "Expired baseline entries",
  report.expiredBaseline.map(
    (e) =>
      `<code>${h(e.rule)}</code> ${h(e.operation)} <code>${h(e.pointer)}</code> expired ${h(e.expires)}: ${h(e.reason)}`,
  ),
)}
${list("Notes", report.notes.map(h))}
${list(
  "Durations",
  Object.entries(report.durations).map(([phase, ms]) => `${h(phase)}: ${Math.round(ms)} ms`),
)}
<script>${SCRIPT}</script>
</body></html>
`;
}
