/** The command line, parsed by node:util's parseArgs and checked into a typed command. */
import { parseArgs } from "node:util";
import { parseSeverity, SEVERITIES, type Severity } from "@impersonation-registry/findings";
import { RunnerError } from "../errors.ts";
import { DEFAULT_BUDGET, GENERATED, type GenerationPlan } from "../generation/generation-plan.ts";
import type { ProxyCommand } from "../proxy/index.ts";
import { TARGET_NAMES, type TargetName } from "../targets/target.ts";
import { historyPath } from "./paths.ts";

export interface CommonArgs {
  targets: TargetName[];
  specPath: string | undefined;
  reportDir: string | undefined;
  baselinePath: string | undefined;
  sandboxUrl: string | undefined;
  concurrency: number | undefined;
}

export type Command =
  | { kind: "help" }
  | { kind: "list"; specPath: string | undefined }
  | { kind: "sweep"; olderThanMs: number; targets: TargetName[] }
  | {
      kind: "suggest";
      reportDir: string | undefined;
      out: string | undefined;
      write: boolean;
      specPath: string | undefined;
    }
  | { kind: "history"; path: string; targets: TargetName[]; last: number; format: "text" | "json" }
  | {
      kind: "accept";
      fingerprints: string[];
      reason: string;
      /** How long a baseline entry it writes lasts. */
      expiresInMs: number;
      historyPath: string;
      baselinePath: string | undefined;
    }
  | ({
      kind: "run";
      scenarios: string[];
      failOn: Severity;
      allowWrites: boolean;
      /** The history database, or undefined with --no-history. */
      history: { path: string; keep: number } | undefined;
      /** Generated inputs and sequences after the scenarios; undefined with --examples 0 or a --scenario list without `generated`. */
      generation: GenerationPlan | undefined;
    } & CommonArgs)
  | ({ kind: "proxy" } & ProxyCommand);

const DEFAULT_HISTORY_KEEP = 400;
const DEFAULT_LAST = 20;
/** A baseline entry `accept` writes lasts this long unless --expires says otherwise. */
const DEFAULT_EXPIRES = "30d";

const OPTIONS = {
  target: { type: "string", multiple: true },
  spec: { type: "string" },
  scenario: { type: "string", multiple: true },
  "fail-on": { type: "string" },
  "report-dir": { type: "string" },
  baseline: { type: "string" },
  "allow-writes": { type: "boolean" },
  "sandbox-url": { type: "string" },
  concurrency: { type: "string" },
  "older-than": { type: "string" },
  report: { type: "string" },
  out: { type: "string" },
  write: { type: "boolean" },
  history: { type: "string" },
  "no-history": { type: "boolean" },
  "history-keep": { type: "string" },
  last: { type: "string" },
  format: { type: "string" },
  upstream: { type: "string" },
  port: { type: "string" },
  host: { type: "string" },
  "flush-every": { type: "string" },
  reason: { type: "string" },
  seed: { type: "string" },
  examples: { type: "string" },
  "coverage-min": { type: "string" },
  expires: { type: "string" },
  help: { type: "boolean", short: "h" },
} as const;

const usage = (message: string) => new RunnerError("usage", `${message} (see --help)`);

