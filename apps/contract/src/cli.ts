#!/usr/bin/env node
/**
 * `npm run contract -- …`: parses the command line, runs, prints, exits
 * 0 / 1 / 2 (see --help). Every failure before the verdict is one line on
 * stderr and exit 2, never a stack trace. SIGINT/SIGTERM abort the run; its
 * `finally` deletes what it created and stops Prism and the sandbox, then the
 * process exits 130/143. A second signal exits at once (Prism is still killed
 * by its own exit hook).
 */
import { parseCommand } from "./cli/args.ts";
import { HELP } from "./cli/help.ts";
import { oneLine, RunnerError } from "./errors.ts";

async function main(argv: readonly string[]): Promise<number> {
  const command = parseCommand(argv);
  if (command.kind === "help") {
    process.stdout.write(HELP);
    return 0;
  }
  if (command.kind === "accept")
    return (await import("./cli/accept-command.ts")).acceptCommand(command, process.stdout);
  if (command.kind === "history") {
    // Only the history command: the listing answers without loading a run's targets, Prism or the sandbox.
    const { historyCommand } = await import("./cli/history-command.ts");
    return historyCommand(command, process.stdout);
  }
  // The proxy needs none of a run's targets, scenarios or suggest: only its own modules are loaded.
  if (command.kind === "proxy") return (await import("./proxy/index.ts")).runProxy(command);
  const commands = await import("./cli/commands.ts");
  if (command.kind === "list") return commands.runList(command.specPath);
  if (command.kind === "sweep") return commands.runSweep(command.olderThanMs);
  if (command.kind === "suggest") return commands.runSuggest(command);
  return commands.runCommand(command);
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: unknown) => {
    const known = error instanceof RunnerError || typeof (error as { code?: unknown })?.code === "string";
    process.stderr.write(`contract: ${known ? "" : "unexpected error: "}${oneLine(error)}\n`);
    process.exit(2);
  },
);
