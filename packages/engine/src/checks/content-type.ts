import { summarize } from "../json.ts";
import type { Exchange } from "../model.ts";
import { isJsonMediaType } from "../spec-index.ts";
import type { Check } from "./types.ts";

/** `application/json; charset=utf-8` → `application/json`. */
function mediaType(exchange: Exchange): string | undefined {
  return exchange.response.headers["content-type"]?.split(";")[0]?.trim().toLowerCase() || undefined;
}

export const contentType: Check = (exchange, { index }) => {
  const documented = index.response(exchange.operation, exchange.response.status);
  if (!documented || documented.mediaTypes.length === 0) return [];
  const observed = mediaType(exchange);
  if (observed && documented.mediaTypes.includes(observed)) return [];
  return [
    {
      pointer: "/headers/content-type",
      expected: documented.mediaTypes.join(", "),
      observed: observed ?? null,
    },
  ];
};

/** Judged on the response alone: whatever the spec says, a body labelled JSON must parse. */
export const invalidJson: Check = (exchange) => {
  const observed = mediaType(exchange);
  if (!observed || !isJsonMediaType(observed) || exchange.response.body !== undefined) return [];
  return [{ pointer: "", expected: "a JSON body", observed: summarize(exchange.response.text) }];
};
