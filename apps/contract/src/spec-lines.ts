/**
 * The spec as the file findings point into: its path as GitHub names it
 * (relative to the repository root) and a locator over its text, which parses
 * the YAML once — per run, or per proxy session — and answers every finding's
 * node from the parser's source positions.
 */
import { readFileSync } from "node:fs";
import { relative, sep } from "node:path";
import { pathToFileURL } from "node:url";
import { type SpecLocator, specLocator } from "@impersonation-registry/sarif";
import { defaultSpecSource, repoRoot } from "./cli/paths.ts";
import { oneLine, RunnerError } from "./errors.ts";

export interface SpecLines {
  /** `openapi/impersonation-registry.yaml`; a spec outside the repository as a `file://` URL. */
  path: string;
  locator: SpecLocator;
}

/** The spec file's path as code scanning resolves it: relative to the repository, `/`-separated. */
export function specUri(file: string): string {
  const inRepo = relative(repoRoot, file);
  if (inRepo.startsWith("..") || inRepo === "" || /^[a-z]:/i.test(inRepo)) return pathToFileURL(file).href;
  return inRepo.split(sep).join("/");
}

/**
 * Reads and parses the spec whose lines findings point at: `--spec`, or the hand-written YAML the
 * bundled spec is generated from. Unreadable or unparsable: exit 2, one line.
 */
export function readSpecLines(file: string = defaultSpecSource): SpecLines {
  const path = specUri(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new RunnerError("spec-unreadable", `spec ${file} cannot be read: ${code ?? oneLine(error)}`);
  }
  try {
    return { path, locator: specLocator(text, path) };
  } catch (error) {
    throw new RunnerError("spec-invalid", oneLine(error));
  }
}
