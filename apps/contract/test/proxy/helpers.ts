/**
 * Shared by the proxy tests: a local upstream (bare node:http in the test
 * process) whose answers are known bytes, requests sent with node:http so that
 * nothing decodes or re-frames what comes back, and SHA-256 to compare bodies.
 */
import { createHash, randomBytes } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { gzipSync } from "node:zlib";
import { REPORT_SCHEMA_PATH } from "@impersonation-registry/engine";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { currentEntry } from "../spec-examples.ts";

export const sha256 = (bytes: Buffer) => createHash("sha256").update(bytes).digest("hex");

export const ACCOUNT = "023e105f4ecef8ad9ca31a8372d0c353";
export const COLLECTION = `/client/v4/accounts/${ACCOUNT}/email-security/settings/impersonation_registry`;
export const entry = currentEntry();
export const ENTRY_ID = entry.id as string;

/** What the upstream received of one request. */
export interface Received {
  method: string;
  url: string;
  rawHeaders: string[];
  sha256: string;
  size: number;
}

/** Fixed answers of the local upstream, by path: the exact bytes it sends, so the test can hash them. */
export interface Canned {
  status: number;
  headers: [string, string][];
  /** Sent in these pieces (each a write); no Content-Length unless the headers say so. */
  chunks: Buffer[];
}

export interface Upstream {
  origin: string;
  baseUrl: string;
  received: Received[];
  canned: Map<string, Canned>;
  close(): Promise<void>;
}

/**
 * A bare node:http upstream under `/client/v4`. A path in `canned` gets its fixed answer; any other
 * request gets a valid getEntry-like answer echoing what arrived (method, URL, headers, body hash)
 * in a header, so tests see what was forwarded.
 */
export async function startUpstream(
  handler?: (request: IncomingMessage, response: ServerResponse) => boolean,
): Promise<Upstream> {
  const received: Received[] = [];
  const canned = new Map<string, Canned>();
  const server: Server = createServer(async (request, response) => {
    const chunks: Buffer[] = [];
    for await (const chunk of request) chunks.push(chunk as Buffer);
    const body = Buffer.concat(chunks);
    const seen = {
      method: request.method ?? "",
      url: request.url ?? "",
      rawHeaders: request.rawHeaders,
      sha256: sha256(body),
      size: body.length,
    };
    received.push(seen);
    if (handler?.(request, response)) return;
    const fixed = canned.get((request.url ?? "").split("?")[0]?.replace(/^\/client\/v4/, "") ?? "");
    if (fixed) {
      response.writeHead(fixed.status, fixed.headers.flat());
      for (const chunk of fixed.chunks) response.write(chunk);
      response.end();
      return;
    }
    const text = JSON.stringify({ success: true, errors: [], messages: [], result: entry });
    response.writeHead(200, {
      "content-type": "application/json",
      "cf-ray": "8e6a1f3b2c4d5e6f-SJC",
      "x-received": Buffer.from(JSON.stringify(seen)).toString("base64"),
    });
    response.end(text);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    origin,
    baseUrl: `${origin}/client/v4`,
    received,
    canned,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

export interface RawAnswer {
  status: number;
  statusMessage: string;
  rawHeaders: string[];
  headers: IncomingMessage["headers"];
  body: Buffer;
}

/**
 * One request with node:http: the answer's bytes exactly as they came (no decoding). `body` chunks
 * are written one by one (chunked unless a Content-Length header is given).
 */
export function rawRequest(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: Buffer[] } = {},
): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const outgoing = httpRequest(url, {
      method: options.method ?? "GET",
      headers: options.headers,
      agent: false,
    });
    outgoing.on("error", reject);
    outgoing.on("response", (response) => {
      const chunks: Buffer[] = [];
      response.on("data", (chunk: Buffer) => chunks.push(chunk));
      response.on("error", reject);
      response.on("end", () =>
        resolve({
          status: response.statusCode ?? 0,
          statusMessage: response.statusMessage ?? "",
          rawHeaders: response.rawHeaders,
          headers: response.headers,
          body: Buffer.concat(chunks),
        }),
      );
    });
    for (const chunk of options.body ?? []) outgoing.write(chunk);
    outgoing.end();
  });
}

