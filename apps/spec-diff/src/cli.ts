/**
 * npm run spec:diff -- [--base REF] [--format text|md|json] [--fail-on breaking|none] [--append-to FILE]
 *
 * stdout is the rendered report alone (the root script sends turbo's build
 * output to stderr). `--append-to` also appends it to FILE: CI passes
 * $GITHUB_STEP_SUMMARY, so the report is in the job's log and its summary.
 *
 * Exit codes: 0 no breaking change (or --fail-on none), 1 breaking change or a
 * consumer that no longer compiles, 2 unusable input (bad option, unknown ref,
 * no merge base, unreadable spec) — printed as one line, never an empty diff.
 */
import { appendFile } from "node:fs/promises";
import { parseArgs } from "node:util";
import { runCli } from "./errors.ts";
import { runSpecDiff, SpecDiffError } from "./index.ts";
import { FORMATS, type Format, render } from "./render.ts";

const USAGE =
  "usage: spec:diff [--base REF] [--format text|md|json] [--fail-on breaking|none] [--append-to FILE]";

export function main(argv: string[]): Promise<number> {
  return runCli("spec:diff", async () => {
    const { values } = parseArgs({
      args: argv,
      options: {
        base: { type: "string" },
        format: { type: "string", default: "text" },
        "fail-on": { type: "string", default: "breaking" },
        "append-to": { type: "string" },
      },
      strict: true,
      allowPositionals: false,
    });
    const format = values.format as Format;
    if (!FORMATS.includes(format)) throw new SpecDiffError(`unknown --format "${values.format}" (${USAGE})`);
    if (values["fail-on"] !== "breaking" && values["fail-on"] !== "none") {
      throw new SpecDiffError(`unknown --fail-on "${values["fail-on"]}" (${USAGE})`);
    }
    const report = await runSpecDiff({ base: values.base });
    const output = render(report, format);
    console.log(output);
    if (values["append-to"]) await appendFile(values["append-to"], `${output}\n`);
    return report.bump === "major" && values["fail-on"] === "breaking" ? 1 : 0;
  });
}

if (import.meta.filename === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
