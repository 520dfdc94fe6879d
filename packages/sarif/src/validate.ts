/**
 * Validates a log against the SARIF 2.1.0 JSON schema kept in `schema/`
 * (draft-07, as it declares: ajv's default draft). A subpath of its own, so
 * writing a log never loads ajv; the tests validate every log they build.
 */
import { Ajv, type ValidateFunction } from "ajv";
import formats from "ajv-formats";
import schema from "../schema/sarif-schema-2.1.0.json" with { type: "json" };

let validate: ValidateFunction | undefined;

/** Every way `log` breaks the schema, one line each (`/runs/0/results/3/level: must be equal to one of …`); empty when it is valid. */
export function sarifSchemaErrors(log: unknown): string[] {
  if (!validate) {
    const ajv = new Ajv({ allErrors: true });
    // The schema's formats (uri, uri-reference, date-time) are checked, not ignored.
    formats.default(ajv);
    validate = ajv.compile(schema);
  }
  if (validate(log)) return [];
  return (validate.errors ?? []).map(
    (error) => `${error.instancePath || "/"}: ${error.message ?? error.keyword}`,
  );
}
