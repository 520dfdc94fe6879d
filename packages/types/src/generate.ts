/**
 * Bundled spec → the contents of this package's generated files, in memory. The one generator:
 * `scripts/generate.ts` (`npm run generate`) writes its output to `src/generated/`, and spec:diff
 * renders both sides of a spec change to type-check consumers against them.
 *
 * It takes the spec already parsed and bundled (what `@impersonation-registry/spec-bundle`'s
 * `bundleSpec` returns) rather than a file: reading and bundling belong to the callers, which
 * already do both and report errors their own way, and this subpath then needs nothing but
 * openapi-typescript — an optional peer dependency, since only this subpath uses it.
 */
import openapiTS, { astToString, type OpenAPI3 } from "openapi-typescript";

export interface BundledSpecSource {
  /** The document as written, `$ref`s kept: rendered into types that keep component names. */
  parsed: Record<string, unknown>;
  /** The same document with every `$ref` resolved: written out as `spec.json`. */
  document: Record<string, unknown>;
  /** sha256 of the spec's source text, recorded in both files. */
  sha256: string;
}

export interface GeneratedFile {
  /** The file's name inside `src/generated/`. */
  name: "schema.ts" | "spec.json";
  content: string;
}

/**
 * `schema.ts` (the types, rendered by openapi-typescript) and `spec.json` (the bundled document),
 * each marked "generated — do not edit" with the source's sha256.
 */
export async function renderGenerated(spec: BundledSpecSource): Promise<GeneratedFile[]> {
  const header = [
    "// generated — do not edit.",
    `// Source: openapi/impersonation-registry.yaml (sha256 ${spec.sha256}).`,
    "// Regenerate with `npm run generate`; `npm run generate -- --check` fails when this is stale.",
  ].join("\n");
  const types = astToString(await openapiTS(spec.parsed as unknown as OpenAPI3));
  // JSON has no comments: the marker and the source hash travel as an extension.
  const bundledJson = {
    "x-generated": { note: "generated — do not edit", sourceSha256: spec.sha256 },
    ...spec.document,
  };
  return [
    { name: "schema.ts", content: `${header}\n\n${types}` },
    { name: "spec.json", content: `${JSON.stringify(bundledJson, null, 2)}\n` },
  ];
}
