import type { Check } from "./types.ts";

export const undocumentedStatus: Check = (exchange, { index }) => {
  const { status } = exchange.response;
  if (index.response(exchange.operation, status)) return [];
  const documented = [...index.operation(exchange.operation).responses.keys()];
  return [{ pointer: "/status", expected: documented.join(", "), observed: status }];
};

/**
 * The final answer to a request is a 5xx: the server failed even after the runner's retries. A 5XX
 * range in the spec documents that servers fail, not that failing is an answer: for a request it
 * refuses (invalid input) a server owes a 4XX, and for a valid one a result.
 */
export const serverError: Check = (exchange) => {
  const { status } = exchange.response;
  if (status < 500 || exchange.retried) return [];
  return [
    {
      pointer: "/status",
      expected: "an answer that is not a 5xx (a 4XX to refuse a request)",
      observed: status,
    },
  ];
};
