/** The baseline a command uses, read without loading anything else of a run (the proxy needs it too). */
import { readFileSync } from "node:fs";
import { type Baseline, BaselineError, parseBaseline } from "@impersonation-registry/engine";
import { RULE_IDS } from "../rules.ts";
import { defaultBaselinePath } from "./paths.ts";

/** The baseline file at `path`, checked against the rules table; a BaselineError (one line) when unusable. */
export function loadBaseline(path: string): Baseline {
  let source: string;
  try {
    source = readFileSync(path, "utf8");
  } catch (error) {
    throw new BaselineError(
      "baseline-unreadable",
      `baseline ${path} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  }
  return parseBaseline(source, path, RULE_IDS);
}

/** The default baseline may be absent (nothing accepted); one named with --baseline must load. */
export function readBaseline(path: string | undefined): Baseline {
  try {
    return loadBaseline(path ?? defaultBaselinePath);
  } catch (error) {
    if (path === undefined && (error as { code?: string }).code === "baseline-unreadable")
      return { entries: [] };
    throw error;
  }
}
