// `npm run sandbox`. Plain JavaScript on purpose: a .ts entry makes Node load its TypeScript
// stripper on every start (~45 ms), even when every other module comes from the compile cache.
// The cache is turned on before anything else loads, hence the dynamic import of the real CLI.
import { enableCompileCache } from "node:module";

enableCompileCache();
const { runCli } = await import("../src/cli-main.ts");
process.exitCode = await runCli();
