/** Runs the CLI as a child process and waits for its printed base URL (no fixed sleeps). */
import { type ChildProcess, spawn } from "node:child_process";
import { fileURLToPath } from "node:url";

const cliPath = fileURLToPath(new URL("../bin/sandbox.mjs", import.meta.url));

export interface CliRun {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exited: Promise<number | null>;
}

export function runCli(args: string[]): CliRun {
  const child = spawn(process.execPath, [cliPath, ...args], { stdio: ["ignore", "pipe", "pipe"] });
  let stdout = "";
  let stderr = "";
  child.stdout?.on("data", (chunk) => {
    stdout += chunk;
  });
  child.stderr?.on("data", (chunk) => {
    stderr += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return { child, stdout: () => stdout, stderr: () => stderr, exited };
}

/** Resolves with CLOUDFLARE_BASE_URL once printed; rejects if the process exits first. */
export function baseUrlOf(run: CliRun): Promise<string> {
  return new Promise((resolve, reject) => {
    const check = () => {
      const match = /^CLOUDFLARE_BASE_URL=(\S+)$/m.exec(run.stdout());
      if (match) {
        run.child.stdout?.off("data", check);
        resolve(match[1] as string);
      }
    };
    run.child.stdout?.on("data", check);
    run.exited.then((code) =>
      reject(new Error(`sandbox exited with ${code} before it was ready: ${run.stderr()}`)),
    );
  });
}

/** Kills a child that is still running; used in afterEach so no test leaves one behind. */
export async function stop(run: CliRun | undefined, signal: NodeJS.Signals = "SIGKILL"): Promise<void> {
  if (run === undefined || run.child.exitCode !== null || run.child.signalCode !== null) return;
  run.child.kill(signal);
  await run.exited;
}
