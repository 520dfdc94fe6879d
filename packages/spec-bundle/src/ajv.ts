/**
 * The one ajv setup for schemas of the bundled spec, shared by the sandbox (requests, seed files)
 * and the contract app (responses): strict about everything except the spec's annotations, and
 * ajv-formats in one mode. A subpath of its own (`@impersonation-registry/spec-bundle/ajv`), so
 * importing it never loads Redocly; ajv itself is required on the first call, not on import,
 * which keeps ~30 ms out of the sandbox's start-up.
 */
import { createRequire } from "node:module";
import type { Ajv, Options } from "ajv";
import type { FormatMode, FormatsPluginOptions } from "ajv-formats";
import { remainingRefs, resolvePointer } from "./pointer.ts";

const require = createRequire(import.meta.url);

/**
 * "fast" checks a format's syntax only (a 30th of February passes, a date-time without a `T` does
 * not). Measured (see README): "full" made validating a list page 1.6–1.7× its JSON.parse instead of
 * 0.13–0.24×, while the sandbox's create path does not notice the difference.
 */
export const FORMAT_MODE: FormatMode = "fast";

/** What may differ between uses; strictness, annotation keywords and formats never do. */
export type SpecAjvOptions = Pick<
  Options,
  "allErrors" | "verbose" | "coerceTypes" | "useDefaults" | "validateSchema"
>;

/**
 * A new ajv instance for schemas taken from `spec` (any JSON value: the bundled document). OpenAPI
 * adds `example` and `x-*` extensions to JSON Schema: `example` and the extensions found in the
 * document are registered as known keywords, so a typo in a real keyword still fails loudly.
 * (`nullable` and `deprecated` ajv knows.) Types are not strict: the spec's schemas rely on
 * `nullable` without listing `null` among their types. A recursive schema keeps the `$ref` that
 * closes its cycle (see `bundleSpec`); each such target is added under its `$ref`, so a schema taken
 * from anywhere in `spec` resolves it.
 */
export function createSpecAjv(spec: unknown, options: SpecAjvOptions = {}): Ajv {
  // Both are CommonJS; require keeps the call synchronous for the contract app.
  const { Ajv: AjvClass } = require("ajv") as typeof import("ajv");
  const addFormats = require("ajv-formats") as {
    default: (ajv: Ajv, options: FormatsPluginOptions) => Ajv;
  };
  const ajv = new AjvClass({
    ...options,
    strictTypes: false,
    keywords: ["example", ...extensionKeywords(spec)],
  });
  addFormats.default(ajv, { mode: FORMAT_MODE });
  for (const ref of remainingRefs(spec)) {
    const target = resolvePointer(spec, ref);
    if (typeof target === "object" && target !== null) ajv.addSchema(target, ref);
  }
  return ajv;
}

function extensionKeywords(value: unknown, found = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) extensionKeywords(item, found);
  else if (value && typeof value === "object") {
    for (const [key, child] of Object.entries(value)) {
      if (key.startsWith("x-")) found.add(key);
      extensionKeywords(child, found);
    }
  }
  return found;
}
