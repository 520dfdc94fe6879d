/**
 * Spec → generated files of @impersonation-registry/types.
 *
 *   node packages/types/scripts/generate.ts            write src/generated/*
 *   node packages/types/scripts/generate.ts --check    exit 1 if they are stale
 *   … --spec FILE --out DIR                            another spec or output folder (tests)
 *
 * Exit codes: 0 ok, 1 stale (--check) or unreadable spec, 2 bad usage.
 * Errors print as one line `file:line:col: message`; nothing is written unless
 * every output was produced, so a broken spec never clobbers the last good output.
 * The rendering itself is `src/generate.ts` (the `…/generate` subpath); this file
 * reads, bundles, writes and checks.
 */
import { mkdir, readFile, rename, writeFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import { bundleSpec, SpecBundleError } from "@impersonation-registry/spec-bundle";
import { renderGenerated } from "../src/generate.ts";

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../../..");
const defaultSpec = join(repoRoot, "openapi/impersonation-registry.yaml");
const defaultOutDir = join(repoRoot, "packages/types/src/generated");

interface OutputFile {
  path: string;
  content: string;
}

/** Reads and bundles the spec, then renders every generated file in memory, placed in `outDir`. */
async function render(specPath: string, outDir: string): Promise<OutputFile[]> {
  const source = await readFile(specPath, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new SpecBundleError(`${specPath}: cannot read the spec (${error.code ?? error.message})`);
  });
  const inCwd = relative(process.cwd(), specPath);
  const label = inCwd.startsWith("..") ? specPath : inCwd;
  const bundled = await bundleSpec(source, { label, absoluteRef: specPath });
  return (await renderGenerated(bundled)).map(({ name, content }) => ({ path: join(outDir, name), content }));
}

async function writeAtomically(file: OutputFile): Promise<void> {
  await mkdir(dirname(file.path), { recursive: true });
  const temporary = `${file.path}.${process.pid}.tmp`;
  await writeFile(temporary, file.content);
  await rename(temporary, file.path);
}

async function staleFiles(files: OutputFile[]): Promise<string[]> {
  const stale: string[] = [];
  for (const file of files) {
    const committed = await readFile(file.path, "utf8").catch(() => null);
    if (committed !== file.content) stale.push(relative(repoRoot, file.path));
  }
  return stale;
}

async function main(argv: string[]): Promise<number> {
  let options: { check?: boolean; spec?: string; out?: string };
  try {
    ({ values: options } = parseArgs({
      args: argv,
      options: { check: { type: "boolean" }, spec: { type: "string" }, out: { type: "string" } },
      strict: true,
    }));
  } catch (error) {
    console.error(
      `generate: ${(error as Error).message} (usage: generate [--check] [--spec FILE] [--out DIR])`,
    );
    return 2;
  }
  const specPath = resolve(options.spec ?? defaultSpec);
  try {
    const files = await render(specPath, resolve(options.out ?? defaultOutDir));
    if (options.check) {
      const stale = await staleFiles(files);
      if (stale.length > 0) {
        console.error(`generate --check: stale: ${stale.join(", ")} — run \`npm run generate\``);
        return 1;
      }
      console.log("generate --check: generated files are up to date");
      return 0;
    }
    for (const file of files) await writeAtomically(file);
    console.log(`generate: wrote ${files.map((f) => relative(repoRoot, f.path)).join(", ")}`);
    return 0;
  } catch (error) {
    if (error instanceof SpecBundleError) {
      console.error(`generate: ${error.message}`);
      return 1;
    }
    throw error;
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  process.exitCode = await main(process.argv.slice(2));
}
