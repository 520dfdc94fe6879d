/**
 * The benchmarks' API stand-in, run as its own process so the server's work does not share the
 * client's core: `node bench/server.ts` prints `listening <port>`. Answers are precomputed or cheap,
 * so the server is never the bottleneck being measured.
 */
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

const ENTRY = {
  id: "f174e90a-fafe-4643-bbbc-4a0ed4fc8415",
  comments: null,
  created_at: "2026-03-02T09:15:27.104Z",
  directory_id: null,
  directory_node_id: null,
  email: "john.doe@example.com",
  external_directory_node_id: null,
  is_email_regex: false,
  modified_at: "2026-03-02T09:15:27.104Z",
  name: "John Doe",
  provenance: "A1S_INTERNAL",
};
/** Size of the listing that listAll walks. */
export const LIST_SIZE = 100_000;

const entryBody = JSON.stringify({ success: true, errors: [], messages: [], result: ENTRY });
const headers = (length: number) => ({
  "content-type": "application/json",
  "content-length": length,
  "cf-ray": "8e6a1f3b2c4d5e6f-SJC",
});
const pageCache = new Map<string, string>();

function page(pageNumber: number, perPage: number): string {
  const key = `${pageNumber}/${perPage}`;
  let body = pageCache.get(key);
  if (body === undefined) {
    const start = (pageNumber - 1) * perPage;
    const result = Array.from({ length: Math.max(0, Math.min(perPage, LIST_SIZE - start)) }, (_, i) => ({
      ...ENTRY,
      id: `00000000-0000-4000-8000-${String(start + i).padStart(12, "0")}`,
    }));
    const resultInfo = { count: result.length, page: pageNumber, per_page: perPage, total_count: LIST_SIZE };
    body = JSON.stringify({ success: true, errors: [], messages: [], result, result_info: resultInfo });
    pageCache.set(key, body);
  }
  return body;
}

const server = createServer((req, res) => {
  const url = new URL(req.url ?? "/", "http://bench");
  const body = url.pathname.endsWith("/impersonation_registry")
    ? page(Number(url.searchParams.get("page") ?? 1), Number(url.searchParams.get("per_page") ?? 20))
    : entryBody;
  res.writeHead(200, headers(Buffer.byteLength(body)));
  res.end(body);
});
server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
