import { fileURLToPath } from "node:url";

/** Files the sandbox writes live relative to the repository root (three levels up), whatever the cwd. */
export const defaultDbPath = fileURLToPath(new URL("../../../.sandbox/sandbox.db", import.meta.url));

export const defaultSeedPath = fileURLToPath(new URL("./seed/default-seed.json", import.meta.url));
