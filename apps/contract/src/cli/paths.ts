import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Files the contract app writes live relative to the repository root, whatever the cwd. */
export const defaultReportsRoot = fileURLToPath(new URL("../../../../reports/contract/", import.meta.url));

export const defaultBaselinePath = fileURLToPath(new URL("../../baseline.json", import.meta.url));

/** `--history`, or `history.db` in the report directory (`--report-dir`, or the default one). */
export function historyPath(reportDir: string | undefined, explicit: string | undefined): string {
  if (explicit !== undefined) return resolve(explicit);
  return join(reportDir === undefined ? defaultReportsRoot : resolve(reportDir), "history.db");
}
