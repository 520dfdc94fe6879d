/** Expectations shared by the scenarios, and readers of the envelope. */
import type { Expectation, Reply } from "./types.ts";

export type Entry = Record<string, unknown>;

export function resultOf(reply: Reply): unknown {
  return (reply.body as { result?: unknown } | undefined)?.result;
}

export function entryOf(reply: Reply): Entry | undefined {
  const result = resultOf(reply);
  return result !== null && typeof result === "object" && !Array.isArray(result)
    ? (result as Entry)
    : undefined;
}

export function entriesOf(reply: Reply): Entry[] {
  const result = resultOf(reply);
  return Array.isArray(result) ? (result as Entry[]) : [];
}

export function resultInfoOf(reply: Reply): Record<string, unknown> | undefined {
  return (reply.body as { result_info?: Record<string, unknown> } | undefined)?.result_info;
}

export function succeeds<S>(): Expectation<S> {
  return {
    name: "answers 200 with success: true",
    check: (reply) =>
      reply.status === 200 && (reply.body as { success?: unknown } | undefined)?.success === true
        ? undefined
        : `status ${reply.status}, success ${JSON.stringify((reply.body as { success?: unknown } | undefined)?.success)}`,
  };
}

/** A documented 4XX with the error envelope; which 4XX is the checks' business (Prism says 422 where Cloudflare says 400). */
export function refused<S>(
  options: { name?: string; status?: number; stateful?: boolean } = {},
): Expectation<S> {
  const wanted = options.status ?? "a 4XX";
  return {
    name: options.name ?? `refused with ${wanted} and the error envelope`,
    stateful: options.stateful ?? false,
    check: (reply) => {
      const body = reply.body as { success?: unknown; errors?: unknown } | undefined;
      const statusOk =
        options.status === undefined
          ? reply.status >= 400 && reply.status <= 499
          : reply.status === options.status;
      if (!statusOk) return `status ${reply.status}`;
      if (body?.success !== false) return `success is ${JSON.stringify(body?.success)}`;
      if (!Array.isArray(body.errors) || body.errors.length === 0) return "errors is empty";
      return undefined;
    },
  };
}

export function stateful<S>(name: string, check: Expectation<S>["check"]): Expectation<S> {
  return { name, stateful: true, check };
}

/** Fields of `actual` that differ from `expected`, ignoring `except`; for "only this field changed". */
export function changedFields(expected: Entry, actual: Entry, except: readonly string[] = []): string[] {
  const keys = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...keys].filter(
    (key) => !except.includes(key) && JSON.stringify(expected[key]) !== JSON.stringify(actual[key]),
  );
}

export function sameFields(
  expected: Entry | undefined,
  actual: Entry | undefined,
  except: readonly string[] = [],
) {
  if (expected === undefined || actual === undefined) return "no entry to compare";
  const changed = changedFields(expected, actual, except);
  return changed.length === 0 ? undefined : `differs in ${changed.join(", ")}`;
}
