/**
 * The forwarding half of the proxy, on node:http and node:https rather than
 * fetch (which decodes content-encoding, so could not pass bytes through): a
 * request goes upstream with its method, target, headers and body as sent,
 * and the upstream's status, headers and body come back byte for byte,
 * streamed. Both bodies are copied (bounded) on the way for validation, which
 * happens once the answer is complete, never in its path.
 *
 * Only hop-by-hop headers are not passed on (`Connection`, `Keep-Alive`,
 * `Proxy-Connection`: they describe one connection, and each side of the proxy
 * has its own), and `Host` names the upstream. Framing (`Content-Length`,
 * `Transfer-Encoding`) is kept as sent.
 */
import {
  type Agent,
  type ClientRequest,
  Agent as HttpAgent,
  request as httpRequest,
  type IncomingMessage,
  type ServerResponse,
} from "node:http";
import { Agent as HttpsAgent, request as httpsRequest } from "node:https";
import type { Duplex, Readable, Writable } from "node:stream";
import { type Capture, createCapture } from "./body.ts";
import type { Observation } from "./session.ts";

const HOP_BY_HOP = new Set(["connection", "keep-alive", "proxy-connection"]);

export interface ForwarderOptions {
  upstream: URL;
  /** An upstream silent this long (no connection, no byte) is given up: the consumer gets a 502. */
  timeoutMs: number;
  record(observation: Observation): void;
  /** The consumer went away before its answer was complete. */
  abandoned(): void;
  /** A connection sent something that is not HTTP. */
  notHttp(): void;
}

export interface Forwarder {
  handle(request: IncomingMessage, response: ServerResponse): void;
  /** For the server's `clientError`: answers 400 like Node would, and counts it. */
  clientError(error: NodeJS.ErrnoException, socket: Duplex): void;
  /** Resolves once no request is in flight, or after `timeoutMs`, whichever comes first. */
  drained(timeoutMs: number): Promise<void>;
  /** Closes the upstream connections kept alive. */
  close(): void;
}

/** The Cloudflare v4 error envelope the consumer gets when the upstream gave no answer. */
export function badGateway(message: string): {
  status: number;
  headers: Record<string, string>;
  text: string;
} {
  const text = JSON.stringify({
    success: false,
    errors: [{ code: 502, message }],
    messages: [],
    result: null,
  });
  return {
    status: 502,
    headers: { "content-type": "application/json", "content-length": String(Buffer.byteLength(text)) },
    text,
  };
}

