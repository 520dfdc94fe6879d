/** The sort order a list step expects, shared by the scenarios that judge `order` × `direction`. */
import { entriesOf, stateful } from "./expect.ts";
import type { Expectation } from "./types.ts";

/**
 * Sorted by `key` in `direction`. Codepoint order or case-insensitive order
 * both count: the spec does not say which collation the API uses. Timestamps
 * compare as instants (`…00Z` and `…00.000Z` are the same moment).
 */
export function sorted<S>(key: string, direction: string): Expectation<S> {
  const instant = (value: string) => (/^\d{4}-\d\d-\d\dT/.test(value) ? Date.parse(value) : Number.NaN);
  const codepoint = (a: string, b: string) => {
    const [ta, tb] = [instant(a), instant(b)];
    if (Number.isFinite(ta) && Number.isFinite(tb)) return ta - tb;
    return a < b ? -1 : a > b ? 1 : 0;
  };
  const caseless = (a: string, b: string) => codepoint(a.toLowerCase(), b.toLowerCase());
  return stateful(`sorted by ${key} ${direction}`, (reply) => {
    const values = entriesOf(reply).map((entry) => String(entry[key] ?? ""));
    const sign = direction === "desc" ? -1 : 1;
    const inOrder = (compare: (a: string, b: string) => number) =>
      values.every((value, i) => i === 0 || sign * compare(values[i - 1] as string, value) <= 0);
    return inOrder(codepoint) || inOrder(caseless)
      ? undefined
      : `not sorted: ${values.slice(0, 5).join(", ")}…`;
  });
}
