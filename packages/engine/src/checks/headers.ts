/**
 * Documented response headers. Only what the spec documents is judged: an
 * undocumented extra header (Cloudflare adds many) is not drift.
 */
import type { Check, Drift } from "./types.ts";

export const missingHeader: Check = (exchange, { index }) => {
  const documented = index.response(exchange.operation, exchange.response.status);
  return (documented?.headers ?? [])
    .filter((header) => header.required && exchange.response.headers[header.name] === undefined)
    .map((header) => ({ pointer: `/headers/${header.name}`, expected: "present", observed: "absent" }));
};

export const headerSchema: Check = (exchange, { index }) => {
  const drifts: Drift[] = [];
  for (const header of index.response(exchange.operation, exchange.response.status)?.headers ?? []) {
    const value = exchange.response.headers[header.name];
    if (value === undefined || !header.validate || header.validate(value)) continue;
    const [error] = header.validate.errors ?? [];
    drifts.push({
      pointer: `/headers/${header.name}`,
      expected: error?.message ?? "a valid value",
      observed: value,
    });
  }
  return drifts;
};
