/**
 * Invalid inputs that break exactly one constraint of the spec each, generated from the schemas:
 * a wrong type, null where not nullable, past a length or a bound, outside an enum, not of a
 * format (or of the format an `x-format-by` sibling names), a required field missing, an object
 * under `minProperties`. Each is labelled with the constraint it breaks and the refusal's cause,
 * which names the statuses it implies (`REFUSAL_CAUSES` of the scenarios).
 */
import fc from "fast-check";
import type { RefusalCause } from "../scenarios/expect.ts";
import type { FormatCheck } from "./formats.ts";
import { formatDependent, type Location, type Schema } from "./inputs.ts";
import { codePoints, malformed, text, textOfAtLeast } from "./strings.ts";
import { ByFormat, type Draft, type Prefixed } from "./values.ts";

export type Constraint =
  | "type"
  | "nullable"
  | "maxLength"
  | "minimum"
  | "maximum"
  | "enum"
  | "format"
  | "x-format-by"
  | "required"
  | "minProperties";

export interface Violation {
  constraint: Constraint;
  location: Location;
  /** The parameter or body property broken; `""` for the body as a whole (minProperties). */
  name: string;
  /** What is wrong, e.g. `name longer than maxLength 1024`. */
  label: string;
  /**
   * Seen by validators of the schema (ajv, Prism). False for the rule of an `x-` extension, which
   * only the API (and what emulates it) enforces: a mock of the spec accepts such a value.
   */
  schemaRule: boolean;
  cause: RefusalCause;
}

/** A violation and how it turns a valid input into the invalid one. */
export interface Breach {
  violation: Violation;
  apply(valid: Draft): Draft;
}

export interface BreachOptions {
  check: FormatCheck;
  prefixed?: Prefixed;
}

/** Every way to break one constraint of a body schema, as one arbitrary (empty when nothing can be broken). */
export function bodyBreaches(schema: Schema, options: BreachOptions): fc.Arbitrary<Breach>[] {
  const breaches: fc.Arbitrary<Breach>[] = [];
  for (const name of schema.required ?? []) {
    breaches.push(
      fc.constant(
        breach(
          { constraint: "required", location: "body", name, label: `missing required ${name}` },
          (valid) => {
            const { [name]: _left, ...rest } = valid;
            return rest;
          },
        ),
      ),
    );
  }
  if ((schema.minProperties ?? 0) > 0) {
    const label = `no field (minProperties ${schema.minProperties})`;
    breaches.push(
      fc.constant(breach({ constraint: "minProperties", location: "body", name: "", label }, () => ({}))),
    );
  }
  const dependent = formatDependent(schema);
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    const prefix = options.prefixed?.property === name ? options.prefixed.prefix : "";
    breaches.push(...valueBreaches("body", name, property, { ...options, prefix }));
    if (name === dependent?.property) {
      const candidates = Object.entries(dependent.by.formats).map(([sibling, format]) => [
        sibling,
        malformed(format, options.check),
      ]);
      const violation = {
        constraint: "x-format-by",
        location: "body",
        name,
        label: `${name} not of the format ${dependent.by.property} names (x-format-by)`,
      } as const;
      breaches.push(
        fc
          .record(Object.fromEntries(candidates))
          .map((values) => set(violation, name, new ByFormat(dependent.by.property, values), false)),
      );
    }
  }
  return breaches;
}

/** Every way to break one parameter of a location (query or path). */
export function parameterBreaches(
  location: "query" | "path",
  parameters: Record<string, Schema>,
  check: FormatCheck,
): fc.Arbitrary<Breach>[] {
  return Object.entries(parameters).flatMap(([name, schema]) =>
    valueBreaches(location, name, schema, { check, prefix: "" }),
  );
}

/** Whether a parameter or property has a constraint generation can break (coverage's negative cells). */
export function breakable(location: Location, schema: Schema, check: FormatCheck): boolean {
  return (
    schema["x-format-by"] !== undefined ||
    valueBreaches(location, "", schema, { check, prefix: "" }).length > 0
  );
}

