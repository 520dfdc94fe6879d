/**
 * report.html in a real headless Chromium — Debian's `chromium`, driven by
 * playwright-core (no browser download) — opened from disk as a person opens
 * a CI artifact. The page is built honestly: the CLI as a child process against
 * sandboxes started here, one history across five runs of mock + sandbox —
 * three clean, then `extra-field`, then `type-change` — so it holds new,
 * persisting, resolved and info findings, a trend and the exchanges. The test
 * reads the headlines every row sits under (the type change's leading the
 * failing ones), clicks the filters and reads which rows and headlines are
 * shown and hidden, and checks that every
 * highlighted node is the node at its finding's pointer in the exchange's body
 * as report.json keeps it. Without JavaScript the page still shows everything.
 * One more run, generation only, shows the coverage grid: every cell of
 * report.json once, exercised or not marked by more than colour, within the page's width.
 * Without /usr/bin/chromium (.ci/run installs it as root) every test is
 * reported skipped with that reason, never passed.
 */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import type { RunReport } from "@impersonation-registry/engine";
import { wildcardIndexes } from "@impersonation-registry/findings";
import { neverSeenStatuses } from "@impersonation-registry/reports";
import type { DriftProfileId } from "@impersonation-registry/sandbox";
import { type Browser, chromium, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, type TestContext } from "vitest";
import {
  ADMIN_TOKEN,
  envFor,
  killChildren,
  latestReport,
  removeDir,
  runCli,
  seedWithUniqueToken,
  setDrift,
  tempDir,
  testSandbox,
} from "../cli/helpers.ts";

/** Debian's chromium; CHROMIUM_PATH names another Chromium-based browser (GitHub's runners have Chrome). */
const CHROMIUM = process.env.CHROMIUM_PATH || "/usr/bin/chromium";
const MISSING = existsSync(CHROMIUM)
  ? undefined
  : `${CHROMIUM} is not installed (Debian package chromium; .ci/run installs it when run as root)`;
/** Playwright gives each launch a fresh temporary profile (user-data-dir) and removes it on close. */
const ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--no-first-run",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
];
const CHAIN: (DriftProfileId | undefined)[] = [undefined, undefined, undefined, "extra-field", "type-change"];

let dir: string;
let token: string;
let report: RunReport;
let generated: RunReport;
let exitCodes: (number | null)[];
let browser: Browser;
let page: Page;
let url: string;
const requested: string[] = [];
const pageErrors: string[] = [];

function needsChromium(context: TestContext): void {
  if (MISSING) context.skip(MISSING);
}

beforeAll(async () => {
  if (MISSING) {
    // Each test is skipped with this note too; the default reporter shows notes only when verbose.
    console.warn(`report.html browser tests skipped: ${MISSING}`);
    return;
  }
  dir = tempDir("browser");
  const seed = seedWithUniqueToken(dir);
  token = seed.token;
  exitCodes = [];
  // One server across the chain (one series in the history), its drift switched between runs. It also
  // sends the deprecated last_modified, which the spec's examples (Prism) no longer hold: a key on one
  // side of a comparison only.
  const sandbox = await testSandbox({ seed: seed.seed, adminToken: ADMIN_TOKEN, lastModified: true });
  try {
    for (const drift of CHAIN) {
      await setDrift(sandbox, drift ?? null);
      const result = await runCli(
        [
          ...["--target", "mock", "--target", "sandbox", "--sandbox-url", sandbox.baseUrl],
          ...["--scenario", "lifecycle", "--scenario", "list-parameters", "--report-dir", dir],
        ],
        envFor(sandbox, token),
      );
      exitCodes.push(result.code);
      report = latestReport(dir, result);
    }
    const generation = await runCli(
      [
        ...["--target", "sandbox", "--sandbox-url", sandbox.baseUrl, "--scenario", "generated"],
        ...["--examples", "60", "--report-dir", join(dir, "generated")],
      ],
      envFor(sandbox, token),
    );
    generated = latestReport(join(dir, "generated"), generation);
  } finally {
    await sandbox.close();
  }
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  page = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
  // The page is static: anything it shows is there at once, so a missing element fails fast.
  page.setDefaultTimeout(5_000);
  page.on("request", (request) => requested.push(request.url()));
  page.on("pageerror", (error) => pageErrors.push(error.message));
  url = pathToFileURL(join(dir, "latest", "report.html")).href;
  await page.goto(url);
}, 180_000);

afterAll(async () => {
  await browser?.close();
  await killChildren();
  if (dir) removeDir(dir);
});

/** A row's identity, as the page groups findings: rule × severity × target × operation × pointer. */
const rowKey = (f: { rule: string; severity?: string; target: string; operation: string; pointer: string }) =>
  [f.rule, f.severity ?? "", f.target, f.operation, f.pointer].join(" ");
