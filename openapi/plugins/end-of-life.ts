/**
 * Redocly plugin `end-of-life`, rule `no-example-past-end-of-life`: no example — of a request or
 * response body, a parameter or a schema — may hold a property whose schema's `x-end-of-life` day
 * has passed. Servers stop sending such a field, and tools that assert examples (Prism's static
 * mock, Dredd) would keep asserting it. The schema keeps the deprecated property; only examples
 * must drop it. "Passed" is judged as the contract's deprecation checks judge it: today (UTC) is
 * after the end-of-life day.
 *
 * Redocly has no built-in rule for this: its example rules validate against the schema, and a
 * deprecated property is still valid.
 */
import type { Oas3Rule, Oas3Visitor, UserContext } from "@redocly/openapi-core";

type Node = Record<string, unknown>;
type Location = UserContext["location"];
/** Redocly's context of the node being visited, and today's date as `YYYY-MM-DD` (UTC). */
type Judge = { ctx: UserContext; today: string };

const isNode = (value: unknown): value is Node =>
  typeof value === "object" && value !== null && !Array.isArray(value);

/**
 * Follows the example along its schema's `properties` and `items` (the spec composes no schemas,
 * so `allOf`/`oneOf` are not followed) and reports each property past its end of life.
 */
function checkExample(example: unknown, schema: unknown, at: Location, judge: Judge): void {
  const { ctx, today } = judge;
  const resolved = ctx.resolve(schema as Node).node as unknown;
  if (!isNode(resolved)) return;
  if (Array.isArray(example)) {
    for (const [index, item] of example.entries()) checkExample(item, resolved.items, at.child(index), judge);
    return;
  }
  if (!isNode(example) || !isNode(resolved.properties)) return;
  for (const [key, value] of Object.entries(example)) {
    const property = ctx.resolve(resolved.properties[key] as Node).node as unknown;
    if (!isNode(property)) continue;
    const endOfLife = property["x-end-of-life"];
    if (typeof endOfLife === "string" && today > endOfLife) {
      ctx.report({
        message: `Example holds \`${key}\`, past its end of life (${endOfLife}): drop it from the example; the schema keeps the deprecated property.`,
        location: at.child(key).key(),
      });
    }
    checkExample(value, property, at.child(key), judge);
  }
}

/** `example`, or the `value` of each of `examples` ($refs resolved), of a media type or parameter. */
function checkExamples(
  holder: { example?: unknown; examples?: unknown },
  schema: unknown,
  judge: Judge,
): void {
  const { ctx } = judge;
  if (schema === undefined) return;
  if (holder.example !== undefined)
    checkExample(holder.example, schema, ctx.location.child("example"), judge);
  if (!isNode(holder.examples)) return;
  for (const [name, raw] of Object.entries(holder.examples)) {
    const { node, location } = ctx.resolve(raw as Node);
    const at = location ?? ctx.location.child(["examples", name]);
    if (isNode(node) && node.value !== undefined) checkExample(node.value, schema, at.child("value"), judge);
  }
}

const noExamplePastEndOfLife: Oas3Rule = () => {
  const today = new Date().toISOString().slice(0, 10);
  const visitor: Oas3Visitor = {
    MediaType: (mediaType, ctx) => checkExamples(mediaType, mediaType.schema, { ctx, today }),
    Parameter: (parameter, ctx) => checkExamples(parameter, parameter.schema, { ctx, today }),
    Schema: (schema, ctx) => {
      if (schema.example !== undefined)
        checkExample(schema.example, schema, ctx.location.child("example"), { ctx, today });
    },
  };
  return visitor;
};

export default function endOfLifePlugin() {
  return { id: "end-of-life", rules: { oas3: { "no-example-past-end-of-life": noExamplePastEndOfLife } } };
}
