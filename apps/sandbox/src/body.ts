import type { IncomingMessage } from "node:http";
import { apiErrors } from "./errors.ts";

/**
 * Reads a request body as text straight from Node's stream, refusing more than
 * `limit` bytes (413). Written by hand instead of hono/body-limit because that
 * middleware materialises a web Request and re-reads it through a web stream,
 * which more than halved the throughput of create.
 */
export async function readBodyText(incoming: IncomingMessage, limit: number): Promise<string> {
  const declared = Number(incoming.headers["content-length"]);
  if (declared > limit) throw apiErrors.payloadTooLarge(limit);
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw apiErrors.payloadTooLarge(limit);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks, size).toString("utf8");
}
