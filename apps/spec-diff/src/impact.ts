/**
 * Type-level impact: the compile errors a consumer would hit. The types are
 * regenerated from each side's spec into one temporary folder, and the
 * consumers (plus the client's source, which consumers compile against) are
 * type-checked against each in turn through a `paths` mapping. Only errors that
 * the base does not already have are reported, so a consumer that is broken
 * for other reasons does not blame the spec.
 */
import { cp, mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { type BundledSpecSource, renderGenerated } from "@impersonation-registry/types/generate";
import ts from "typescript";

export interface CompileError {
  /** Relative to the repository root. */
  file: string;
  line: number;
  column: number;
  code: number;
  message: string;
}

function compilerOptions(root: string, typesDir: string): ts.CompilerOptions {
  const base = ts.readConfigFile(join(root, "tsconfig.base.json"), ts.sys.readFile);
  const { options } = ts.convertCompilerOptionsFromJson(base.config?.compilerOptions ?? {}, root);
  return {
    ...options,
    noEmit: true,
    paths: {
      "@impersonation-registry/types": [join(typesDir, "index.ts")],
      "@impersonation-registry/types/spec": [join(typesDir, "spec.ts")],
      "@impersonation-registry/client": [join(root, "packages/client/src/index.ts")],
    },
  };
}

/** `before` and `after` are the bundled specs (see loadSpec); `files` the consumer sources to compile against each. */
export async function typeImpact(
  root: string,
  before: BundledSpecSource,
  after: BundledSpecSource,
  files: string[],
): Promise<CompileError[]> {
  if (files.length === 0) return [];
  const workDir = await mkdtemp(join(tmpdir(), "spec-diff-types-"));
  try {
    const typesDir = join(workDir, "types");
    await cp(join(root, "packages/types/src"), typesDir, {
      recursive: true,
      filter: (source) => !source.includes("generated"),
    });
    const options = compilerOptions(root, typesDir);
    const host = cachingHost(options, workDir);
    await mkdir(join(typesDir, "generated"), { recursive: true });
    const check = async (spec: BundledSpecSource) => {
      for (const file of await renderGenerated(spec)) {
        await writeFile(join(typesDir, "generated", file.name), file.content);
      }
      return diagnostics(ts.createProgram(files, options, host), root, workDir);
    };
    const known = new Set((await check(before)).map(key));
    return (await check(after)).filter((error) => !known.has(key(error)));
  } finally {
    await rm(workDir, { recursive: true, force: true });
  }
}

function key(error: CompileError): string {
  return `${error.file}:${error.line}:${error.column}:${error.code}:${error.message}`;
}

/** Parses lib and consumer files once for both programs; only the regenerated types change between them. */
function cachingHost(options: ts.CompilerOptions, workDir: string): ts.CompilerHost {
  const host = ts.createCompilerHost(options);
  const cache = new Map<string, ts.SourceFile | undefined>();
  const getSourceFile = host.getSourceFile.bind(host);
  host.getSourceFile = (fileName, language, onError, createNew) => {
    if (fileName.startsWith(workDir)) return getSourceFile(fileName, language, onError, createNew);
    if (!cache.has(fileName)) cache.set(fileName, getSourceFile(fileName, language, onError, createNew));
    return cache.get(fileName);
  };
  return host;
}

function diagnostics(program: ts.Program, root: string, workDir: string): CompileError[] {
  return ts
    .getPreEmitDiagnostics(program)
    .filter((d) => d.file !== undefined && !d.file.fileName.startsWith(workDir))
    .map((d) => {
      const file = d.file as ts.SourceFile;
      const { line, character } = file.getLineAndCharacterOfPosition(d.start ?? 0);
      return {
        file: relative(root, file.fileName),
        line: line + 1,
        column: character + 1,
        code: d.code,
        message: ts.flattenDiagnosticMessageText(d.messageText, " ").replace(/\s+/g, " "),
      };
    });
}
