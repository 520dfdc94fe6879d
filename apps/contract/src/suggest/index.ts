/**
 * `npm run contract -- suggest`: from a run's report to the change of the spec
 * that would make the observed behaviour conform — a unified diff a person
 * reviews (`git apply`), or applies with `--write` — and what spec:diff says
 * that change means for consumers. Findings that cannot become a change are
 * listed with the reason; the ones a person must decide on (a type widened, an
 * enum value, a null) carry a comment in the diff saying what was observed.
 *
 * The spec is edited as a yaml Document, never re-serialised from an object:
 * comments, key order, quoting and layout outside the changed nodes stay
 * byte-identical.
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { ContractFinding } from "@impersonation-registry/engine";
import { type Bump, suggestedBump } from "@impersonation-registry/findings";
import { aligned } from "@impersonation-registry/reports";
import {
  diffSpecs,
  loadSpec,
  SPEC_PATH,
  SpecDiffError,
  type SpecFinding,
  VERSIONED_PACKAGES,
} from "@impersonation-registry/spec-diff";
import { Ajv } from "ajv";
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from "diff";
import { parseDocument } from "yaml";
import { defaultReportsRoot } from "../cli/paths.ts";
import { RunnerError } from "../errors.ts";
import { applyChange, WRITE_OPTIONS } from "./edit.ts";
import { type Change, describeSchema, type Plan, planChanges, type SuggestReport } from "./plan.ts";
import { decodePointer, valueAt } from "./source.ts";

export type { Change, ChangeKind, Skipped, SuggestReport } from "./plan.ts";

/** The repository's spec, found from this file's location, not the cwd. */
export const defaultSpecPath = join(fileURLToPath(new URL("../../../../", import.meta.url)), SPEC_PATH);
/** The last run's report directory. */
export const defaultReportDir = join(defaultReportsRoot, "latest");

export interface Suggestion extends Plan {
  /** The spec as read, and as the changes leave it (the same text when there is no change). */
  before: string;
  after: string;
  /** A unified diff from `a/<path>` to `b/<path>` that `git apply` accepts; empty when there is no change. */
  patch: string;
}

export interface SuggestOptions {
  /** How the patch names the spec (`openapi/impersonation-registry.yaml`, relative to where it applies). */
  path?: string;
}

/** The changes a report calls for, made on the spec's text. */
export function suggest(report: SuggestReport, source: string, options: SuggestOptions = {}): Suggestion {
  const path = options.path ?? SPEC_PATH;
  const doc = parseDocument(source, { prettyErrors: false });
  const [error] = doc.errors;
  if (error) throw new RunnerError("spec-invalid", `${path}: ${error.message.split("\n")[0]}`);
  assertRoundTrip(source, doc.toString(WRITE_OPTIONS), path);
  const plan = planChanges(report, doc.toJS());
  // A widened type moves `type`, `enum` and `nullable` into its first branch: it goes after their own edits.
  const ordered = [...plan.changes].sort(
    (a, b) => Number(a.kind === "widen-type") - Number(b.kind === "widen-type"),
  );
  for (const change of ordered) applyChange(doc, change, report.runId);
  const after = plan.changes.length > 0 ? doc.toString(WRITE_OPTIONS) : source;
  const patch =
    after === source
      ? ""
      : createTwoFilesPatch(`a/${path}`, `b/${path}`, source, after, undefined, undefined, {
          context: 3,
          headerOptions: FILE_HEADERS_ONLY,
        });
  return { ...plan, before: source, after, patch };
}

/**
 * The yaml library writes most YAML back exactly as it read it; where it would
 * not (a flow list padded `[ a ]`, a folded plain scalar), an edit would also
 * rewrite lines nobody asked to change, so suggest refuses instead.
 */
function assertRoundTrip(source: string, rendered: string, path: string): void {
  if (rendered === source) return;
  const before = source.split("\n");
  const after = rendered.split("\n");
  const line = before.findIndex((text, i) => text !== after[i]);
  throw new RunnerError(
    "spec-not-preserved",
    `${path}:${line + 1}: the yaml library would rewrite this line (${JSON.stringify(before[line])} → ${JSON.stringify(after[line])}), so suggest cannot edit the spec without touching it; write it as the library does`,
  );
}

export interface Classification {
  /** spec:diff's findings from the spec as read to the suggested one. */
  findings: SpecFinding[];
  bump: Bump;
}

