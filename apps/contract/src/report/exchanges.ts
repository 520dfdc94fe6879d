/**
 * The exchanges of a run as report.json keeps them, so a person (report.html)
 * and `suggest` see what each finding saw. Bodies arrive already redacted by
 * the recorder; a body over 1 MB keeps only its first 64 KB, as text.
 */
import type { Exchange, ReportExchange } from "../model.ts";

const MAX_BODY_CHARS = 1024 * 1024;
const KEPT_CHARS = 64 * 1024;

/** Gives each exchange its id (`x1`, `x2`… in run order), in place, and returns the report's view of them. */
export function numberExchanges(exchanges: readonly Exchange[]): ReportExchange[] {
  return exchanges.map((exchange, index) => {
    exchange.id = `x${index + 1}`;
    const { status, headers, body, text, durationMs } = exchange.response;
    const cut = text.length > MAX_BODY_CHARS;
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
        ...(body !== undefined && !cut && { body }),
        ...((body === undefined || cut) && text !== "" && { text: cut ? text.slice(0, KEPT_CHARS) : text }),
        ...(cut && { truncated: true }),
        durationMs: Math.round(durationMs * 10) / 10,
      },
    };
  });
}
