/** Server processes for the benchmark: spawned, awaited by polling, measured from /proc, always killed. */
import { type ChildProcess, spawn } from "node:child_process";
import { once } from "node:events";
import { openSync, readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";

const sandboxCli = fileURLToPath(new URL("../bin/sandbox.mjs", import.meta.url));
const bareServer = fileURLToPath(new URL("./bare-server.ts", import.meta.url));

export interface ServerProcess {
  child: ChildProcess;
  origin: string;
  /** ms from spawn to the first answered request. */
  startupMs: number;
  close(): Promise<void>;
}

const running = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of running) child.kill("SIGKILL");
});

async function spawnAndWait(args: string[], port: number): Promise<ServerProcess> {
  const origin = `http://127.0.0.1:${port}`;
  const started = performance.now();
  const log = process.env.BENCH_CHILD_LOG;
  const child = spawn(process.execPath, args, {
    stdio: log === undefined ? "ignore" : ["ignore", "ignore", openSync(log, "a")],
  });
  running.add(child);
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${args[0]} exited with ${child.exitCode}`);
    try {
      await (await fetch(`${origin}/ready`)).arrayBuffer();
      break;
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
  }
  const startupMs = performance.now() - started;
  return {
    child,
    origin,
    startupMs,
    async close() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = once(child, "exit");
        child.kill("SIGTERM");
        await exited;
      }
      running.delete(child);
    },
  };
}

export function startSandboxProcess(port: number, db: string): Promise<ServerProcess> {
  return spawnAndWait([sandboxCli, "--port", String(port), "--db", db, "--rate-limit", "off"], port);
}

export function startBareProcess(port: number): Promise<ServerProcess> {
  return spawnAndWait([bareServer, String(port)], port);
}

/** Resident set size (and its peak) of a process, in MB, from /proc (Linux). */
export function memoryOf(pid: number | undefined): { rssMb: number; peakMb: number } {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) =>
    Number(new RegExp(`^${field}:\\s+(\\d+)`, "m").exec(status)?.[1] ?? Number.NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}