/** What spec:diff says the change means for consumers of the types and the client. */
export async function classify(before: string, after: string, absolutePath: string): Promise<Classification> {
  try {
    const [base, suggested] = await Promise.all([
      loadSpec(before, absolutePath, absolutePath),
      loadSpec(after, `${absolutePath} (suggested)`, absolutePath),
    ]);
    const findings = diffSpecs(base.document, suggested.document);
    return { findings, bump: suggestedBump(findings) };
  } catch (error) {
    if (error instanceof SpecDiffError) throw new RunnerError("spec-invalid", error.message);
    throw error;
  }
}

const text = { type: "string" };
/** Checks exactly SuggestReport's fields. */
const validateReport = new Ajv().compile<SuggestReport>({
  type: "object",
  required: ["runId", "findings"],
  properties: {
    runId: text,
    findings: {
      type: "array",
      items: {
        type: "object",
        required: ["rule", "severity", "target", "operation", "pointer"],
        properties: {
          rule: text,
          severity: text,
          target: text,
          operation: text,
          pointer: text,
          exchange: text,
          seenInRuns: { type: "integer" },
          occurrences: { type: "array" },
        },
      },
    },
    targets: {
      type: "array",
      items: {
        type: "object",
        required: ["name"],
        properties: {
          name: text,
          baseUrl: text,
          identity: { type: "object", properties: { account: text } },
        },
      },
    },
    exchanges: {
      type: "array",
      items: {
        type: "object",
        required: ["id", "operation", "response"],
        properties: {
          id: text,
          operation: text,
          response: { type: "object", required: ["status"], properties: { status: { type: "integer" } } },
        },
      },
    },
  },
});

