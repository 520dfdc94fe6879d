/**
 * Valid values of a schema, as fast-check arbitraries: type, enum, nullable, lengths, bounds,
 * formats, required and optional properties, `minProperties`, and `x-format-by` (a format chosen
 * by a sibling's value). Nothing here names a field: the spec decides what is generated.
 */
import fc from "fast-check";
import type { FormatCheck } from "./formats.ts";
import { formatDependent, formatFor, type Schema } from "./inputs.ts";
import { codePoints, formatted, text } from "./strings.ts";

/**
 * A value whose format depends on a sibling the body may not carry (a PATCH of `email` alone): one
 * candidate per format, chosen once the sibling's value is known — the body's own, or the stored
 * entry's (see `resolve`).
 */
export class ByFormat {
  readonly sibling: string;
  readonly candidates: Readonly<Record<string, unknown>>;
  constructor(sibling: string, candidates: Record<string, unknown>) {
    this.sibling = sibling;
    this.candidates = candidates;
  }
}

/** A generated body before it is sent: values may still be `ByFormat`. */
export type Draft = Record<string, unknown>;

/** A text property that carries a prefix the run needs (its marker), so its bounds shrink by the prefix. */
export interface Prefixed {
  property: string;
  prefix: string;
}

export interface ValueOptions {
  check: FormatCheck;
  /** Text properties of a body that start with a fixed prefix. */
  prefixed?: Prefixed;
}

export function validValue(schema: Schema, options: ValueOptions): fc.Arbitrary<unknown> {
  const value = nonNullValue(schema, options);
  return schema.nullable ? fc.option(value, { nil: null, freq: 4 }) : value;
}

function nonNullValue(schema: Schema, options: ValueOptions): fc.Arbitrary<unknown> {
  if (schema.enum !== undefined) return fc.constantFrom(...schema.enum.filter((value) => value !== null));
  switch (schema.type) {
    case "string":
      return schema.format === undefined
        ? text({ minLength: schema.minLength, maxLength: schema.maxLength })
        : formatted(schema.format, options.check);
    case "boolean":
      return fc.boolean();
    case "integer":
      // Without an upper bound, small values most of the time: a page number in the billions is
      // valid, and says little more than the second one.
      return schema.maximum === undefined && schema.minimum !== undefined
        ? fc.oneof(
            { weight: 3, arbitrary: fc.integer({ min: schema.minimum, max: schema.minimum + 9 }) },
            fc.integer({ min: schema.minimum }),
          )
        : fc.integer({ min: schema.minimum, max: schema.maximum });
    case "number":
      return fc.double({ noNaN: true, noDefaultInfinity: true, min: schema.minimum, max: schema.maximum });
    case "object":
      return validObject(schema, options);
    default:
      throw new Error(`no generator for a schema of type ${JSON.stringify(schema.type)}`);
  }
}

/**
 * Objects of the schema: every required property, optional ones sometimes, at least
 * `minProperties`. A prefixed property is the prefix followed by text of what its bounds leave;
 * an `x-format-by` property is a `ByFormat` unless its sibling is in the same object.
 */
export function validObject(schema: Schema, options: ValueOptions): fc.Arbitrary<Draft> {
  const dependent = formatDependent(schema);
  const arbitraries: Record<string, fc.Arbitrary<unknown>> = {};
  for (const [name, property] of Object.entries(schema.properties ?? {})) {
    if (name === dependent?.property) {
      const formats = Object.entries(dependent.by.formats).map(([sibling, format]) => [
        sibling,
        formatted(format, options.check),
      ]);
      arbitraries[name] = fc
        .record(Object.fromEntries(formats))
        .map((candidates) => new ByFormat(dependent.by.property, candidates));
    } else if (name === options.prefixed?.property) {
      arbitraries[name] = prefixedText(property, options.prefixed.prefix);
    } else {
      arbitraries[name] = validValue(property, options);
    }
  }
  // Each optional property is left out half the time (and shrinks to left out): bodies exercise the
  // server's defaults as much as the values sent.
  const required = new Set(schema.required ?? []);
  const withAbsent = Object.fromEntries(
    Object.entries(arbitraries).map(([name, arbitrary]) => [
      name,
      required.has(name) ? arbitrary : fc.option(arbitrary, { nil: ABSENT, freq: 2 }),
    ]),
  );
  const minimum = schema.minProperties ?? 0;
  return fc
    .record(withAbsent)
    .map((value) => Object.fromEntries(Object.entries(value).filter(([, field]) => field !== ABSENT)))
    .filter((value) => Object.keys(value).length >= minimum)
    .map((value) => resolve(value, undefined));
}

const ABSENT = Symbol("absent");

function prefixedText(schema: Schema, prefix: string): fc.Arbitrary<string> {
  const left = (bound: number | undefined) =>
    bound === undefined ? undefined : Math.max(0, bound - codePoints(prefix));
  return text({ minLength: left(schema.minLength), maxLength: left(schema.maxLength) }).map(
    (rest) => `${prefix}${rest}`,
  );
}

/**
 * Settles each `ByFormat` by its sibling's value: the draft's own, else the stored entry's. Without
 * a stored entry (at generation) one whose sibling the draft lacks stays a `ByFormat`, to be
 * settled when the entry it is sent to is known.
 */
export function resolve(draft: Draft, stored: Record<string, unknown> | undefined): Draft {
  const body: Draft = {};
  for (const [name, value] of Object.entries(draft)) {
    if (!(value instanceof ByFormat)) {
      body[name] = value;
      continue;
    }
    const sibling = Object.hasOwn(draft, value.sibling) ? draft[value.sibling] : stored?.[value.sibling];
    const key = sibling === undefined ? undefined : JSON.stringify(sibling);
    if (key !== undefined && Object.hasOwn(value.candidates, key)) body[name] = value.candidates[key];
    else if (stored === undefined) body[name] = value;
    else body[name] = Object.values(value.candidates)[0];
  }
  return body;
}

/** Whether a resolved object keeps its `x-format-by` rule: the dependent value has the format its sibling names. */
export function keepsFormatRule(schema: Schema, entry: Record<string, unknown>, check: FormatCheck): boolean {
  const dependent = formatDependent(schema);
  if (dependent === undefined) return true;
  const value = entry[dependent.property];
  const format = formatFor(dependent.by, entry[dependent.by.property]);
  return format === undefined || typeof value !== "string" || check(format, value);
}
