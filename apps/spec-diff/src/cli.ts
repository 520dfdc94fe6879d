/**
 * npm run spec:diff -- [--base REF] [--format text|md|json] [--fail-on breaking|none] [--append-to FILE]
 *
 * stdout is the rendered report alone (the root script sends turbo's build
 * output to stderr). `--append-to` also appends it to FILE: CI passes
 * $GITHUB_STEP_SUMMARY, so the report is in the job's log and its summary.
 * Every run also writes reports/spec-diff/report.sarif (the changes on the spec's
 * lines, for code scanning); with GITHUB_ACTIONS=true the breaking changes follow
 * the report on stdout as workflow commands, which annotate the spec in a pull request.
 *
 * Exit codes: 0 no breaking change (or --fail-on none), 1 breaking change or a
 * consumer that no longer compiles, 2 unusable input (bad option, unknown ref,
 * no merge base, unreadable spec) — printed as one line, never an empty diff.
 */
import { appendFile, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { runCli } from "./errors.ts";
import { repoRoot } from "./git.ts";
import { runSpecDiff, SpecDiffError } from "./index.ts";
import { FORMATS, type Format, render } from "./render.ts";
import { breakingAnnotations, locatorOf, specDiffSarif } from "./sarif.ts";

/** Where report.sarif is written, relative to the repository root (beside the contract's reports). */
export const SARIF_PATH = "reports/spec-diff/report.sarif";

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
    const root = repoRoot(process.cwd());
    const locator = locatorOf(report.spec, await readFile(join(root, report.spec), "utf8"));
    const sarif = join(root, SARIF_PATH);
    await mkdir(dirname(sarif), { recursive: true });
    await writeFile(sarif, `${JSON.stringify(specDiffSarif(report, locator), null, 2)}\n`);
    if (process.env.GITHUB_ACTIONS === "true") {
      for (const line of breakingAnnotations(report, locator)) console.log(line);
    }
    return report.bump === "major" && values["fail-on"] === "breaking" ? 1 : 0;
  });
}

if (import.meta.filename === process.argv[1]) {
  process.exitCode = await main(process.argv.slice(2));
}
