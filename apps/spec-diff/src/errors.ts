/** A problem that stops spec-diff before any comparison: printed as one line, exit code 2. */
export class SpecDiffError extends Error {
  override name = "SpecDiffError";
}

/**
 * Runs a CLI body: a SpecDiffError or a bad option prints `name: message` on one
 * line and exits 2; anything else is a bug and keeps its stack trace.
 */
export async function runCli(name: string, body: () => Promise<number>): Promise<number> {
  try {
    return await body();
  } catch (error) {
    const badOption = (error as { code?: string }).code?.startsWith("ERR_PARSE_ARGS") === true;
    if (!(error instanceof SpecDiffError) && !badOption) throw error;
    console.error(`${name}: ${(error as Error).message}`);
    return 2;
  }
}
