/**
 * `npm run contract -- proxy`: a validating reverse proxy for real traffic.
 * Consumers point `CLOUDFLARE_BASE_URL` at it; every request goes to the
 * upstream unchanged and its answer comes back byte for byte, while the
 * exchange is validated with the contract's engine and rules — the response
 * against the spec like a contract run's, the request too (a consumer bug is
 * `request-invalid`). New findings are printed as they appear; the reports
 * (report.sarif among them) and `exchanges.har` are written every
 * `--flush-every` and at the end (SIGINT/SIGTERM), which exits 0/1 by
 * `--fail-on` like a run.
 *
 * The one entry point of `src/proxy/`: `startProxy` for code and tests,
 * `runProxy` for the CLI.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join, resolve } from "node:path";
import { redactSecrets } from "@impersonation-registry/client";
import {
  type Baseline,
  type ContractFinding,
  createEngine,
  type RunReport,
  SIGNAL_EXIT,
  showValue,
} from "@impersonation-registry/engine";
import type { Severity } from "@impersonation-registry/findings";
import {
  type HistoryConfig,
  type HistoryNotice,
  openRunHistory,
  type RunHistory,
  type RunHistoryInput,
} from "@impersonation-registry/history";
import {
  specHash as bundledHash,
  spec as bundledSpec,
  type SpecDocument,
} from "@impersonation-registry/types/spec";
import { defaultReportsRoot } from "../cli/paths.ts";
import { readBaseline } from "../cli/read-baseline.ts";
import { renderSummary } from "../console.ts";
import { oneLine, RunnerError } from "../errors.ts";
import { newRunId } from "../executor/run-id.ts";
import { annotateInCi } from "../sarif-log.ts";
import { readSpecLines, type SpecLines } from "../spec-lines.ts";
import { type WrittenReports, writeReports } from "../write-reports.ts";
import { createCredentials } from "./credentials.ts";
import { createForwarder } from "./forward.ts";
import { renderHar } from "./har.ts";
import { operationMatcher } from "./operation-matcher.ts";
import { createSession, KEEP_LAST, proxyTarget, SCENARIO } from "./session.ts";

export { badGateway } from "./forward.ts";
export type { Har, HarEntry } from "./har.ts";
export { CAPABILITIES, KEEP_LAST, MAX_FINDINGS, SCENARIO, TARGET } from "./session.ts";

export const DEFAULT_UPSTREAM = "https://api.cloudflare.com/client/v4";
export const DEFAULT_PORT = 8788;
export const DEFAULT_HOST = "127.0.0.1";
export const DEFAULT_FLUSH_EVERY_MS = 60_000;
export const DEFAULT_TIMEOUT_MS = 30_000;
/** How long requests in flight may take to finish once the proxy is told to stop. */
const CLOSE_GRACE_MS = 5_000;
export const HAR_FILE = "exchanges.har";

export interface ProxyEvents {
  /** A finding seen for the first time this session; `accepted` when the baseline accepts it. */
  finding?(finding: ContractFinding, accepted: boolean): void;
  /** The first request of an operation that got no answer from the upstream. */
  upstreamError?(operation: string, reason: string): void;
  /** Something the console should show: periodic reports that could not be written. */
  warning?(message: string): void;
  /**
   * The reports were written (every flush, the last one included): the seam for whatever records a
   * session's observations elsewhere (e.g. the run history). `final` on the last flush.
   */
  flushed?(report: RunReport, written: WrittenProxyReports, final: boolean): void;
}

export interface ProxyOptions {
  /** `https://api.cloudflare.com/client/v4`; its path is the proxy's base path too. */
  upstream: string;
  spec: SpecDocument;
  specHash: string;
  /** The spec's text, whose lines the findings' headlines and report.sarif point at. */
  specLines: SpecLines;
  /** Where `<run-id>/` and `latest/` are written. */
  reportsRoot: string;
  runId: string;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default 8788; 0 picks a free port. */
  port?: number;
  failOn?: Severity;
  baseline?: Baseline;
  /** Reports written this often; 0 = only when the proxy stops. Default 60 s. */
  flushEveryMs?: number;
  /** An upstream silent this long is given up (the consumer gets a 502). Default 30 s. */
  timeoutMs?: number;
  events?: ProxyEvents;
  /** Secrets to redact and `GITHUB_STEP_SUMMARY`, as writeReports reads them; default process.env. */
  env?: NodeJS.ProcessEnv;
  /** The history the session is judged against and recorded in, under target `proxy`; none when absent. */
  history?: HistoryConfig;
}

export interface WrittenProxyReports extends WrittenReports {
  har: string;
}

