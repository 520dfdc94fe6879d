/**
 * Spec text → dereferenced document. Dereferencing is what makes an edit to a
 * shared component show up on every operation that uses it.
 */
import { bundleFromString, createConfig } from "@redocly/openapi-core";
import { LineCounter, parseDocument } from "yaml";
import { SpecDiffError } from "./errors.ts";

export type Node = Record<string, unknown>;

export function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// createConfig reads no file when given an object, but still costs a few ms; once is enough.
let config: ReturnType<typeof createConfig> | undefined;

/** `label` names the spec in errors (a path, or `REF:path`); `absoluteRef` resolves relative $refs. */
export async function loadSpec(source: string, label: string, absoluteRef: string): Promise<Node> {
  const lineCounter = new LineCounter();
  const document = parseDocument(source, { lineCounter, prettyErrors: false });
  const [syntaxError] = document.errors;
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new SpecDiffError(
      `${label}:${line}:${col}: YAML syntax error: ${syntaxError.message.split("\n")[0]}`,
    );
  }
  const parsed: unknown = document.toJS();
  if (!isNode(parsed) || !isNode(parsed.paths)) {
    throw new SpecDiffError(`${label}: not an OpenAPI document (no "paths" object)`);
  }
  config ??= createConfig({});
  const bundled = await bundleFromString({ source, absoluteRef, config: await config, dereference: true });
  const problem = bundled.problems.find((p) => p.severity === "error");
  if (problem) throw new SpecDiffError(`${label}: ${problem.message}`);
  return bundled.bundle.parsed as Node;
}