export function parseCommand(argv: readonly string[]): Command {
  let parsed: ReturnType<typeof parseArgs<{ options: typeof OPTIONS; allowPositionals: true }>>;
  try {
    parsed = parseArgs({ args: [...argv], options: OPTIONS, allowPositionals: true, strict: true });
  } catch (error) {
    // parseArgs appends advice about `--` that does not apply here: keep its first sentence.
    throw usage((error as Error).message.split(/\.\s|\n/)[0] ?? "bad arguments");
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: "help" };
  const [command = "run", ...extra] = positionals;
  if (command === "accept") return acceptCommand(extra, values);
  if (values.reason !== undefined || values.expires !== undefined)
    throw usage("--reason and --expires belong to accept");
  if (extra.length > 0) throw usage(`unexpected argument ${extra[0]}`);
  const targets = (values.target ?? []).map(targetName);

  if (command === "suggest") {
    if (values.out !== undefined && values.write) throw usage("--out and --write exclude each other");
    const { report: reportDir, out, spec: specPath } = values;
    return { kind: "suggest", reportDir, out, write: values.write ?? false, specPath };
  }
  if (values.report !== undefined || values.out !== undefined || values.write !== undefined)
    throw usage("--report, --out and --write belong to suggest");
  if (command === "proxy") return proxyCommand(values);
  if (PROXY_ONLY.some((flag) => values[flag] !== undefined))
    throw usage("--upstream, --port, --host and --flush-every belong to proxy");
  if (command === "list") return { kind: "list", specPath: values.spec };
  if (command === "sweep") {
    const sweepTargets = targets.length > 0 ? targets : (["live"] as TargetName[]);
    if (sweepTargets.some((target) => target !== "live")) throw usage("sweep works on --target live only");
    return { kind: "sweep", olderThanMs: parseAge(values["older-than"] ?? "1h"), targets: sweepTargets };
  }
  if (command === "history") {
    if (values["no-history"] || values["history-keep"] !== undefined)
      throw usage("--no-history and --history-keep belong to a run");
    const format = values.format ?? "text";
    if (format !== "text" && format !== "json") throw usage(`--format must be text or json, got ${format}`);
    return {
      kind: "history",
      path: historyPath(values["report-dir"], values.history),
      targets,
      last: values.last === undefined ? DEFAULT_LAST : positiveInteger("--last", values.last),
      format,
    };
  }
  if (command !== "run")
    throw usage(`unknown command ${command}; commands: list, sweep, suggest, history, accept, proxy`);
  if (values["older-than"] !== undefined) throw usage("--older-than belongs to sweep");
  const generation = generationPlan(values, values.scenario ?? []);
  for (const option of ["last", "format"] as const)
    if (values[option] !== undefined) throw usage(`--${option} belongs to history`);
  const runTargets: TargetName[] = targets.length > 0 ? [...new Set(targets)] : ["mock", "sandbox"];
  if (values["sandbox-url"] !== undefined && !runTargets.includes("sandbox")) {
    throw usage("--sandbox-url names the sandbox target, which this run does not include");
  }
  const failOn = parseSeverity(values["fail-on"] ?? "breaking");
  if (!failOn) throw usage(`--fail-on must be one of ${SEVERITIES.join(", ")}, got ${values["fail-on"]}`);
  return {
    kind: "run",
    targets: runTargets,
    specPath: values.spec,
    scenarios: values.scenario ?? [],
    failOn,
    reportDir: values["report-dir"],
    baselinePath: values.baseline,
    allowWrites: values["allow-writes"] ?? false,
    sandboxUrl: sandboxUrl(values["sandbox-url"]),
    concurrency:
      values.concurrency === undefined ? undefined : positiveInteger("--concurrency", values.concurrency),
    history: historyConfig(values),
    generation,
  };
}

type Values = ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>["values"];

/**
 * `--examples N` (generated requests per target; 0: none), `--seed S` (replay), `--coverage-min P`.
 * Generation is the scenario `generated`: it runs unless --scenario names others only.
 */
function generationPlan(values: Values, scenarios: readonly string[]): GenerationPlan | undefined {
  const budget =
    values.examples === undefined ? DEFAULT_BUDGET : wholeNumber("--examples", values.examples, 0);
  const seed = values.seed === undefined ? undefined : wholeNumber("--seed", values.seed, 0, 2 ** 31 - 1);
  const coverageMin =
    values["coverage-min"] === undefined ? undefined : percent("--coverage-min", values["coverage-min"]);
  if (budget === 0 || (scenarios.length > 0 && !scenarios.includes(GENERATED))) {
    if (seed !== undefined || coverageMin !== undefined)
      throw usage(
        "--seed and --coverage-min need generation: not with --examples 0 or a --scenario list without generated",
      );
    return undefined;
  }
  return { budget, ...(seed !== undefined && { seed }), ...(coverageMin !== undefined && { coverageMin }) };
}

function wholeNumber(option: string, value: string, min: number, max = Number.MAX_SAFE_INTEGER): number {
  const n = Number(value);
  if (!/^\d+$/.test(value.trim()) || n < min || n > max)
    throw usage(`${option} must be a whole number from ${min} to ${max}, got ${value}`);
  return n;
}

function percent(option: string, value: string): number {
  const n = Number(value);
  if (value.trim() === "" || !Number.isFinite(n) || n < 0 || n > 100)
    throw usage(`${option} must be a percentage from 0 to 100, got ${value}`);
  return n;
}