/** `<dir>/report.json`, checked for what suggest reads. */
export function readReport(dir: string): SuggestReport {
  const path = join(dir, "report.json");
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new RunnerError(
      "report-unreadable",
      `report ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  let data: unknown;
  try {
    data = JSON.parse(source);
  } catch (error) {
    throw new RunnerError("report-invalid", `report ${path} is not JSON: ${(error as Error).message}`);
  }
  if (!validateReport(data)) {
    const [error] = validateReport.errors ?? [];
    throw new RunnerError(
      "report-invalid",
      `report ${path} is not a contract report: ${error?.instancePath || "the top level"} ${error?.message ?? "is invalid"}`,
    );
  }
  return data;
}

export interface SuggestCommand {
  /** Holds report.json; default: the last run's (`reports/contract/latest`). */
  reportDir?: string;
  /** Write the patch there instead of stdout. */
  out?: string;
  /** Apply the change to the spec file instead of printing a patch. */
  write?: boolean;
  /** The spec to patch; default: the repository's. The patch names it relative to the cwd. */
  specPath?: string;
}

interface Io {
  stdout: { write(text: string): unknown };
  stderr: { write(text: string): unknown };
}

/**
 * The CLI command. The patch goes to stdout (so `suggest > fix.patch` is a
 * clean patch, and empty when there is nothing to suggest) and the account of
 * it to stderr; with `--out` or `--write` the account goes to stdout. Exit 0 when a suggestion was made or there is
 * nothing to suggest; usage and I/O errors are thrown as RunnerErrors (exit 2).
 */
export async function runSuggest(command: SuggestCommand, io: Io = process): Promise<number> {
  const reportDir = resolve(command.reportDir ?? defaultReportDir);
  const report = readReport(reportDir);
  const specPath = resolve(command.specPath ?? defaultSpecPath);
  const path = command.specPath === undefined ? SPEC_PATH : relative(process.cwd(), specPath);
  let source: string;
  try {
    source = readFileSync(specPath, "utf8");
  } catch (error) {
    throw new RunnerError(
      "spec-unreadable",
      `spec ${specPath} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  const suggestion = suggest(report, source, { path });
  // Without --out or --write stdout is the patch alone (empty when there is none): `suggest > fix.patch`.
  const account = command.write || command.out !== undefined ? io.stdout : io.stderr;
  if (suggestion.patch === "") {
    account.write(renderSuggestion(report, suggestion, undefined, path));
    return 0;
  }
  const classification = await classify(source, suggestion.after, specPath);
  if (command.write) writeOrFail(specPath, suggestion.after);
  else if (command.out !== undefined) writeOrFail(resolve(command.out), suggestion.patch);
  else io.stdout.write(suggestion.patch);
  account.write(renderSuggestion(report, suggestion, classification, path, command));
  return 0;
}

function writeOrFail(path: string, content: string): void {
  try {
    writeFileSync(path, content);
  } catch (error) {
    throw new RunnerError(
      "output-unwritable",
      `${path} cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
}

/** The account of a suggestion: each change, each finding left out and why, spec:diff's verdict. */
export function renderSuggestion(
  report: SuggestReport,
  suggestion: Suggestion,
  classification: Classification | undefined,
  path: string,
  command: SuggestCommand = {},
): string {
  const root = parseDocument(suggestion.before).toJS();
  const { changes, skipped, notes } = suggestion;
  const lines: string[] = [];
  const count = `${report.findings.length} finding(s)`;
  if (suggestion.patch === "") lines.push(`suggest: run ${report.runId}: ${count}, nothing to suggest`);
  else {
    const where = command.write
      ? `written to ${path}`
      : command.out
        ? `patch in ${command.out}`
        : "patch above";
    lines.push(
      `suggest: run ${report.runId}: ${count} → ${changes.length} change(s) to ${path} (${where}), ${skipped.length} left to a person`,
    );
  }
  for (const change of changes) {
    const shared = change.requests.length > 0 ? `, shared with requests: ${change.requests.join(", ")}` : "";
    lines.push(
      `  + ${locationOf(root, change.at)}: ${summaryOf(root, change)}${shared}${sources(change.findings)}`,
    );
  }
  for (const { finding, why } of skipped)
    lines.push(
      `  - ${finding.rule} ${finding.target} ${finding.operation} ${finding.pointer || "/"}: ${why}`,
    );
  for (const note of notes) lines.push(`note: ${note}`);
  if (classification) {
    const of = (severity: string) => classification.findings.filter((f) => f.severity === severity).length;
    lines.push(
      `spec:diff of the change: ${classification.findings.length} change(s): ${of("breaking")} breaking, ${of("additive")} additive, ${of("info")} info`,
    );
    const rows = classification.findings.map((f) => [
      f.severity,
      f.rule,
      f.operation,
      f.pointer || "/",
      `${brief(f.expected)} → ${brief(f.observed)}`,
    ]);
    for (const line of aligned(rows)) lines.push(`  ${line}`);
    lines.push(
      classification.bump === "none"
        ? "suggested bump: none (comments only)"
        : `suggested bump: ${VERSIONED_PACKAGES.map((name) => `${name} ${classification.bump}`).join(", ")}`,
    );
    lines.push(
      command.write
        ? "next: npm run lint:spec && npm run generate, then npx changeset"
        : "next: git apply the patch (or run suggest --write), then npm run lint:spec && npm run generate, then npx changeset",
    );
  }
  return `${lines.join("\n")}\n`;
}

/** `createEntry responses.202`, `components.schemas.Provenance`: where a change is, as a person reads the file. */
function locationOf(root: unknown, pointer: string): string {
  const segments = decodePointer(pointer);
  if (segments[0] !== "paths") return segments.join(".");
  const operation = valueAt(root, `/${pointer.split("/").slice(1, 4).join("/")}`) as { operationId?: string };
  return `${operation?.operationId ?? segments.slice(0, 3).join(" ")} ${segments.slice(3).join(".")}`;
}

function summaryOf(root: unknown, change: Change): string {
  switch (change.kind) {
    case "add-status":
      return `documented with the envelope of ${locationOf(root, change.like ?? "")}`;
    case "add-property":
      return `added as ${describeSchema(change.schema ?? {})}`;
    case "widen-type":
      return `anyOf ${String((valueAt(root, change.at) as { type?: unknown }).type)} | ${change.observed}, to decide`;
    case "add-enum-values":
      return `enum + ${change.observed}, to decide`;
    case "make-nullable":
      return "nullable: true, to decide";
    case "note-vanished":
      return "comment: observed absent, may be missing";
  }
}

/** ` (undocumented-field × 3 on sandbox)`: which findings a change answers. */
function sources(findings: readonly ContractFinding[]): string {
  const rules = [...new Set(findings.map((finding) => finding.rule))].join(", ");
  const targets = [...new Set(findings.map((finding) => finding.target))].join(", ");
  return ` (${rules} × ${findings.length} on ${targets})`;
}

function brief(value: unknown): string {
  if (value === undefined) return "—";
  const line = (typeof value === "string" ? value : JSON.stringify(value)).replace(/\s+/g, " ");
  return line.length > 60 ? `${line.slice(0, 59)}…` : line;
}
