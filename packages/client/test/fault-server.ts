/**
 * A real node:http server on 127.0.0.1 that answers from a script, so the client's retries,
 * timeouts and errors are tested against real sockets rather than a mocked fetch. It records
 * every request it receives, so tests can count them.
 */
import { once } from "node:events";
import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

export interface Scripted {
  status?: number;
  headers?: Record<string, string>;
  /** Sent as JSON; a string is sent as is. */
  body?: unknown;
  /** Wait this long before answering (the socket stays open). */
  delayMs?: number;
  /** Destroy the connection instead of answering. */
  reset?: boolean;
}

export interface Received {
  method: string;
  url: URL;
  headers: IncomingHttpHeaders;
  body: string;
}

export interface FaultServer {
  /** Base URL including the API's `/client/v4` prefix. */
  baseUrl: string;
  received: Received[];
  close(): Promise<void>;
}

export type Script = Scripted[] | ((request: Received, index: number) => Scripted);

/** Answers the n-th request with `script[n]` (the last entry repeats), or with `script(request, n)`. */
export async function startFaultServer(script: Script): Promise<FaultServer> {
  const received: Received[] = [];
  const server = createServer(async (req, res) => {
    let body = "";
    for await (const chunk of req) body += chunk;
    const request = {
      method: req.method ?? "",
      url: new URL(req.url ?? "/", "http://x"),
      headers: req.headers,
      body,
    };
    const index = received.push(request) - 1;
    const answer =
      typeof script === "function" ? script(request, index) : (script[index] ?? script.at(-1) ?? {});
    if (answer.delayMs) await new Promise((resolve) => setTimeout(resolve, answer.delayMs));
    if (answer.reset) {
      req.socket.destroy();
      return;
    }
    const text = typeof answer.body === "string" ? answer.body : JSON.stringify(answer.body ?? ok(null));
    res.writeHead(answer.status ?? 200, { "content-type": "application/json", ...answer.headers });
    res.end(text);
  });
  server.listen(0, "127.0.0.1");
  await once(server, "listening");
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/client/v4`,
    received,
    close: async () => {
      server.closeAllConnections();
      server.close();
      await once(server, "close");
    },
  };
}

/** A Cloudflare success envelope. */
export function ok(result: unknown, resultInfo?: object) {
  return { success: true, errors: [], messages: [], result, ...(resultInfo && { result_info: resultInfo }) };
}

/** A Cloudflare error envelope. */
export function failure(code: number, message: string) {
  return { success: false, errors: [{ code, message }], messages: [], result: null };
}

export const ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";
export const ENTRY_ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

export function entry(index: number) {
  return {
    id: `00000000-0000-4000-8000-${String(index).padStart(12, "0")}`,
    email: `person${index}@example.com`,
    name: `Person ${index}`,
    is_email_regex: false,
    provenance: "A1S_INTERNAL",
    comments: null,
    created_at: "2026-03-02T09:15:27.104Z",
    modified_at: "2026-03-02T09:15:27.104Z",
  } as const;
}
