/**
 * Whether a string has a JSON Schema format, judged by the project's one ajv setup (the sandbox
 * validates with it too), so the generator, the model and the validators agree on what an
 * `email`, a `uuid` or a `regex` is.
 */
import { createSpecAjv } from "@impersonation-registry/spec-bundle/ajv";
import type { SpecDocument } from "@impersonation-registry/types/spec";

export type FormatCheck = (format: string, value: string) => boolean;

export function formatChecker(spec: SpecDocument): FormatCheck {
  const ajv = createSpecAjv(spec);
  const compiled = new Map<string, (value: unknown) => boolean>();
  return (format, value) => {
    let check = compiled.get(format);
    if (check === undefined) {
      const validate = ajv.compile({ type: "string", format });
      check = (candidate) => validate(candidate) as boolean;
      compiled.set(format, check);
    }
    return check(value);
  };
}
