import { fileURLToPath } from "node:url";

/** Files the contract app writes live relative to the repository root, whatever the cwd. */
export const defaultReportsRoot = fileURLToPath(new URL("../../../../reports/contract/", import.meta.url));

export const defaultBaselinePath = fileURLToPath(new URL("../../baseline.json", import.meta.url));
