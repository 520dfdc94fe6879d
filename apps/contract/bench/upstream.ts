/**
 * The benchmark's upstream, in a process of its own: bare node:http with no
 * routing, answering one fixed entry, or — for a URL with `per_page=N` — a
 * fixed list page of N entries, each a valid answer of the spec (envelope,
 * `cf-ray`), so validation walks the whole body and finds nothing. Prints its
 * origin once listening.
 *
 * With a delay, every answer waits that many milliseconds first: an upstream
 * as far away as a remote API is.
 *
 *   node bench/upstream.ts [port] [delay-ms]
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { currentEntry } from "../test/spec-examples.ts";

const entry = currentEntry();
const envelope = (result: unknown, extra: object = {}) =>
  JSON.stringify({ success: true, errors: [], messages: [], result, ...extra });
const one = envelope(entry);
const pages = new Map<number, string>();
const HEADERS = { "content-type": "application/json", "cf-ray": "8e6a1f3b2c4d5e6f-SJC" };

const DELAY_MS = Number(process.argv[3] ?? 0);

const server = createServer((request, response) => {
  request.resume();
  const perPage = Number(/[?&]per_page=(\d+)/.exec(request.url ?? "")?.[1] ?? 0);
  let body = one;
  if (perPage > 0) {
    const info = { count: perPage, page: 1, per_page: perPage, total_count: perPage };
    body =
      pages.get(perPage) ??
      envelope(
        Array.from({ length: perPage }, () => entry),
        { result_info: info },
      );
    pages.set(perPage, body);
  }
  if (DELAY_MS > 0) setTimeout(() => response.writeHead(200, HEADERS).end(body), DELAY_MS);
  else response.writeHead(200, HEADERS).end(body);
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1", () => {
  process.stdout.write(`http://127.0.0.1:${(server.address() as AddressInfo).port}\n`);
});