/** The odd answers the forwarding table serves, as exact bytes. */
export function oddAnswers(): Record<string, Canned> {
  const json = Buffer.from(
    JSON.stringify({ success: true, errors: [], messages: [], result: [entry, entry] }),
  );
  const large = randomBytes(6 * 1024 * 1024);
  return {
    "/odd/binary": {
      status: 200,
      headers: [
        ["Content-Type", "application/octet-stream"],
        ["Content-Length", "262144"],
      ],
      chunks: [randomBytes(262_144)],
    },
    "/odd/chunked-large": {
      status: 200,
      headers: [["Content-Type", "application/octet-stream"]],
      chunks: Array.from({ length: 48 }, (_, i) => large.subarray(i * 131_072, (i + 1) * 131_072)),
    },
    "/odd/gzip": {
      status: 200,
      headers: [
        ["Content-Type", "application/json"],
        ["Content-Encoding", "gzip"],
        ["Vary", "Accept-Encoding"],
      ],
      chunks: [gzipSync(json)],
    },
    "/odd/empty": { status: 204, headers: [["X-Empty", "yes"]], chunks: [] },
    "/odd/headers": {
      status: 201,
      headers: [
        ["X-Mixed-Case", "Kept"],
        ["Set-Cookie", "a=1; Path=/"],
        ["Set-Cookie", "b=2; Path=/"],
        ["Date", "Tue, 01 Dec 2026 10:00:00 GMT"],
        ["Content-Length", "2"],
      ],
      chunks: [Buffer.from("ok")],
    },
  };
}

/** report.json's schema, compiled as the report tests compile it. */
export function reportValidator() {
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(JSON.parse(readFileSync(REPORT_SCHEMA_PATH, "utf8")));
}

const pairs = { type: "array", items: { type: "object", required: ["name", "value"] } };

/** The fields HAR 1.2 requires (http://www.softwareishard.com/blog/har-12-spec/), as a JSON Schema. */
export const HAR_SCHEMA = {
  type: "object",
  required: ["log"],
  properties: {
    log: {
      type: "object",
      required: ["version", "creator", "entries"],
      properties: {
        version: { const: "1.2" },
        creator: {
          type: "object",
          required: ["name", "version"],
          properties: { name: { type: "string" }, version: { type: "string" } },
        },
        entries: {
          type: "array",
          items: {
            type: "object",
            required: ["startedDateTime", "time", "request", "response", "cache", "timings"],
            properties: {
              startedDateTime: { type: "string", format: "date-time" },
              time: { type: "number", minimum: 0 },
              request: {
                type: "object",
                required: [
                  "method",
                  "url",
                  "httpVersion",
                  "cookies",
                  "headers",
                  "queryString",
                  "headersSize",
                  "bodySize",
                ],
                properties: {
                  method: { type: "string" },
                  url: { type: "string" },
                  httpVersion: { type: "string" },
                  cookies: pairs,
                  headers: pairs,
                  queryString: pairs,
                  postData: {
                    type: "object",
                    required: ["mimeType"],
                    properties: { mimeType: { type: "string" }, text: { type: "string" } },
                  },
                  headersSize: { type: "integer" },
                  bodySize: { type: "integer" },
                },
              },
              response: {
                type: "object",
                required: [
                  "status",
                  "statusText",
                  "httpVersion",
                  "cookies",
                  "headers",
                  "content",
                  "redirectURL",
                  "headersSize",
                  "bodySize",
                ],
                properties: {
                  status: { type: "integer" },
                  statusText: { type: "string" },
                  httpVersion: { type: "string" },
                  cookies: pairs,
                  headers: pairs,
                  content: {
                    type: "object",
                    required: ["size", "mimeType"],
                    properties: {
                      size: { type: "integer" },
                      mimeType: { type: "string" },
                      text: { type: "string" },
                      encoding: { type: "string" },
                    },
                  },
                  redirectURL: { type: "string" },
                  headersSize: { type: "integer" },
                  bodySize: { type: "integer" },
                },
              },
              cache: { type: "object" },
              timings: {
                type: "object",
                required: ["send", "wait", "receive"],
                properties: {
                  send: { type: "number" },
                  wait: { type: "number" },
                  receive: { type: "number" },
                },
              },
            },
          },
        },
      },
    },
  },
};

/** Compiles HAR_SCHEMA; its errors say which entry breaks which field. */
export function harValidator() {
  const ajv = new Ajv({ allErrors: true });
  addFormats.default(ajv);
  return ajv.compile(HAR_SCHEMA);
}
