/** The baseline: a bare node:http server answering one fixed JSON entry, no routing, auth or storage. */
import { createServer } from "node:http";

const body = JSON.stringify({
  success: true,
  errors: [],
  messages: [],
  result: {
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
  },
});

const server = createServer((request, response) => {
  request.resume();
  response.writeHead(200, { "content-type": "application/json" }).end(body);
});
server.listen(Number(process.argv[2] ?? 0), "127.0.0.1");
