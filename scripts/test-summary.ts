/**
 * Sums the vitest JSON reports that this run wrote into reports/test/ and prints
 * the one plain line CI reads: `N passed, N failed, N skipped`. Exits 1 when a
 * package wrote no report or the run executed no test, so silence never passes.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

interface VitestJson {
  numPassedTests: number;
  numFailedTests: number;
  numPendingTests: number;
  numTodoTests: number;
}

const dir = fileURLToPath(new URL("../reports/test/", import.meta.url));
const files = (await readdir(dir).catch(() => [])).filter((f) => f.endsWith(".json"));
const totals = { passed: 0, failed: 0, skipped: 0 };
for (const file of files) {
  const report = JSON.parse(await readFile(dir + file, "utf8")) as VitestJson;
  totals.passed += report.numPassedTests;
  totals.failed += report.numFailedTests;
  totals.skipped += report.numPendingTests + report.numTodoTests;
  console.log(
    `  ${file.replace(".json", "")}: ${report.numPassedTests} passed, ${report.numFailedTests} failed`,
  );
}
console.log(`${totals.passed} passed, ${totals.failed} failed, ${totals.skipped} skipped`);
if (files.length === 0 || totals.passed + totals.failed === 0) {
  console.error("test-summary: no test results were written by this run");
  process.exitCode = 1;
}
