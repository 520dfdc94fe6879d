/**
 * Spec text → the same document with every $ref resolved. The one place that
 * parses the spec for tools: `generate`, `spec:diff` and the contract app's
 * `--spec` all see the same document and the same errors. Dereferencing is
 * what lets an edit to a shared component reach every operation that uses it.
 * A recursive schema (an error whose `error_chain` holds errors) keeps the one
 * `$ref` that closes its cycle, so the document stays a tree.
 */
import { createHash } from "node:crypto";
import { bundleFromString, createConfig, getLineColLocation } from "@redocly/openapi-core";
import { LineCounter, parseDocument } from "yaml";
import { resolvePointer } from "./pointer.ts";

export type SpecNode = Record<string, unknown>;

export interface BundledSpec {
  /**
   * Every $ref resolved (what validators and differs walk), except the one that would re-enter a
   * schema being resolved: that stays a local `$ref` (see `createSpecAjv`, which resolves it).
   */
  document: SpecNode;
  /** As written, $refs kept (what openapi-typescript wants, to keep component names). */
  parsed: SpecNode;
  /** sha256 of the source text. */
  sha256: string;
}

/** A spec that cannot be used; the message is one line starting `label:line:col:`. */
export class SpecBundleError extends Error {
  override name = "SpecBundleError";
}

export interface BundleOptions {
  /** How errors name the spec: a path, or `REF:path` for a git revision. */
  label: string;
  /** Absolute path the source stands for, so relative $refs resolve. */
  absoluteRef: string;
}

const isNode = (value: unknown): value is SpecNode =>
  typeof value === "object" && value !== null && !Array.isArray(value);

// createConfig reads no file when given an object but still costs a few ms: once per process.
let config: ReturnType<typeof createConfig> | undefined;

export async function bundleSpec(
  source: string,
  { label, absoluteRef }: BundleOptions,
): Promise<BundledSpec> {
  // yaml gives precise syntax locations (Redocly's bundler reports them less clearly); JSON is YAML too.
  const lineCounter = new LineCounter();
  const yaml = parseDocument(source, { lineCounter, prettyErrors: false });
  const [syntaxError] = yaml.errors;
  if (syntaxError) {
    const { line, col } = lineCounter.linePos(syntaxError.pos[0]);
    throw new SpecBundleError(
      `${label}:${line}:${col}: YAML syntax error: ${syntaxError.message.split("\n")[0]}`,
    );
  }
  const parsed: unknown = yaml.toJS();
  if (!isNode(parsed) || typeof parsed.openapi !== "string" || !isNode(parsed.paths)) {
    throw new SpecBundleError(
      `${label}:1:1: not an OpenAPI document (no "openapi" version or "paths" object)`,
    );
  }

  config ??= createConfig({});
  // Redocly reports most problems as data, but throws on some (an unsupported `openapi` version).
  const bundled = await bundleFromString({
    source,
    absoluteRef,
    config: await config,
    dereference: false,
  }).catch((error: Error) => {
    throw new SpecBundleError(`${label}:1:1: ${error.message.split("\n")[0]}`);
  });
  const problem = bundled.problems.find((p) => p.severity === "error");
  if (problem) {
    const location = problem.location[0];
    const at = location ? getLineColLocation(location).start : { line: 1, col: 1 };
    throw new SpecBundleError(`${label}:${at.line}:${at.col}: ${problem.message}`);
  }
  return {
    document: dereference(bundled.bundle.parsed as SpecNode),
    parsed,
    sha256: createHash("sha256").update(source).digest("hex"),
  };
}

/**
 * Every local `$ref` replaced by its target (resolved once, then shared), except a `$ref` met while
 * its own target is being resolved: a recursive schema. That one stays as written, so the result
 * has no cycle (JSON.stringify and every walker terminate) and still means what the spec says.
 * Redocly's own dereferencing builds a cyclic object graph instead. Siblings of a `$ref` are
 * ignored, as OpenAPI 3.0 says.
 */
function dereference(document: SpecNode): SpecNode {
  const resolved = new Map<string, unknown>();
  const resolving = new Set<string>();
  const visit = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(visit);
    if (!isNode(node)) return node;
    const ref = node.$ref;
    if (typeof ref !== "string") {
      return Object.fromEntries(Object.entries(node).map(([key, child]) => [key, visit(child)]));
    }
    if (resolving.has(ref)) return { $ref: ref };
    if (!resolved.has(ref)) {
      resolving.add(ref);
      resolved.set(ref, visit(resolvePointer(document, ref)));
      resolving.delete(ref);
    }
    return resolved.get(ref);
  };
  return visit(document) as SpecNode;
}