export function createForwarder(options: ForwarderOptions): Forwarder {
  const { upstream } = options;
  const https = upstream.protocol === "https:";
  const agent: Agent = new (https ? HttpsAgent : HttpAgent)({
    keepAlive: true,
    maxFreeSockets: 256,
    scheduling: "lifo",
  });
  const send = https ? httpsRequest : httpRequest;
  let seq = 0;
  let inFlight = 0;
  let waiters: (() => void)[] = [];
  const settled = () => {
    inFlight--;
    if (inFlight > 0) return;
    for (const resolve of waiters) resolve();
    waiters = [];
  };

  function handle(request: IncomingMessage, response: ServerResponse): void {
    const started = performance.now();
    const startedAt = new Date();
    const mySeq = ++seq;
    inFlight++;
    const requestBody = createCapture();
    let done = false;
    let waitMs = 0;
    const finish = (outcome: Observation["outcome"]) => {
      if (done) return;
      done = true;
      try {
        options.record({
          seq: mySeq,
          startedAt,
          method: request.method ?? "GET",
          target: request.url ?? "/",
          httpVersion: request.httpVersion,
          requestHeaders: request.rawHeaders,
          requestBody: { bytes: requestBody.bytes(), size: requestBody.size },
          durationMs: performance.now() - started,
          outcome,
        });
      } finally {
        settled();
      }
    };
    const fail = (reason: string) => {
      if (done) return;
      if (response.headersSent) {
        // The consumer has the status and part of the body: cutting the connection is the honest answer.
        response.destroy();
        finish({ kind: "error", reason: `the upstream cut its answer short: ${reason}` });
        return;
      }
      const answer = badGateway(`proxy: no answer from the upstream ${upstream.origin}: ${reason}`);
      response.writeHead(answer.status, answer.headers).end(answer.text);
      finish({ kind: "error", reason, answer });
    };

    let outgoing: ClientRequest;
    try {
      outgoing = send({
        protocol: upstream.protocol,
        hostname: upstream.hostname,
        port: upstream.port,
        method: request.method,
        path: request.url,
        headers: forwardedHeaders(request.rawHeaders, upstream.host),
        agent,
        setHost: false,
        timeout: options.timeoutMs,
      });
    } catch (error) {
      // Node refuses to send some requests its server accepted (a header value it deems invalid).
      request.resume();
      fail(`the request cannot be forwarded: ${(error as Error).message}`);
      return;
    }
    outgoing.on("timeout", () =>
      outgoing.destroy(new Error(`no answer within ${options.timeoutMs / 1000} s`)),
    );
    outgoing.on("error", (error: NodeJS.ErrnoException) => {
      // Whatever the consumer still sends has nowhere to go: read and dropped.
      request.removeAllListeners("data");
      request.resume();
      fail(error.message || error.code || "connection failed");
    });
    outgoing.on("response", (answer: IncomingMessage) => {
      waitMs = performance.now() - started;
      const responseBody = createCapture();
      answer.on("close", () => {
        if (!answer.complete) fail("the connection closed before the end of the body");
      });
      answer.on("error", (error) => fail(error.message));
      try {
        // The upstream's Date too: the consumer gets the upstream's headers, not the proxy's.
        response.sendDate = false;
        response.writeHead(
          answer.statusCode ?? 502,
          answer.statusMessage,
          withoutHopByHop(answer.rawHeaders),
        );
      } catch (error) {
        // A status line or header Node parsed but will not write back (it validates more strictly).
        answer.destroy();
        fail(`its answer cannot be passed on: ${(error as Error).message}`);
        return;
      }
      relay(answer, response, responseBody);
      // After the relay's own "end": the consumer has its whole answer before validation starts.
      answer.on("end", () =>
        finish({
          kind: "response",
          status: answer.statusCode ?? 0,
          statusText: answer.statusMessage ?? "",
          httpVersion: answer.httpVersion,
          headers: answer.rawHeaders,
          body: { bytes: responseBody.bytes(), size: responseBody.size },
          waitMs,
        }),
      );
    });
    response.on("close", () => {
      if (done || response.writableFinished) return;
      // The consumer went away: nothing to answer, and the upstream need not finish either.
      done = true;
      settled();
      outgoing.destroy();
      options.abandoned();
    });
    // Most requests (GET, DELETE) have no body: nothing to relay, the request is complete.
    const { "content-length": length, "transfer-encoding": encoding } = request.headers;
    if (encoding === undefined && (length === undefined || length === "0")) outgoing.end();
    else relay(request, outgoing, requestBody);
  }

  return {
    handle,
    clientError(error, socket) {
      if (error.code === "ECONNRESET" || !socket.writable) {
        socket.destroy();
        return;
      }
      options.notHttp();
      const status =
        error.code === "HPE_HEADER_OVERFLOW" ? "431 Request Header Fields Too Large" : "400 Bad Request";
      socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\n\r\n`);
    },
    drained(timeoutMs) {
      if (inFlight === 0) return Promise.resolve();
      return new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, timeoutMs);
        waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
    close: () => agent.destroy(),
  };
}

/**
 * `source` into `destination` with backpressure, each chunk copied on the way: what `pipe` does,
 * with a third of its listeners (this runs twice per request).
 */
function relay(source: Readable, destination: Writable, copy: Capture): void {
  source.on("data", (chunk: Buffer) => {
    copy.add(chunk);
    if (!destination.write(chunk)) {
      source.pause();
      destination.once("drain", () => source.resume());
    }
  });
  source.on("end", () => destination.end());
}

/** The consumer's headers as sent, hop-by-hop ones left out, `Host` naming the upstream. */
function forwardedHeaders(raw: readonly string[], host: string): string[] {
  const out = withoutHopByHop(raw);
  const at = out.findIndex((value, i) => i % 2 === 0 && value.toLowerCase() === "host");
  if (at === -1) out.push("Host", host);
  else out[at + 1] = host;
  return out;
}

function withoutHopByHop(raw: readonly string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + 1 < raw.length; i += 2) {
    if (!HOP_BY_HOP.has((raw[i] as string).toLowerCase())) out.push(raw[i] as string, raw[i + 1] as string);
  }
  return out;
}
