/**
 * Writes one run's reports: report.json (the source), its three views and
 * report.sarif (its findings on the spec's lines, for code scanning), in
 * `<reportsRoot>/<run-id>/`, then mirrors that directory to
 * `<reportsRoot>/latest/` (what CI uploads). The Markdown summary is also
 * appended to `$GITHUB_STEP_SUMMARY` when the variable is set.
 */
import { appendFileSync, cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { RunReport } from "@impersonation-registry/engine";
import { renderHtml, renderJunit, renderMarkdown } from "@impersonation-registry/reports";
import { redactEnvironmentSecrets } from "./redact.ts";
import { sarifLog } from "./sarif-log.ts";
import type { SpecLines } from "./spec-lines.ts";

export interface WriteOptions {
  /** `<repo>/reports/contract`. */
  reportsRoot: string;
  /** The spec the run was judged by, as report.sarif points into it. */
  lines: SpecLines;
  /** Where `GITHUB_STEP_SUMMARY` and the secrets to redact are read; defaults to `process.env`. */
  env?: NodeJS.ProcessEnv;
}

export interface WrittenReports {
  runDir: string;
  latestDir: string;
  files: { json: string; markdown: string; junit: string; html: string; sarif: string };
}

const LATEST = "latest";

export function writeReports(report: RunReport, options: WriteOptions): WrittenReports {
  const env = options.env ?? process.env;
  // The run id becomes a directory name: nothing may climb out of reportsRoot or clobber `latest`.
  if (!/^[\w.-]+$/.test(report.runId) || report.runId === LATEST || /^\.+$/.test(report.runId)) {
    throw new Error(`run id "${report.runId}" cannot name a report directory`);
  }
  const runDir = join(options.reportsRoot, report.runId);
  const latestDir = join(options.reportsRoot, LATEST);
  mkdirSync(runDir, { recursive: true });
  const markdown = redactEnvironmentSecrets(renderMarkdown(report), env);
  const contents = {
    json: ["report.json", `${JSON.stringify(report, null, 2)}\n`],
    markdown: ["summary.md", markdown],
    junit: ["junit.xml", renderJunit(report)],
    html: ["report.html", renderHtml(report)],
    sarif: ["report.sarif", `${JSON.stringify(sarifLog(report, options.lines), null, 2)}\n`],
  } as const;
  const files = {} as WrittenReports["files"];
  for (const [kind, [name, text]] of Object.entries(contents) as [
    keyof typeof contents,
    [string, string],
  ][]) {
    files[kind] = join(runDir, name);
    writeFileSync(files[kind], redactEnvironmentSecrets(text, env));
  }
  rmSync(latestDir, { recursive: true, force: true });
  cpSync(runDir, latestDir, { recursive: true });
  if (env.GITHUB_STEP_SUMMARY) appendFileSync(env.GITHUB_STEP_SUMMARY, markdown);
  return { runDir, latestDir, files };
}
