/**
 * The strings generation writes: text of a schema's lengths, and values of a format (and values
 * that break it). Text is mostly plain ASCII, with the characters that break real systems mixed
 * in: SQL LIKE and regex metacharacters, quotes, other scripts, characters outside the BMP
 * (emoji, four bytes in UTF-8). Every unit is one Unicode scalar value — never half a surrogate
 * pair, which JSON can carry but no conforming store keeps (RFC 8259 §8.2) — and printable, so a
 * length is a count of code points, as JSON Schema's `maxLength` counts.
 */
import fc from "fast-check";
import type { FormatCheck } from "./formats.ts";

/** Characters that mean something to a parser somewhere: LIKE, regex, shells, HTML, URLs. */
const METACHARACTERS = [..."%_\\'\"`*?.+()[]{}|^$&<>#;:/@!~=,-", " "];

/**
 * One code point: ASCII mostly, metacharacters, other scripts, emoji. Printable ASCII (what
 * fast-check's "grapheme-ascii" unit holds) is drawn as a code point, not as a string of one: the
 * same 95 characters at a third of the cost, and a long text has hundreds.
 */
const unit: fc.Arbitrary<string> = fc.oneof(
  { weight: 12, arbitrary: fc.integer({ min: 0x20, max: 0x7e }).map((code) => String.fromCharCode(code)) },
  { weight: 4, arbitrary: fc.constantFrom(...METACHARACTERS) },
  { weight: 2, arbitrary: fc.string({ unit: "grapheme-composite", minLength: 1, maxLength: 1 }) },
  {
    weight: 1,
    arbitrary: fc.integer({ min: 0x1f300, max: 0x1faff }).map((code) => String.fromCodePoint(code)),
  },
);

/**
 * A wildcard of the pattern languages a search may be built on — SQL LIKE's `%` and `_`, GLOB's
 * `*` and `?`, regular expressions' `.` — for search terms that differ from an entry's text by one
 * such character: a server that matches the term as a pattern, not as text, lists what it must not.
 * LIKE's in two terms of three: the bug reports the sandbox's search-wildcards profile cites are all of it.
 */
export const patternCharacter: fc.Arbitrary<string> = fc.oneof(
  { weight: 2, arbitrary: fc.constantFrom("%", "_") },
  { weight: 1, arbitrary: fc.constantFrom("*", "?", ".") },
);

/** Short text most of the time; now and then any length up to the bound, to reach the limits a server has below it. */
const SHORT = 24;
/** The longest text generated where the schema sets no bound. */
const UNBOUNDED = 2_000;

export function text(bounds: { minLength?: number; maxLength?: number } = {}): fc.Arbitrary<string> {
  const minLength = bounds.minLength ?? 0;
  const maxLength = bounds.maxLength ?? UNBOUNDED;
  if (maxLength <= SHORT) return fc.string({ unit, minLength, maxLength });
  return fc.oneof(
    { withCrossShrink: true, depthSize: "small" },
    { weight: 4, arbitrary: fc.string({ unit, minLength, maxLength: Math.max(minLength, SHORT) }) },
    { weight: 1, arbitrary: fc.string({ unit, minLength, maxLength, size: "max" }) },
  );
}

/** Text of at least `minLength` code points (for values past a `maxLength`), a few beyond at most. */
export function textOfAtLeast(minLength: number): fc.Arbitrary<string> {
  return fc.string({ unit, minLength, maxLength: minLength + 16 });
}

export function codePoints(value: string): number {
  return Array.from(value).length;
}

/** Escapes what every common regex dialect treats as syntax (and nothing else, which ECMA-262's `u` mode refuses). */
function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Values of a format, kept only when the format check agrees: the generator never sends as valid
 * what the validators refuse. `regex` patterns are built from an address with the constructs the
 * common dialects share (openapi/README.md, `x-format-by`).
 */
export function formatted(format: string, check: FormatCheck): fc.Arbitrary<string> {
  const value = (() => {
    switch (format) {
      case "email":
        return address;
      case "regex":
        return pattern;
      case "uuid":
        return fc.uuid();
      case "date-time":
        return fc.date({ noInvalidDate: true }).map((date) => date.toISOString());
      default:
        throw new Error(`no generator for format "${format}"`);
    }
  })();
  return value.filter((candidate) => check(format, candidate));
}

/** Strings that are not of the format: each a plausible near miss, kept only when the check refuses it. */
export function malformed(format: string, check: FormatCheck): fc.Arbitrary<string> {
  const value = (() => {
    switch (format) {
      case "email":
        return fc.oneof(
          address.map((value) => value.replace("@", "")),
          address.map((value) => value.replace("@", "@@")),
          text({ maxLength: SHORT }),
        );
      case "regex":
        // Broken in every dialect: an unclosed group or class, a quantifier with nothing to repeat, a dangling escape.
        return fc
          .tuple(pattern, fc.constantFrom("(", "[", "*", "\\"))
          .map(([valid, broken]) => (broken === "\\" ? `${valid}\\` : `${broken}${valid}`));
      case "uuid":
        return fc.oneof(
          fc.uuid().map((value) => value.slice(1)),
          fc.uuid().map((value) => value.replaceAll("-", "")),
          fc.uuid().map((value) => `${value.slice(0, -1)}g`),
          text({ minLength: 1, maxLength: SHORT }),
        );
      default:
        return text({ maxLength: SHORT });
    }
  })();
  return value.filter((candidate) => !check(format, candidate));
}

const address = fc.emailAddress();

const pattern = fc
  .record({
    address,
    anchored: fc.boolean(),
    plusAddressing: fc.boolean(),
    anyLocalPart: fc.boolean(),
  })
  .map(({ address, anchored, plusAddressing, anyLocalPart }) => {
    const at = address.lastIndexOf("@");
    const local = anyLocalPart ? "[a-z0-9._-]+" : escapeRegex(address.slice(0, at));
    const body = `${local}${plusAddressing ? "(\\+.*)?" : ""}@${escapeRegex(address.slice(at + 1))}`;
    return anchored ? `^${body}$` : body;
  });
