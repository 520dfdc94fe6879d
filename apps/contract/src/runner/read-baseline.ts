/** The baseline a command uses, read without loading anything else of a run (the proxy needs it too). */
import { type Baseline, loadBaseline } from "../engine.ts";
import { defaultBaselinePath } from "./paths.ts";

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