/** `accept <fingerprint>… --reason "…" [--expires 30d]`: findings a person accepts, by fingerprint. */
function acceptCommand(fingerprints: string[], values: Values): Command {
  if (fingerprints.length === 0) throw usage("accept needs at least one fingerprint (see `history`)");
  const malformed = fingerprints.find((id) => !/^[0-9a-f]{16}$/.test(id));
  if (malformed) throw usage(`${malformed} is not a fingerprint (16 hex digits, as \`history\` lists them)`);
  const reason = values.reason?.trim();
  if (!reason) throw usage("accept needs --reason: why the difference is accepted");
  const expires = values.expires ?? DEFAULT_EXPIRES;
  const expiresInMs = parseAge(expires, "--expires");
  if (expiresInMs === 0) throw usage("--expires must be longer than 0");
  return {
    kind: "accept",
    fingerprints: [...new Set(fingerprints)],
    reason,
    expiresInMs,
    historyPath: historyPath(values["report-dir"], values.history),
    baselinePath: values.baseline,
  };
}

/** The history a run or a proxy session reads and records: `<report-dir>/history.db`, or none. */
function historyConfig(values: Values): { path: string; keep: number } | undefined {
  if (values["no-history"] && (values.history !== undefined || values["history-keep"] !== undefined))
    throw usage("--no-history cannot go with --history or --history-keep");
  if (values["no-history"]) return undefined;
  return {
    path: historyPath(values["report-dir"], values.history),
    keep:
      values["history-keep"] === undefined
        ? DEFAULT_HISTORY_KEEP
        : positiveInteger("--history-keep", values["history-keep"]),
  };
}

const PROXY_ONLY = ["upstream", "port", "host", "flush-every"] as const;
/** Options that mean nothing to the proxy: its one target is --upstream. */
const RUN_ONLY = [
  "target",
  "seed",
  "examples",
  "coverage-min",
  "scenario",
  "allow-writes",
  "sandbox-url",
  "concurrency",
  "older-than",
  "last",
  "format",
] as const;

function proxyCommand(values: Values): Command {
  const stray = RUN_ONLY.find((flag) => values[flag] !== undefined);
  if (stray) throw usage(`--${stray} does not apply to proxy`);
  const failOn = parseSeverity(values["fail-on"] ?? "breaking");
  if (!failOn) throw usage(`--fail-on must be one of ${SEVERITIES.join(", ")}, got ${values["fail-on"]}`);
  const port = values.port === undefined ? undefined : Number(values.port);
  if (port !== undefined && !(Number.isInteger(port) && port >= 0 && port <= 65_535))
    throw usage(`--port must be an integer from 0 to 65535, got ${values.port}`);
  const flushEvery = values["flush-every"];
  return {
    kind: "proxy",
    upstream: values.upstream,
    host: values.host,
    port,
    flushEveryMs: flushEvery === undefined ? undefined : parseAge(flushEvery, "--flush-every"),
    specPath: values.spec,
    reportDir: values["report-dir"],
    baselinePath: values.baseline,
    failOn,
    history: historyConfig(values),
  };
}

function targetName(value: string): TargetName {
  if ((TARGET_NAMES as readonly string[]).includes(value)) return value as TargetName;
  throw usage(`--target must be one of ${TARGET_NAMES.join(", ")}, got ${value}`);
}

function sandboxUrl(value: string | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (!URL.canParse(value) || !/^https?:$/.test(new URL(value).protocol))
    throw usage(`--sandbox-url is not an http(s) URL: ${value}`);
  return value.replace(/\/$/, "");
}

function positiveInteger(option: string, value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1) throw usage(`${option} must be an integer ≥ 1, got ${value}`);
  return n;
}

const UNIT_MS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `0`, or a number with a unit: `45s`, `30m`, `1h`, `2d`; `flag` names the option in the error. */
export function parseAge(value: string, flag = "--older-than"): number {
  if (value.trim() === "0") return 0;
  const match = /^(\d+(?:\.\d+)?)([smhd])$/.exec(value.trim());
  if (!match) throw usage(`${flag} must be 0 or a number with s, m, h or d (e.g. 1h), got ${value}`);
  return Number(match[1]) * (UNIT_MS[match[2] as string] as number);
}
