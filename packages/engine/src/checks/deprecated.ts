/**
 * Deprecations with a date (`x-end-of-life: YYYY-MM-DD`): after that day the
 * field should be gone (still sending it is worth knowing, not failing on);
 * before it, consumers were promised the field, so losing it early breaks them.
 * A deprecation without a date promises nothing and is not judged.
 */
import type { AnySchemaObject } from "ajv";
import { childPointer } from "../json.ts";
import type { Check, Drift } from "./types.ts";
import { walkBody } from "./walk.ts";

type Phase = "before" | "after";

function deprecationCheck(phase: Phase): Check {
  return (exchange, context) => {
    const today = context.now.toISOString().slice(0, 10);
    const drifts: Drift[] = [];
    walkBody(exchange, context.index, (schema, object, pointer) => {
      for (const [key, property] of endOfLifeProperties(schema)) {
        const endOfLife = String(property["x-end-of-life"]);
        const present = Object.hasOwn(object, key);
        if (phase === "after" && present && today > endOfLife) {
          drifts.push({
            pointer: childPointer(pointer, key),
            expected: `removed after ${endOfLife}`,
            observed: "present",
          });
        }
        if (phase === "before" && !present && today < endOfLife) {
          drifts.push({
            pointer: childPointer(pointer, key),
            expected: `present until ${endOfLife}`,
            observed: "absent",
          });
        }
      }
    });
    return drifts;
  };
}

/** Per schema object, found once: the walk visits the same schema for every entry of a list. */
const endsOfLife = new WeakMap<AnySchemaObject, [string, AnySchemaObject][]>();

function endOfLifeProperties(schema: AnySchemaObject): [string, AnySchemaObject][] {
  let found = endsOfLife.get(schema);
  if (found === undefined) {
    found = Object.entries(schema.properties as Record<string, AnySchemaObject>).filter(
      ([, property]) => property.deprecated === true && typeof property["x-end-of-life"] === "string",
    );
    endsOfLife.set(schema, found);
  }
  return found;
}

export const deprecatedPastEndOfLife: Check = deprecationCheck("after");
export const deprecatedRemovedEarly: Check = deprecationCheck("before");
