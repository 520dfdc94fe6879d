import { childPointer, jsonType } from "../json.ts";
import type { Check, Drift } from "./types.ts";
import { walkBody } from "./walk.ts";

/**
 * A field outside `properties` is additive drift: old clients ignore it, but
 * the generated types do not know it. The spec never sets
 * `additionalProperties`, so a schema that does declares its extra keys.
 */
export const undocumentedField: Check = (exchange, { index }) => {
  const drifts: Drift[] = [];
  walkBody(exchange, index, (schema, object, pointer) => {
    if (schema.additionalProperties !== undefined && schema.additionalProperties !== false) return;
    for (const key of Object.keys(object)) {
      if (Object.hasOwn(schema.properties, key)) continue;
      drifts.push({
        pointer: childPointer(pointer, key),
        expected: "absent (undocumented)",
        observed: jsonType(object[key]),
      });
    }
  });
  return drifts;
};
