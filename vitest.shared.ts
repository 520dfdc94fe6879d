/**
 * Settings every package's vitest.config.ts starts from. Each run also writes a
 * JSON report to reports/test/<package>.json, which `.ci/run` sums into the
 * closing `N passed, N failed` line (turbo never replays tests: `test` is uncached).
 */
import { fileURLToPath } from "node:url";
import { defineConfig, mergeConfig, type ViteUserConfig } from "vitest/config";

const reportsDir = fileURLToPath(new URL("./reports/test/", import.meta.url));

export function packageTestConfig(packageName: string, overrides: ViteUserConfig = {}) {
  return mergeConfig(
    defineConfig({
      test: {
        include: ["test/**/*.test.ts"],
        reporters: ["default", ["json", { outputFile: `${reportsDir}${packageName}.json` }]],
        testTimeout: 20_000,
        hookTimeout: 30_000,
      },
    }),
    overrides,
  );
}
