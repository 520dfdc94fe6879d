import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** The repository's root: files the contract app reads and writes live relative to it, whatever the cwd. */
export const repoRoot = fileURLToPath(new URL("../../../../", import.meta.url));

export const defaultReportsRoot = join(repoRoot, "reports/contract/");

/** The hand-written spec the bundled one is generated from: the file whose lines findings point at. */
export const defaultSpecSource = join(repoRoot, "openapi/impersonation-registry.yaml");

export const defaultBaselinePath = fileURLToPath(new URL("../../baseline.json", import.meta.url));

/** `--history`, or `history.db` in the report directory (`--report-dir`, or the default one). */
export function historyPath(reportDir: string | undefined, explicit: string | undefined): string {
  if (explicit !== undefined) return resolve(explicit);
  return join(reportDir === undefined ? defaultReportsRoot : resolve(reportDir), "history.db");
}