export interface RunningProxy {
  /** `http://127.0.0.1:8788/client/v4`: what consumers take as their base URL. */
  url: string;
  port: number;
  /** The session's report so far. */
  report(): RunReport;
  /** Writes the reports and exchanges.har now. */
  flush(): WrittenProxyReports;
  /**
   * Stops accepting connections, lets requests in flight finish (cut after 5 s), writes the final
   * reports and returns the final report. Safe to call more than once.
   */
  close(): Promise<{ report: RunReport; written: WrittenProxyReports }>;
}

/** The upstream as a URL, or a usage error in one line. */
export function parseUpstream(value: string): URL {
  const url = URL.canParse(value) ? new URL(value) : undefined;
  if (!url || !/^https?:$/.test(url.protocol) || url.search || url.hash || url.username || url.password)
    throw new RunnerError(
      "usage",
      `--upstream must be an http(s) URL without query, fragment or credentials, got ${value} (see --help)`,
    );
  return url;
}

export async function startProxy(options: ProxyOptions): Promise<RunningProxy> {
  const upstream = parseUpstream(options.upstream);
  const basePath = upstream.pathname.replace(/\/+$/, "");
  const startedAt = new Date();
  const engine = createEngine(options.spec, { now: startedAt });
  const credentials = createCredentials();
  const session = createSession({
    engine,
    match: operationMatcher(engine.index, basePath),
    credentials,
    upstream,
    runId: options.runId,
    specHash: options.specHash,
    lines: options.specLines,
    startedAt,
    failOn: options.failOn ?? "breaking",
    baseline: options.baseline ?? { entries: [] },
    events: options.events,
    history:
      options.history && sessionHistory(options.history, options.runId, startedAt, upstream, options.events),
  });
  const forwarder = createForwarder({
    upstream,
    timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS,
    record: (observation) => session.record(observation),
    abandoned: () => session.abandoned(),
    notHttp: () => session.notHttp(),
  });
  // No Host required: a request without one is the consumer's, forwarded as sent (with the upstream's).
  const server = createServer({ requireHostHeader: false }, forwarder.handle);
  server.on("clientError", forwarder.clientError);
  const host = options.host ?? DEFAULT_HOST;
  await listen(server, options.port ?? DEFAULT_PORT, host);
  const { port } = server.address() as AddressInfo;
  const env = options.env ?? process.env;

  const write = (final: boolean): { report: RunReport; written: WrittenProxyReports } => {
    const report = session.report(new Date(), final);
    const runDir = join(options.reportsRoot, report.runId);
    mkdirSync(runDir, { recursive: true });
    const har = join(runDir, HAR_FILE);
    const comment = `contract proxy session ${report.runId} in front of ${upstream.href}: the exchanges findings point at, and the last ${KEEP_LAST}`;
    const harJson = `${JSON.stringify(renderHar(session.kept(), comment), null, 2)}\n`;
    // A last pass with every credential the session saw: defence in depth, like writeReports'.
    writeFileSync(har, redactSecrets(harJson, credentials.secrets()));
    // Every flush rewrites the run's files; only the last one may add to the CI step summary.
    const { GITHUB_STEP_SUMMARY: _summary, ...withoutSummary } = env;
    const written = writeReports(report, {
      reportsRoot: options.reportsRoot,
      lines: options.specLines,
      env: final ? env : withoutSummary,
    });
    const result = { ...written, har };
    options.events?.flushed?.(report, result, final);
    return { report, written: result };
  };
  const flushEvery = options.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS;
  const timer =
    flushEvery > 0
      ? setInterval(() => {
          try {
            write(false);
          } catch (error) {
            // A full disk must not stop the traffic: said, and tried again at the next flush.
            options.events?.warning?.(`the reports could not be written: ${oneLine(error)}`);
          }
        }, flushEvery)
      : undefined;
  timer?.unref();

  let closing: Promise<{ report: RunReport; written: WrittenProxyReports }> | undefined;
  return {
    url: `http://${host.includes(":") ? `[${host}]` : host}:${port}${basePath}`,
    port,
    report: () => session.report(),
    flush: () => write(false).written,
    close() {
      closing ??= (async () => {
        clearInterval(timer);
        const closed = new Promise<void>((resolve) => server.close(() => resolve()));
        server.closeIdleConnections();
        await forwarder.drained(CLOSE_GRACE_MS);
        server.closeAllConnections();
        await closed;
        forwarder.close();
        return write(true);
      })();
      return closing;
    },
  };
}

function listen(server: ReturnType<typeof createServer>, port: number, host: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: NodeJS.ErrnoException) => {
      server.off("listening", onListening);
      const why =
        error.code === "EADDRINUSE"
          ? "is in use"
          : error.code === "EACCES"
            ? "needs privileges this process does not have"
            : `cannot be listened on (${error.code ?? error.message})`;
      reject(new RunnerError("usage", `proxy: port ${port} on ${host} ${why}`));
    };
    const onListening = () => {
      server.off("error", onError);
      resolve();
    };
    server.once("error", onError);
    server.once("listening", onListening);
    server.listen(port, host);
  });
}

