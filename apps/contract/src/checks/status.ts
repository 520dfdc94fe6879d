import type { Check } from "./types.ts";

export const undocumentedStatus: Check = (exchange, { index }) => {
  const { status } = exchange.response;
  if (index.response(exchange.operation, status)) return [];
  const documented = [...index.operation(exchange.operation).responses.keys()];
  return [{ pointer: "/status", expected: documented.join(", "), observed: status }];
};
