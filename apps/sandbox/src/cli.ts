/**
 * `npm run sandbox`. A launcher only: it turns on Node's compile cache before
 * anything else loads, so later starts reuse the type-stripped and compiled
 * modules (it halves startup); hence the dynamic import of the real CLI.
 */
import { enableCompileCache } from "node:module";

enableCompileCache();
const { runCli } = await import("./cli-main.ts");
process.exitCode = await runCli();