/**
 * Opens the history for each report of the session (what it kept grows between flushes); its one
 * line (or warning) is said once.
 */
function sessionHistory(
  config: HistoryConfig,
  runId: string,
  startedAt: Date,
  upstream: URL,
  events: ProxyEvents | undefined,
): (run: Pick<RunHistoryInput, "exchanges" | "steps">) => RunHistory {
  let said = false;
  const notice: HistoryNotice = (line, warning) => {
    if (said) return;
    said = true;
    if (warning) events?.warning?.(line.replace(/^warning: /, ""));
  };
  const target = proxyTarget(upstream);
  return (run) =>
    openRunHistory(
      config,
      {
        runId,
        startedAt: startedAt.toISOString(),
        targets: [target],
        scenarios: [SCENARIO],
        source: "traffic",
        ...run,
      },
      notice,
    );
}

/** The `proxy` command as the CLI parsed it; what is undefined takes its default here. */
export interface ProxyCommand {
  upstream: string | undefined;
  host: string | undefined;
  port: number | undefined;
  flushEveryMs: number | undefined;
  specPath: string | undefined;
  reportDir: string | undefined;
  baselinePath: string | undefined;
  failOn: Severity;
  /** The history database, or undefined with --no-history. */
  history: HistoryConfig | undefined;
}

/**
 * The CLI: starts the proxy, prints its one ready line and each new finding, and on SIGINT/SIGTERM
 * writes the final reports, prints the summary and returns the exit code `--fail-on` gives the
 * session (a second signal exits at once, the last flush's reports staying on disk).
 */
export async function runProxy(command: ProxyCommand): Promise<number> {
  const given = (command.upstream ?? DEFAULT_UPSTREAM).replace(/\/+$/, "");
  const upstream = parseUpstream(given);
  // Redocly, which bundles a --spec file, is a third of the proxy's memory: loaded only for one.
  const { spec, specHash } =
    command.specPath === undefined
      ? { spec: bundledSpec, specHash: bundledHash }
      : await (await import("../cli/spec.ts")).loadSpec(command.specPath);
  const specLines = readSpecLines(command.specPath === undefined ? undefined : resolve(command.specPath));
  const proxy = await startProxy({
    upstream: upstream.href,
    spec,
    specHash,
    specLines,
    reportsRoot: command.reportDir === undefined ? defaultReportsRoot : resolve(command.reportDir),
    runId: newRunId(),
    host: command.host ?? DEFAULT_HOST,
    port: command.port ?? DEFAULT_PORT,
    failOn: command.failOn,
    baseline: readBaseline(command.baselinePath),
    flushEveryMs: command.flushEveryMs ?? DEFAULT_FLUSH_EVERY_MS,
    history: command.history,
    events: {
      finding: (finding, accepted) => process.stdout.write(`${findingLine(finding, accepted)}\n`),
      upstreamError: (operation, reason) =>
        process.stderr.write(
          `proxy: ${operation}: no answer from the upstream (${reason}); the consumer got a 502 (further ones are counted in the report)\n`,
        ),
      warning: (message) => process.stderr.write(`warning: ${message}\n`),
    },
  });
  process.stdout.write(`proxy ${proxy.url} → ${given}\n`);
  const signal = await new Promise<string>((resolve) => {
    const stop = (name: string) => {
      process.on("SIGINT", () => process.exit(SIGNAL_EXIT.SIGINT));
      process.on("SIGTERM", () => process.exit(SIGNAL_EXIT.SIGTERM));
      resolve(name);
    };
    process.once("SIGINT", stop);
    process.once("SIGTERM", stop);
  });
  process.stderr.write(`\n${signal}: stopping, letting requests in flight finish, writing the reports…\n`);
  const started = performance.now();
  const { report, written } = await proxy.close();
  const reportingMs = Math.round(performance.now() - started);
  const paths = [...Object.values(written.files), written.har, `${written.latestDir} (copy)`];
  process.stdout.write(renderSummary(report, paths, reportingMs));
  annotateInCi(report, specLines);
  return report.exitCode;
}

/** A new finding as one console line: what, where, expected and observed. */
export function findingLine(finding: ContractFinding, accepted: boolean): string {
  const line = `new: ${finding.severity} ${finding.rule} · ${finding.operation} ${finding.pointer || "(body)"} · Expected: ${showValue(finding.expected)} · Observed: ${showValue(finding.observed)}${accepted ? " (accepted by the baseline)" : ""}`;
  return line.replace(/\s*\n\s*/g, " ");
}
