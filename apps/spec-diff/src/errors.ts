/** A problem that stops spec-diff before any comparison: printed as one line, exit code 2. */
export class SpecDiffError extends Error {
  override name = "SpecDiffError";
}
