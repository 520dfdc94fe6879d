/**
 * Reports built the honest way: hand-written exchanges of every operation, the
 * sandbox's own drift profiles applied to their bodies (the rewrites the sandbox
 * makes), and findings from the real engine through the runner's own
 * validation — each tagged with the exchange that showed it, as report.json has it.
 */
import { execFile } from "node:child_process";
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import {
  type ContractFinding,
  createEngine,
  type Engine,
  type Exchange,
  type ReportExchange,
  type RunReport,
  targetIdentity,
  validateExchanges,
} from "@impersonation-registry/engine";
import { type DriftProfileId, driftProfiles } from "@impersonation-registry/sandbox";
import { bundleSpec } from "@impersonation-registry/spec-bundle";
import type { SpecDocument } from "@impersonation-registry/types/spec";
import { exampleEntries } from "../spec-examples.ts";

const run = promisify(execFile);

export const REPO = fileURLToPath(new URL("../../../../", import.meta.url));
export const SPEC_FILE = "openapi/impersonation-registry.yaml";
export const RUN_ID = "20261127T101145Z-6d30de";
/** After `last_modified`'s end of life: the deprecated-past-eol info findings show how info is listed. */
export const NOW = new Date("2026-11-27T10:11:45Z");

export type TestExchange = Exchange & { id: string };

const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
const BASE = `http://127.0.0.1:37939/client/v4/accounts/${ACCOUNT}/email-security/settings/impersonation_registry`;

/** An entry as a server that still sends `last_modified` after its end of life does (the spec's examples dropped it). */
const stillWithLastModified = (entry: Record<string, unknown>) => ({
  ...entry,
  last_modified: entry.modified_at,
});
const manual = () => stillWithLastModified(exampleEntries()[0]);
const synced = () => stillWithLastModified(exampleEntries()[1]);
const regex = () => ({
  ...manual(),
  id: "5e0c8b1a-7d2f-4e3a-9b6c-1f2e3d4c5b6a",
  comments: "contract-test 20261127T101145Z-6d30de",
  email: "^ceo(\\+.*)?@example\\.com$",
  is_email_regex: true,
  name: "contract-test 20261127T101145Z-6d30de CEO",
});

const envelope = (result: unknown, extra: Record<string, unknown> = {}) => ({
  errors: [],
  messages: [],
  success: true,
  result,
  ...extra,
});

function exchange(
  id: string,
  step: string,
  operation: Exchange["operation"],
  method: string,
  url: string,
  status: number,
  body: unknown,
  target = "sandbox",
): TestExchange {
  return {
    id,
    target,
    scenario: "lifecycle",
    step,
    operation,
    request: { method, url, headers: { authorization: "Bearer $CLOUDFLARE_API_TOKEN" } },
    response: {
      status,
      headers: { "content-type": "application/json", "cf-ray": "3f9a0c1d00000001-SBX" },
      body,
      text: JSON.stringify(body),
      durationMs: 3.1,
    },
    attempts: 1,
  };
}

/** One clean exchange of each operation, a 404 among them, as the sandbox answers them. */
export function cleanExchanges(target = "sandbox"): TestExchange[] {
  const page = { count: 2, page: 1, per_page: 20, total_count: 2 };
  return [
    exchange("x1", "create", "createEntry", "POST", BASE, 200, envelope(regex()), target),
    exchange("x2", "get", "getEntry", "GET", `${BASE}/${regex().id}`, 200, envelope(regex()), target),
    exchange(
      "x3",
      "list",
      "listEntries",
      "GET",
      BASE,
      200,
      envelope([manual(), synced()], { result_info: page }),
      target,
    ),
    exchange("x4", "update", "updateEntry", "PATCH", `${BASE}/${regex().id}`, 200, envelope(regex()), target),
    exchange(
      "x5",
      "delete",
      "deleteEntry",
      "DELETE",
      `${BASE}/${regex().id}`,
      200,
      envelope({ id: regex().id }),
      target,
    ),
    exchange(
      "x6",
      "get after delete",
      "getEntry",
      "GET",
      `${BASE}/${regex().id}`,
      404,
      { errors: [{ code: 1003, message: "Not found" }], messages: [], success: false, result: null },
      target,
    ),
  ];
}

/**
 * What the sandbox sends with `--drift <profile>`: its own rewrite, on the
 * successes of the operations it lists. Several profiles at once stand for a
 * server that drifted in several ways.
 */
export function drifted(exchanges: readonly TestExchange[], ...ids: DriftProfileId[]): TestExchange[] {
  return ids.reduce((current, id) => current.map((exchange) => driftOne(exchange, id)), [...exchanges]);
}