const distinct = <T>(values: T[]) => [...new Set(values)];

/** Every concrete pointer of a JSON value, with its node: the test's own walk, not the page's. */
function nodes(value: unknown, at = ""): [string, unknown][] {
  const children =
    value !== null && typeof value === "object"
      ? Object.entries(value).flatMap(([key, child]) =>
          nodes(child, `${at}/${key.replaceAll("~", "~0").replaceAll("/", "~1")}`),
        )
      : [];
  return [[at, value], ...children];
}

/** What the page shows of each finding row: its data, and per exchange the marks and their text. */
async function rowsOnPage() {
  return page.$$eval(".finding", (elements) =>
    elements.map((row) => ({
      id: row.id,
      rule: row.getAttribute("data-rule") ?? "",
      severity: row.getAttribute("data-severity") ?? "",
      target: row.getAttribute("data-target") ?? "",
      operation: row.getAttribute("data-operation") ?? "",
      pointer: row.getAttribute("data-pointer") ?? "",
      isNew: row.getAttribute("data-new") === "true",
      exchanges: [...row.querySelectorAll(".exchange")].map((exchange) => ({
        id: exchange.getAttribute("data-exchange") ?? "",
        marks: [...exchange.querySelectorAll("mark")].map((mark) => ({
          pointer: mark.getAttribute("data-pointer") ?? "",
          text: mark.textContent ?? "",
        })),
      })),
    })),
  );
}

/** A checkbox of the filters, e.g. severity `info`. */
const filter = (name: string, value: string) =>
  page.locator(`#filters input[name="${name}"][value="${value}"]`);

async function shownRows(): Promise<string[]> {
  return page.$$eval(".finding:not([hidden])", (elements) => elements.map((row) => row.id));
}

