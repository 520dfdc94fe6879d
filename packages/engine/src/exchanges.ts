/**
 * The exchanges of a run as report.json keeps them, so a person (report.html)
 * and `suggest` see what each finding saw. Bodies arrive already redacted by
 * the recorder; a body over 1 MB keeps only its first 64 KB, as text.
 */
import type { Exchange, ReportExchange } from "./model.ts";

const MAX_BODY_CHARS = 1024 * 1024;
const KEPT_CHARS = 64 * 1024;

/** A body's text as a record keeps it: whole up to 1 MB, else its first 64 KB. */
export function cutText(text: string): { text: string; truncated: boolean } {
  const truncated = text.length > MAX_BODY_CHARS;
  return { text: truncated ? text.slice(0, KEPT_CHARS) : text, truncated };
}

/** report.json's form of a body: the parsed JSON when there is one and it was not cut, else its text. */
export function keptBody(
  text: string,
  body: unknown,
): Pick<ReportExchange["response"], "body" | "text" | "truncated"> {
  const cut = cutText(text);
  return {
    ...(body !== undefined && !cut.truncated && { body }),
    ...((body === undefined || cut.truncated) && text !== "" && { text: cut.text }),
    ...(cut.truncated && { truncated: true }),
  };
}

/** Gives each exchange its id (`x1`, `x2`… in run order), in place, and returns the report's view of them. */
export function numberExchanges(exchanges: readonly Exchange[]): ReportExchange[] {
  return exchanges.map((exchange, index) => {
    exchange.id = `x${index + 1}`;
    const { status, headers, body, text, durationMs } = exchange.response;
    return {
      id: exchange.id,
      target: exchange.target,
      scenario: exchange.scenario,
      step: exchange.step,
      operation: exchange.operation,
      attempt: exchange.attempts,
      request: exchange.request,
      response: {
        status,
        headers,
        ...keptBody(text, body),
        durationMs: Math.round(durationMs * 10) / 10,
      },
    };
  });
}
