/**
 * The proxy's copy of a body, taken while the bytes stream through untouched:
 * bounded (a body over the limit is forwarded whole but not validated), and
 * decoded for validation only — the consumer gets the upstream's bytes, still
 * gzip-encoded if they were.
 */
import { brotliDecompressSync, gunzipSync, inflateSync, zstdDecompressSync } from "node:zlib";

/** The largest body validated: far above a 1,000-entry page (~400 KB), small enough to bound memory. */
export const MAX_CAPTURED_BYTES = 4 * 1024 * 1024;

export interface Capture {
  add(chunk: Buffer): void;
  /** Every byte seen, kept or not. */
  readonly size: number;
  /** The body, or undefined when it went over the limit. */
  bytes(): Buffer | undefined;
}

export function createCapture(limit = MAX_CAPTURED_BYTES): Capture {
  let chunks: Buffer[] = [];
  let size = 0;
  return {
    add(chunk) {
      size += chunk.length;
      if (size <= limit) chunks.push(chunk);
      else chunks = [];
    },
    get size() {
      return size;
    },
    bytes: () => (size <= limit ? Buffer.concat(chunks, size) : undefined),
  };
}

const DECODERS: Record<string, (bytes: Buffer, options: { maxOutputLength: number }) => Buffer> = {
  gzip: gunzipSync,
  "x-gzip": gunzipSync,
  deflate: inflateSync,
  br: brotliDecompressSync,
  zstd: zstdDecompressSync,
};

/**
 * The body as the sender meant it: `content-encoding` undone, layer by layer,
 * up to the same limit. An encoding it does not know, or bytes that do not
 * decode, give a reason instead.
 */
export function decodeContent(
  bytes: Buffer,
  contentEncoding: string | undefined,
  limit = MAX_CAPTURED_BYTES,
): { bytes: Buffer } | { error: string } {
  const layers = (contentEncoding ?? "")
    .split(",")
    .map((layer) => layer.trim().toLowerCase())
    .filter((layer) => layer !== "" && layer !== "identity");
  let current = bytes;
  for (const layer of layers.reverse()) {
    const decode = Object.hasOwn(DECODERS, layer) ? DECODERS[layer] : undefined;
    if (!decode) return { error: `content-encoding ${layer} is not one the proxy decodes` };
    try {
      current = decode(current, { maxOutputLength: limit });
    } catch (error) {
      return { error: `the ${layer} body does not decode: ${(error as Error).message}` };
    }
  }
  return { bytes: current };
}

const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/** The body as text when it is UTF-8, or undefined for binary bytes. */
export function utf8(bytes: Buffer): string | undefined {
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return undefined;
  }
}
