/**
 * Runs Prism's own CLI (not an npx wrapper, which would survive a kill) under
 * the current Node, on a port the OS picked, and hands back its base URL once
 * Prism prints its readiness line. `close()` always ends the process: SIGTERM,
 * then SIGKILL after a grace period; the process is also killed if ours exits.
 */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { createRequire } from "node:module";
import { createServer } from "node:net";
import { dirname, join } from "node:path";
import { specPath as bundledSpecPath } from "@impersonation-registry/types/spec";

export interface PrismOptions {
  /** The OpenAPI document to mock; default: the bundled spec of @impersonation-registry/types. */
  specPath?: string;
  /** Generate responses from the schemas instead of returning the spec's examples. */
  dynamic?: boolean;
  /** Run `prism proxy` in front of this URL instead of a mock (requests and responses validated). */
  upstream?: string;
  host?: string;
  /** How long to wait for Prism's readiness line (ms). */
  startTimeoutMs?: number;
}

export interface PrismServer {
  /** Where the spec's paths are served: Prism drops the server URL's path (`/client/v4`). */
  baseUrl: string;
  port: number;
  pid: number;
  /** The last lines Prism printed, for error messages. */
  outputTail(): string;
  close(): Promise<void>;
}

export class PrismStartError extends Error {
  override name = "PrismStartError";
}

const READY = /Prism is listening on (http:\/\/\S+)/;
const TAIL_LINES = 12;
const KILL_GRACE_MS = 2_000;

const prismCli = join(
  dirname(createRequire(import.meta.url).resolve("@stoplight/prism-cli/package.json")),
  "dist/index.js",
);

/** A port the OS considers free right now (Prism cannot be told to pick one itself). */
export async function freePort(host = "127.0.0.1"): Promise<number> {
  const server = createServer();
  server.listen(0, host);
  await once(server, "listening");
  const address = server.address();
  server.close();
  if (address === null || typeof address === "string") throw new Error("no TCP address");
  return address.port;
}

export async function startPrism(options: PrismOptions = {}): Promise<PrismServer> {
  const host = options.host ?? "127.0.0.1";
  const port = await freePort(host);
  const args = [prismCli, options.upstream ? "proxy" : "mock", "-h", host, "-p", String(port)];
  if (options.dynamic) args.push("--dynamic");
  args.push(options.specPath ?? bundledSpecPath);
  if (options.upstream) args.push(options.upstream);

  const child = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "pipe"] });
  const tail: string[] = [];
  const remember = (chunk: Buffer) => {
    for (const line of chunk.toString("utf8").split("\n")) {
      if (line.trim() === "") continue;
      tail.push(line);
      if (tail.length > TAIL_LINES) tail.shift();
    }
  };
  // Both pipes must be drained for the whole life of the process, or Prism blocks on a full pipe.
  child.stdout.on("data", remember);
  child.stderr.on("data", remember);
  const killOnExit = () => child.kill("SIGKILL");
  process.once("exit", killOnExit);

  const outputTail = () => tail.join("\n");
  try {
    const url = await waitForReady(child, options.startTimeoutMs ?? 20_000, outputTail);
    const close = closer(child, () => process.off("exit", killOnExit));
    return { baseUrl: url, port, pid: child.pid ?? -1, outputTail, close };
  } catch (error) {
    await closer(child, () => process.off("exit", killOnExit))();
    throw error;
  }
}

function waitForReady(child: ChildProcess, timeoutMs: number, outputTail: () => string): Promise<string> {
  return new Promise((resolve, reject) => {
    let seen = "";
    const cleanup = () => {
      clearTimeout(timer);
      child.stdout?.off("data", onData);
      child.off("exit", onExit);
      child.off("error", onError);
    };
    const fail = (why: string) => {
      cleanup();
      const output = outputTail().replace(/\s*\n\s*/g, " | ");
      reject(new PrismStartError(`Prism ${why}${output ? `; its output ends: ${output}` : ""}`));
    };
    const onData = (chunk: Buffer) => {
      seen = (seen + chunk.toString("utf8")).slice(-4096);
      const match = READY.exec(seen);
      if (match?.[1]) {
        cleanup();
        resolve(match[1]);
      }
    };
    const onExit = (code: number | null, signal: string | null) =>
      fail(`exited before it was ready (${signal ?? `exit code ${code}`})`);
    const onError = (error: Error) => fail(`could not be started (${error.message})`);
    const timer = setTimeout(() => fail(`did not get ready within ${timeoutMs} ms`), timeoutMs);
    child.stdout?.on("data", onData);
    child.once("exit", onExit);
    child.once("error", onError);
  });
}

function closer(child: ChildProcess, release: () => void): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => {
    closing ??= (async () => {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        const timer = setTimeout(() => child.kill("SIGKILL"), KILL_GRACE_MS);
        await exited;
        clearTimeout(timer);
      }
      release();
    })();
    return closing;
  };
}
