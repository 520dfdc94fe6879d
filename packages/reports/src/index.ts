/**
 * The renderers of a contract run's report: pure functions from report data
 * (the engine's RunReport) to text. Writing the files is the app's business.
 */
export { aligned, renderDigest, renderSummaryTable } from "./console.ts";
export { digestOf, type FindingRow, findingRows, headlineLine } from "./digest.ts";
export { coverageMatrix, generationLines, generationMarkdown, neverSeenStatuses } from "./generation.ts";
export { renderHtml } from "./html.ts";
export { renderJunit } from "./junit.ts";
export { renderMarkdown } from "./markdown.ts";
export { brokenSteps, buildMatrix, cellLabel, severityCounts, touches, verdictOfRun } from "./matrix.ts";