describe("report.html in headless Chromium", () => {
  it("the history behind it: three clean runs, extra-field (passes at breaking), type-change (fails)", (context) => {
    needsChromium(context);
    expect(exitCodes).toEqual([0, 0, 0, 0, 1]);
    expect(report.trend.map((run) => run.exitCode)).toEqual([0, 0, 0, 0, 1]);
    expect(report.findings.some((f) => f.new && f.severity === "breaking")).toBe(true);
    expect(report.findings.some((f) => !f.new && f.severity === "info")).toBe(true);
    expect(report.resolved.some((r) => r.rule === "undocumented-field")).toBe(true);
  });

  it("opens from disk with no request but the page itself, no script error, no token", async (context) => {
    needsChromium(context);
    expect(distinct(requested)).toEqual([url]);
    expect(await page.evaluate(() => performance.getEntriesByType("resource").length)).toBe(0);
    expect(pageErrors).toEqual([]);
    expect(await page.content()).not.toContain(token);
  });

  it("the trend strip: one item per run, oldest first, pass or fail, this run outlined", async (context) => {
    needsChromium(context);
    const items = await page.$$eval("#trend li", (elements) =>
      elements.map((li) => ({
        runId: li.getAttribute("data-run-id"),
        exit: Number(li.getAttribute("data-exit-code")),
        classes: li.className.split(" "),
        text: li.textContent ?? "",
      })),
    );
    expect(items.map((item) => item.runId)).toEqual(report.trend.map((run) => run.runId));
    for (const [i, item] of items.entries()) {
      const run = report.trend[i];
      expect(item.classes).toContain(run?.exitCode === 0 ? "pass" : "fail");
      const { breaking, additive, info } = run?.counts ?? {};
      expect(item.text).toContain(`${breaking}/${additive}/${info}`);
    }
    expect(items.at(-1)?.classes).toContain("current");
    expect(items.filter((item) => item.classes.includes("current"))).toHaveLength(1);
  });

  it("since the last run: the new rows and the resolved ones", async (context) => {
    needsChromium(context);
    const added = distinct(report.findings.filter((f) => f.new).map(rowKey));
    const resolved = distinct(report.resolved.map(rowKey));
    expect(await page.locator("#new-findings li").count()).toBe(added.length);
    expect(await page.locator("#resolved-findings li").count()).toBe(resolved.length);
    expect(await page.locator("#resolved-findings").textContent()).toContain("undocumented-field");
  });

  it("filters: severity, target, rule and new show and hide the rows they say", async (context) => {
    needsChromium(context);
    const rows = await rowsOnPage();
    expect(rows.map(rowKey).sort()).toEqual(distinct(report.findings.map(rowKey)).sort());
    expect(await page.locator("#filters").isVisible()).toBe(true);
    // Open the collapsed group of allowed differences, as a person would, so every row can be seen.
    await page.locator('.group[data-group="allowed"] > summary').click();
    const visible = async (want: (row: (typeof rows)[number]) => boolean) => {
      expect((await shownRows()).sort()).toEqual(
        rows
          .filter(want)
          .map((row) => row.id)
          .sort(),
      );
      for (const row of rows)
        expect(await page.locator(`#${row.id} > summary`).isVisible(), row.id).toBe(want(row));
      // A headline is shown exactly when one of its rows is.
      const sections = await page.$$eval(".headline", (elements) =>
        elements.map((section) => ({
          hidden: section.hasAttribute("hidden"),
          shown: section.querySelectorAll(".finding:not([hidden])").length,
        })),
      );
      for (const section of sections) expect(section.hidden).toBe(section.shown === 0);
    };
    await visible(() => true);
    expect(await page.locator("#shown").textContent()).toBe(`shown: ${rows.length} of ${rows.length}`);

    await filter("severity", "info").uncheck();
    await visible((row) => row.severity !== "info");
    await filter("severity", "info").check();

    await filter("target", "mock↔sandbox").uncheck();
    await visible((row) => row.target !== "mock↔sandbox");
    await filter("target", "mock↔sandbox").check();

    await page.locator('select[name="rule"]').selectOption("schema-type");
    await visible((row) => row.rule === "schema-type");
    await page.locator('select[name="rule"]').selectOption("");

    await page.locator('input[name="new"]').check();
    await visible((row) => row.isNew);
    expect(rows.filter((row) => row.isNew).length).toBeGreaterThan(0);
    expect(rows.filter((row) => !row.isNew).length).toBeGreaterThan(0);
    // New and not breaking: type-change brought only breaking rows, so no row is left, and the page says so.
    await filter("severity", "breaking").uncheck();
    expect(rows.filter((row) => row.isNew && row.severity !== "breaking")).toEqual([]);
    await visible(() => false);
    expect(await page.locator("#no-match").isVisible()).toBe(true);
    expect(await page.locator(".group:not([hidden])").count()).toBe(0);
    await filter("severity", "breaking").check();
    await page.locator('input[name="new"]').uncheck();
    await visible(() => true);
    expect(await page.locator("#no-match").isVisible()).toBe(false);
  });

  it("one drift, one headline: every row under a headline of report.json, the type change leading the failing ones", async (context) => {
    needsChromium(context);
    const sections = await page.$$eval(".headline", (elements) =>
      elements.map((section) => ({
        fingerprint: section.getAttribute("data-headline") ?? "",
        heading: section.querySelector("h3")?.textContent ?? "",
        group: section.closest(".group")?.getAttribute("data-group") ?? "",
        rows: [...section.querySelectorAll(".finding")].map((row) => row.getAttribute("data-rule") ?? ""),
      })),
    );
    expect(await page.locator(".finding").count()).toBe(sections.flatMap((section) => section.rows).length);
    const byFingerprint = new Map(report.headlines.map((headline) => [headline.fingerprint, headline]));
    for (const section of sections) {
      const headline = byFingerprint.get(section.fingerprint);
      expect(headline, section.heading).toBeDefined();
      expect(section.heading).toContain(headline?.text);
    }
    const [lead] = sections.filter((section) => section.group === "failing");
    expect(lead?.heading).toMatch(
      /^breaking is_email_regex: string where the spec says boolean — 4 operations, 2 targets, \d+ steps$/,
    );
    // The family: the spec's rule, the comparison with the mock, and the history that knew a boolean.
    expect(new Set(lead?.rows)).toEqual(new Set(["schema-type", "compare-type", "observed-type-changed"]));
  });

  it("each row shows its exchanges with exactly the nodes at its pointer highlighted", async (context) => {
    needsChromium(context);
    const exchanges = new Map(report.exchanges.map((exchange) => [exchange.id, exchange]));
    const rows = await rowsOnPage();
    let items = 0;
    for (const row of rows) {
      expect(row.exchanges.length, row.id).toBe(row.target.includes("↔") ? 2 : 1);
      for (const shown of row.exchanges) {
        const exchange = exchanges.get(shown.id);
        if (!exchange) throw new Error(`${row.id}: exchange ${shown.id} is not in report.json`);
        if (row.pointer === "/status") {
          expect(shown.marks).toEqual([{ pointer: "/status", text: String(exchange.response.status) }]);
          continue;
        }
        // The pointer resolved against the body: every node whose pointer, indexes as `*`, is the row's.
        const want = nodes(exchange.response.body).filter(([at]) => wildcardIndexes(at) === row.pointer);
        expect(
          shown.marks.map((mark) => mark.pointer),
          `${row.id} ${shown.id}`,
        ).toEqual(want.map(([at]) => at));
        for (const [i, mark] of shown.marks.entries()) expect(JSON.parse(mark.text)).toEqual(want[i]?.[1]);
        if (shown.marks.length > 1) items++;
      }
    }
    // Some pointer runs through the items of a list: each item is highlighted.
    expect(items).toBeGreaterThan(0);
    // A comparison's sides: a key absent from the mock, present on the sandbox (last_modified).
    const key = rows.find((row) => row.rule === "compare-key");
    expect(key?.exchanges.map((shown) => shown.marks.length > 0)).toEqual([false, true]);
  });

  it("a highlighted node is visibly marked; one screenshot, filtered to one rule, a failing row opened", async (context) => {
    needsChromium(context);
    const typeChange = report.findings.find(
      (f) => f.rule === "schema-type" && f.operation === "listEntries" && f.target === "sandbox",
    );
    expect(typeChange?.pointer).toBe("/result/*/is_email_regex");
    await page.locator('select[name="rule"]').selectOption("schema-type");
    const row = page.locator(`.finding[data-rule="schema-type"][data-pointer="${typeChange?.pointer}"]`);
    await row.locator(":scope > summary").click();
    const mark = row.locator("mark").first();
    expect(await mark.isVisible()).toBe(true);
    expect(await mark.getAttribute("data-pointer")).toMatch(/^\/result\/\d+\/is_email_regex$/);
    expect(await mark.textContent()).toBe('"false"');
    // A string: the test's TypeScript knows Node, not the DOM.
    const background = await mark.evaluate("(element) => getComputedStyle(element).backgroundColor");
    expect(background).not.toBe("rgba(0, 0, 0, 0)");
    const screenshot = join(dir, "report.png");
    await page.screenshot({ path: screenshot, fullPage: true });
    expect(readFileSync(screenshot).subarray(0, 8)).toEqual(
      Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    );
  });

  it("without JavaScript: no filters, every row and every highlight still there", async (context) => {
    needsChromium(context);
    const plain = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
    try {
      await plain.goto(url);
      expect(await plain.locator("#filters").isVisible()).toBe(false);
      expect(await plain.locator(".finding").count()).toBe(distinct(report.findings.map(rowKey)).length);
      expect(await plain.locator(".finding[hidden]").count()).toBe(0);
      expect(await plain.locator(".finding mark").count()).toBe(await page.locator(".finding mark").count());
      const failing = plain.locator('.group[data-group="failing"] .finding').first();
      await failing.locator(":scope > summary").click();
      expect(await failing.locator("mark").first().isVisible()).toBe(true);
      expect(await failing.locator("pre.curl").textContent()).toMatch(/^curl /);
    } finally {
      await plain.close();
    }
  });

  it("generation: a coverage grid of every cell, exercised or not in text and border too, within the page's width", async (context) => {
    needsChromium(context);
    const [one] = generated.generation ?? [];
    if (!one) throw new Error("the generation run generated nothing");
    const grid = await (await browser.newContext({ viewport: { width: 1400, height: 1000 } })).newPage();
    const errors: string[] = [];
    grid.on("pageerror", (error) => errors.push(error.message));
    try {
      await grid.goto(pathToFileURL(join(dir, "generated", "latest", "report.html")).href);
      expect(await grid.locator("#generation table.coverage").isVisible()).toBe(true);
      const cells = await grid.$$eval("#generation table.coverage li", (items) =>
        items.map((li) => ({
          operation: li.closest("tr")?.getAttribute("data-operation"),
          dimension: li.getAttribute("data-dimension"),
          key: li.getAttribute("data-key"),
          polarity: li.getAttribute("data-polarity"),
          requests: Number(li.getAttribute("data-requests")),
          exercised: li.classList.contains("exercised"),
          text: li.textContent ?? "",
          border: li.ownerDocument.defaultView?.getComputedStyle(li).borderTopStyle,
        })),
      );
      expect(
        cells.map(({ operation, dimension, key, polarity, requests }) => ({
          operation,
          dimension,
          key,
          polarity,
          requests,
        })),
      ).toEqual(expect.arrayContaining(one.coverage.cells));
      expect(cells).toHaveLength(one.coverage.total);
      expect(cells.filter((cell) => cell.exercised)).toHaveLength(one.coverage.exercised);
      for (const cell of cells) {
        expect(cell.text).toBe(`${cell.key} ${cell.requests > 0 ? "✓" : "✗"} ${cell.requests}`);
        expect(cell.border).toBe(cell.exercised ? "solid" : "dashed");
      }
      expect(await grid.locator("#generation .never-seen code").allTextContents()).toEqual(
        neverSeenStatuses(one),
      );
      // The grid wraps its cells instead of widening the page.
      expect(await grid.evaluate("document.documentElement.scrollWidth")).toBeLessThanOrEqual(1400);
      expect(errors).toEqual([]);
    } finally {
      await grid.close();
    }
  });
});
