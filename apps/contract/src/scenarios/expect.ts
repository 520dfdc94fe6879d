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

/** The `errors[].code`s of a reply, for messages: `[10400]`. */
export function errorCodes(reply: Reply): string {
  const errors = (reply.body as { errors?: unknown } | undefined)?.errors;
  const codes = Array.isArray(errors) ? errors.map((error) => (error as { code?: unknown })?.code) : [];
  return JSON.stringify(codes);
}

/**
 * Refused with a 4XX in the error envelope. A 429 is no refusal of the input (it says "later"),
 * and a 5xx is the server failing: neither ever passes a negative step.
 */
export function refused<S>(options: { stateful?: boolean } = {}): Expectation<S> {
  return {
    name: "refused with a 4XX (not 429) and the error envelope",
    stateful: options.stateful ?? false,
    check: (reply) => {
      const body = reply.body as { success?: unknown; errors?: unknown } | undefined;
      if (reply.status >= 500) return `status ${reply.status}: the server failed instead of refusing`;
      if (reply.status === 429) return "status 429: rate limited, not a refusal of the input";
      if (reply.status < 400 || reply.status > 499) return `status ${reply.status}`;
      if (body?.success !== false) return `success is ${JSON.stringify(body?.success)}`;
      if (!Array.isArray(body.errors) || body.errors.length === 0) return "errors is empty";
      return undefined;
    },
  };
}

/**
 * Why a request is refused, and the statuses (and codes, where Cloudflare's are public) that cause
 * implies. The spec documents the 400s and 403s with the same evidence (openapi/README.md).
 */
export const REFUSAL_CAUSES = {
  /** https://developers.cloudflare.com/support/troubleshooting/http-status-codes/4xx-client-error/error-400/ */
  "invalid input": { statuses: [400] },
  /** An account id Cloudflare cannot route: 400 code 7003 (https://github.com/cloudflare/cloudflare-go/issues/118). */
  "an account id that is not one": { statuses: [400], codes: [7003] },
  /** Cloudflare's status for a body that is not JSON is undocumented: 400, or 415 as the sandbox answers. */
  "a body that is not JSON": { statuses: [400, 415] },
  /** An id that is not a uuid is invalid input, or simply an id that does not exist. */
  "a malformed id": { statuses: [400, 404] },
  /**
   * Cloudflare answers 400 code 9106 (https://github.com/cloudflare/cloudflare-python/issues/2678);
   * 401 is HTTP's own answer.
   */
  "missing credentials": { statuses: [400, 401] },
  /**
   * A well-formed token nobody issued: Cloudflare's 403 code 9109 "Invalid access token"
   * (https://github.com/jeessy2/ddns-go/issues/1341, https://github.com/cloudflare/workers-sdk/issues/4551).
   */
  "an unknown token": { statuses: [403], codes: [9109] },
  /** No public source gives this API's status for an id nobody created; 404 is what HTTP means by it. */
  "an unknown id": { statuses: [404] },
  /** Directory-synced entries are read-only; the spec documents no status, so any that says "not allowed". */
  "a read-only entry": { statuses: [400, 403, 409] },
} as const satisfies Record<string, { statuses: readonly number[]; codes?: readonly number[] }>;

export type RefusalCause = keyof typeof REFUSAL_CAUSES;

/**
 * The exact status (and code) a refusal's cause implies. Any other status fails, naming the status and
 * the `errors[].code`s seen. Judged only where the target answers exact statuses (not on Prism).
 */
export function refusedAs<S>(cause: RefusalCause, options: { stateful?: boolean } = {}): Expectation<S> {
  const wanted: { statuses: readonly number[]; codes?: readonly number[] } = REFUSAL_CAUSES[cause];
  const codes = wanted.codes ? ` code ${wanted.codes.join(" or ")}` : "";
  return {
    name: `answers ${wanted.statuses.join(" or ")}${codes} (${cause})`,
    stateful: options.stateful ?? false,
    exactStatus: true,
    check: (reply) => {
      const seen = `status ${reply.status}, errors[].code ${errorCodes(reply)}`;
      if (!wanted.statuses.includes(reply.status)) return seen;
      if (!wanted.codes) return undefined;
      const known: readonly unknown[] = wanted.codes;
      const errors = (reply.body as { errors?: { code?: unknown }[] } | undefined)?.errors ?? [];
      return errors.some((error) => known.includes(error?.code)) ? undefined : seen;
    },
  };
}

/** A negative step's two expectations: a refusal in the envelope anywhere, the cause's exact status where judged. */
export function refusal<S>(cause: RefusalCause, options: { stateful?: boolean } = {}): Expectation<S>[] {
  return [refused(options), refusedAs(cause, options)];
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