function valueBreaches(
  location: Location,
  name: string,
  schema: Schema,
  options: { check: FormatCheck; prefix: string },
): fc.Arbitrary<Breach>[] {
  const out: fc.Arbitrary<Breach>[] = [];
  const violation = (constraint: Constraint, label: string) => ({
    constraint,
    location,
    name,
    label: `${name} ${label}`,
  });
  const add = (constraint: Constraint, label: string, value: fc.Arbitrary<unknown>) =>
    out.push(value.map((bad) => set(violation(constraint, label), name, bad)));
  // In a query or a path every value travels as a string: only a string that is not one of the type breaks it.
  const onTheWire = location !== "body";
  if (schema.type !== undefined && !(onTheWire && schema.type === "string")) {
    add("type", `of the wrong type (not ${schema.type})`, onTheWire ? notNumeric : otherType(schema.type));
    if (schema.type === "integer")
      add(
        "type",
        "a fraction (not an integer)",
        fraction.map((value) => (onTheWire ? String(value) : value)),
      );
  }
  if (location === "body" && !schema.nullable) add("nullable", "null (not nullable)", fc.constant(null));
  if (schema.maxLength !== undefined) {
    const past = schema.maxLength + 1 - codePoints(options.prefix);
    add(
      "maxLength",
      `longer than maxLength ${schema.maxLength}`,
      location === "path"
        ? fc.string({ unit: fc.constantFrom(..."0123456789abcdef"), minLength: past, maxLength: past + 8 })
        : textOfAtLeast(past).map((rest) => `${options.prefix}${rest}`),
    );
  }
  const wire = (value: number) => (onTheWire ? String(value) : value);
  if (schema.minimum !== undefined)
    add(
      "minimum",
      `below minimum ${schema.minimum}`,
      fc.integer({ min: schema.minimum - 1_000, max: schema.minimum - 1 }).map(wire),
    );
  if (schema.maximum !== undefined)
    add(
      "maximum",
      `above maximum ${schema.maximum}`,
      fc.integer({ min: schema.maximum + 1, max: schema.maximum + 1_000 }).map(wire),
    );
  if (schema.enum !== undefined) {
    const known = schema.enum.map(String);
    add(
      "enum",
      "outside its enum",
      meaningful.filter((value) => !known.includes(value)),
    );
  }
  if (schema.format !== undefined) {
    const value = malformed(schema.format, options.check);
    // A segment that URL normalisation removes ("", ".", "..") would address another resource, not a malformed id.
    add(
      "format",
      `not a ${schema.format}`,
      location === "path" ? value.filter((id) => !["", ".", ".."].includes(id.trim())) : value,
    );
  }
  return out;
}

/**
 * The cause a violation implies, as the invalid-input scenario reads it: a path parameter of the
 * wrong format is a malformed id; anything else is invalid input.
 */
function causeOf(violation: Omit<Violation, "cause" | "schemaRule">): RefusalCause {
  return violation.location === "path" && violation.constraint === "format"
    ? "a malformed id"
    : "invalid input";
}

function breach(
  violation: Omit<Violation, "cause" | "schemaRule">,
  apply: Breach["apply"],
  schemaRule = true,
): Breach {
  return { violation: { ...violation, schemaRule, cause: causeOf(violation) }, apply };
}

function set(
  violation: Omit<Violation, "cause" | "schemaRule">,
  name: string,
  value: unknown,
  schemaRule = true,
) {
  return breach(violation, (valid) => ({ ...valid, [name]: value }), schemaRule);
}

/** Non-empty text no validator reads as a number (an empty or blank query value may count as absent). */
const meaningful = text({ minLength: 1, maxLength: 24 }).filter((value) => value.trim() !== "");
const notNumeric = meaningful.filter((value) => Number.isNaN(Number(value)) && !/infinity/i.test(value));
const fraction = fc
  .double({ noNaN: true, noDefaultInfinity: true, min: -1e6, max: 1e6 })
  .filter((value) => !Number.isInteger(value));

/** A JSON value that is not of `type` (nor null, which is the nullable constraint's). */
function otherType(type: string): fc.Arbitrary<unknown> {
  const candidates = fc.oneof(
    fc.integer(),
    fraction,
    fc.boolean(),
    text({ maxLength: 24 }),
    fc.array(fc.integer(), { maxLength: 2 }),
    fc.dictionary(text({ minLength: 1, maxLength: 8 }), fc.integer(), { maxKeys: 2 }),
  );
  return candidates.filter((value) => !ofType(value, type));
}

function ofType(value: unknown, type: string): boolean {
  switch (type) {
    case "integer":
      return Number.isInteger(value);
    case "number":
      return typeof value === "number";
    case "object":
      return typeof value === "object" && value !== null && !Array.isArray(value);
    case "array":
      return Array.isArray(value);
    default:
      return typeof value === type;
  }
}
