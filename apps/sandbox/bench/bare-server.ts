/**
 * The baseline: a bare node:http server with no routing, auth or storage. It answers one fixed
 * entry, or — for a URL asking for `per_page=N` — N copies of it, so list is compared at equal
 * payload size (the transport and the load generator's parsing cost the same on both sides).
 */
import { createServer } from "node:http";

const entry = {
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
const envelope = (result: unknown) => JSON.stringify({ success: true, errors: [], messages: [], result });
const one = envelope(entry);
const pages = new Map<number, string>();

const server = createServer((request, response) => {
  request.resume();
  const perPage = Number(/[?&]per_page=(\d+)/.exec(request.url ?? "")?.[1] ?? 0);
  let body = one;
  if (perPage > 0) {
    body = pages.get(perPage) ?? envelope(Array.from({ length: perPage }, () => entry));
    pages.set(perPage, body);
  }
  response.writeHead(200, { "content-type": "application/json" }).end(body);
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1");