function driftOne(clean: TestExchange, id: DriftProfileId): TestExchange {
  const profile = driftProfiles.find((candidate) => candidate.id === id);
  if (!profile) throw new Error(`no drift profile ${id}`);
  if (clean.response.status !== 200 || !profile.operations.includes(clean.operation)) return clean;
  const { entry, envelope, contentType, status } = profile;
  const rewritten = entry ? withEntries(clean, entry) : clean;
  const body = structuredClone(rewritten.response.body);
  envelope?.(body as Parameters<typeof envelope>[0]);
  const headers = { ...rewritten.response.headers, "content-type": contentType ?? "application/json" };
  const response = {
    ...rewritten.response,
    status: status ?? 200,
    headers,
    body,
    text: JSON.stringify(body),
  };
  return { ...rewritten, response };
}

/** A copy of the exchange with every entry of its `result` (one, or a list) rewritten. */
export function withEntries(
  exchange: TestExchange,
  rewrite: (entry: Record<string, unknown>) => void,
): TestExchange {
  const body = structuredClone(exchange.response.body) as { result: unknown };
  for (const item of Array.isArray(body.result) ? body.result : [body.result])
    rewrite(item as Record<string, unknown>);
  return { ...exchange, response: { ...exchange.response, body, text: JSON.stringify(body) } };
}

/** report.json's form of an exchange: JSON bodies parsed, `text` only when the body is not JSON. */
function reported(exchange: TestExchange): ReportExchange {
  const { attempts: _attempts, response, ...rest } = exchange;
  const { text: _text, ...kept } = response;
  return { ...rest, attempt: 1, response: kept };
}

export const engineOf = (spec: SpecDocument): Engine => createEngine(spec, { now: NOW });

/** A run's report over these exchanges: findings from the engine, each naming its exchange. */
export function reportOf(
  exchanges: readonly TestExchange[],
  engine: Engine,
  extra: Partial<Omit<RunReport, "findings"> & { findings: ContractFinding[] }> = {},
): Omit<RunReport, "findings"> & { findings: ContractFinding[] } {
  const tagged: Engine = {
    ...engine,
    check: (exchange) =>
      engine.check(exchange).map((finding) => ({ ...finding, exchange: (exchange as TestExchange).id })),
    compare: (a, b) =>
      engine.compare(a, b).map((finding) => ({ ...finding, exchange: (a as TestExchange).id })),
  };
  const targets = [...new Set(exchanges.map((exchange) => exchange.target))];
  const findings: ContractFinding[] = validateExchanges(tagged, exchanges, targets);
  return {
    schemaVersion: 2,
    runId: RUN_ID,
    specHash: "68cba1d5def3c0a6cd0654443eaf969a9f80bc03d98d02aa80d17cf04d106876",
    startedAt: "2026-11-27T10:11:45.000Z",
    finishedAt: "2026-11-27T10:11:49.000Z",
    durations: {},
    targets: targets.map((name) => ({
      name,
      identity: targetIdentity(name, "in-process"),
      baseUrl: "http://127.0.0.1:37939/client/v4",
      capabilities: { stateful: true, writable: true, exactStatuses: true, answersMalformedBodies: true },
    })),
    steps: [],
    findings,
    headlines: [],
    exchanges: exchanges.map(reported),
    expiredBaseline: [],
    notes: [],
    resolved: [],
    notChecked: [],
    trend: [],
    cleanup: [],
    failOn: "breaking",
    exitCode: findings.some((finding) => finding.severity === "breaking") ? 1 : 0,
    ...extra,
  };
}

/** The spec text → the engine a run on it would use (bundled as `--spec` bundles it). */
export async function engineFromSource(source: string, path: string): Promise<Engine> {
  const { document } = await bundleSpec(source, { label: path, absoluteRef: path });
  return engineOf(document as unknown as SpecDocument);
}

/** A git repository holding a copy of the spec and its lint config (with its plugins), to `git apply` a patch in. */
export function specRepo(): { dir: string; remove: () => void } {
  const dir = mkdtempSync(join(tmpdir(), "contract-suggest-"));
  cpSync(join(REPO, "openapi"), join(dir, "openapi"), { recursive: true });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

export async function git(dir: string, args: string[], input?: string): Promise<void> {
  if (input === undefined) {
    await run("git", args, { cwd: dir });
    return;
  }
  const patch = join(dir, ".suggested.patch");
  writeFileSync(patch, input);
  await run("git", [...args, patch], { cwd: dir });
}

/** `redocly lint --config openapi/redocly.yaml`, as `npm run lint:spec` runs it, counted. */
export async function lintSpec(
  dir: string,
): Promise<{ errors: number; warnings: number; problems: unknown[] }> {
  const redocly = join(REPO, "node_modules/.bin/redocly");
  const args = [redocly, "lint", "--config", "openapi/redocly.yaml", "--format", "json"];
  const env = { ...process.env, REDOCLY_TELEMETRY: "off" };
  const result = await run(process.execPath, args, { cwd: dir, env }).catch((error: { stdout: string }) => ({
    stdout: error.stdout,
  }));
  const report = JSON.parse(result.stdout) as {
    totals: { errors: number; warnings: number };
    problems: unknown[];
  };
  return { ...report.totals, problems: report.problems };
}
