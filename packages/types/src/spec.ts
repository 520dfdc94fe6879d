/**
 * The bundled spec (every $ref resolved) for tools that need it at run time:
 * the sandbox's validators, the contract checks, Prism. Import it from here
 * rather than reading ../../openapi, so turbo sees the dependency.
 */
import { fileURLToPath } from "node:url";
import bundled from "./generated/spec.json" with { type: "json" };

/** The parts of an OpenAPI 3.0 document that tools walk; the rest stays `unknown`. */
export interface SpecDocument {
  openapi: string;
  info: { title: string; version: string; [key: string]: unknown };
  servers?: { url: string }[];
  paths: Record<string, Record<string, unknown>>;
  components?: Record<string, Record<string, unknown>>;
  [extension: string]: unknown;
}

// Typed loosely on purpose: the literal JSON type would add 200 KB to every consumer's type-check.
export const spec: SpecDocument = bundled;

/** sha256 of openapi/impersonation-registry.yaml as generated. */
export const specHash: string = bundled["x-generated"].sourceSha256;

/** Absolute path of the bundled JSON file, for processes such as Prism. */
export const specPath: string = fileURLToPath(new URL("./generated/spec.json", import.meta.url));
