/**
 * The proxy in this process (startProxy, port 0) in front of a bare node:http
 * upstream: requests and answers pass byte for byte (compared by SHA-256),
 * headers as sent, credentials included; odd bodies (empty, binary, chunked,
 * over the validation limit, gzip-encoded) stream through unchanged; an
 * upstream that is down or silent gives the consumer a 502 in Cloudflare's
 * envelope and the report an errored step; malformed requests are forwarded
 * and recorded, never a crash.
 */

import { once } from "node:events";
import { readFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { createClient } from "@impersonation-registry/client";
import { freePort } from "@impersonation-registry/prism";
import { spec, specHash } from "@impersonation-registry/types/spec";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { type ProxyOptions, type RunningProxy, startProxy } from "../../src/proxy/index.ts";
import { readSpecLines } from "../../src/spec-lines.ts";
import { removeDir, tempDir, testSandbox, waitFor } from "../cli/helpers.ts";
import {
  COLLECTION,
  ENTRY_ID,
  harValidator,
  oddAnswers,
  type Received,
  rawRequest,
  reportValidator,
  sha256,
  startUpstream,
  type Upstream,
} from "./helpers.ts";

const TOKEN = "proxy_forward_test_token_0123456789abcdef";
let dir: string;
let upstream: Upstream;
const proxies: RunningProxy[] = [];

beforeAll(async () => {
  dir = tempDir("proxy-forward");
  upstream = await startUpstream();
  for (const [path, answer] of Object.entries(oddAnswers())) upstream.canned.set(path, answer);
});
afterEach(async () => {
  await Promise.all(proxies.splice(0).map((proxy) => proxy.close()));
});
afterAll(async () => {
  await upstream.close();
  removeDir(dir);
});

async function proxyTo(target: string, options: Partial<ProxyOptions> = {}): Promise<RunningProxy> {
  const proxy = await startProxy({
    upstream: target,
    spec,
    specHash,
    specLines: readSpecLines(),
    reportsRoot: join(dir, "reports"),
    runId: `forward-${proxies.length}-${Date.now()}`,
    port: 0,
    flushEveryMs: 0,
    ...options,
  });
  proxies.push(proxy);
  return proxy;
}

const received = (answer: { headers: Record<string, unknown> }): Received =>
  JSON.parse(Buffer.from(String(answer.headers["x-received"]), "base64").toString("utf8"));

describe("requests reach the upstream as sent", () => {
  const bodies: [name: string, headers: Record<string, string>, chunks: Buffer[]][] = [
    ["an empty body", { "content-length": "0" }, []],
    ["a JSON body", { "content-type": "application/json" }, [Buffer.from('{"email":"a@example.com"}')]],
    ["a binary body", { "content-type": "application/octet-stream" }, [Buffer.from([0, 255, 1, 254, 0x80])]],
    ["a chunked body", {}, [Buffer.from("one,"), Buffer.from("two,"), Buffer.from("three")]],
    ["a body over the validation limit", {}, [Buffer.alloc(5 * 1024 * 1024, 7)]],
    ["invalid JSON labelled JSON", { "content-type": "application/json" }, [Buffer.from('{"email":')]],
  ];
  for (const [name, headers, chunks] of bodies) {
    it(`${name}: same bytes, method, target and headers (credentials included)`, async () => {
      const proxy = await proxyTo(upstream.baseUrl);
      const target = `${COLLECTION}?page=2&search=a%20b`;
      const answer = await rawRequest(`http://127.0.0.1:${proxy.port}${target}`, {
        method: "POST",
        headers: { ...headers, Authorization: `Bearer ${TOKEN}`, "X-Odd-Case": "Value" },
        body: chunks,
      });
      expect(answer.status).toBe(200);
      const seen = received(answer);
      expect(seen.sha256).toBe(sha256(Buffer.concat(chunks)));
      expect(seen.method).toBe("POST");
      expect(seen.url).toBe(target);
      const pairs = Object.fromEntries(
        seen.rawHeaders.flatMap((value, i, all) => (i % 2 === 0 ? [[value, all[i + 1]]] : [])),
      );
      expect(pairs).toMatchObject({ Authorization: `Bearer ${TOKEN}`, "X-Odd-Case": "Value" });
      expect(pairs.Host).toBe(new URL(upstream.origin).host);
    });
  }
});

describe("answers come back byte for byte", () => {
  const upstreamAnswers = oddAnswers();
  for (const [path, canned] of Object.entries(upstreamAnswers)) {
    it(`${path}: status, headers and body as the upstream sent them`, async () => {
      const proxy = await proxyTo(upstream.baseUrl);
      // Each case's body is generated per test file run: the upstream serves this run's bytes.
      upstream.canned.set(path, canned);
      const answer = await rawRequest(`${proxy.url}${path}`, { headers: { "accept-encoding": "gzip" } });
      expect(answer.status).toBe(canned.status);
      expect(sha256(answer.body)).toBe(sha256(Buffer.concat(canned.chunks)));
      for (const [name, value] of canned.headers) {
        const sent = answer.rawHeaders.flatMap((v, i, all) =>
          i % 2 === 0 && v === name ? [all[i + 1]] : [],
        );
        expect(sent, name).toContain(value);
      }
    });
  }

  it("a HEAD request gets the headers and no body", async () => {
    const proxy = await proxyTo(upstream.baseUrl);
    const answer = await rawRequest(`${proxy.url}/odd/headers`, { method: "HEAD" });
    expect(answer.status).toBe(201);
    expect(answer.body.length).toBe(0);
    expect(answer.headers["x-mixed-case"]).toBe("Kept");
  });

  it("a gzip answer is validated decoded: a drift inside it is found", async () => {
    const proxy = await proxyTo(upstream.baseUrl);
    const drifted = Buffer.from(
      JSON.stringify({
        success: true,
        errors: [],
        messages: [],
        result: { id: ENTRY_ID, is_email_regex: "no" },
      }),
    );
    const path = `${COLLECTION.replace(/^\/client\/v4/, "")}/${ENTRY_ID}`;
    upstream.canned.set(path, {
      status: 200,
      headers: [
        ["Content-Type", "application/json"],
        ["Content-Encoding", "gzip"],
        ["cf-ray", "8e6a1f3b2c4d5e6f-SJC"],
      ],
      chunks: [gzipSync(drifted)],
    });
    try {
      const answer = await rawRequest(`http://127.0.0.1:${proxy.port}${COLLECTION}/${ENTRY_ID}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(answer.headers["content-encoding"]).toBe("gzip");
    } finally {
      upstream.canned.delete(path);
    }
    const report = proxy.report();
    expect(report.findings.map((f) => [f.rule, f.operation, f.pointer])).toEqual([
      ["schema-type", "getEntry", "/result/is_email_regex"],
    ]);
  });
});

describe("through the project's client", () => {
  it("every operation answers the same through the proxy as directly, and the session is clean", async () => {
    const sandbox = await testSandbox();
    try {
      const proxy = await proxyTo(sandbox.baseUrl);
      const journey = async (baseUrl: string) => {
        const client = createClient({
          baseUrl,
          apiToken: sandbox.credentials.writeToken,
          accountId: sandbox.accountId,
          readEnv: false,
        });
        const created = await client.create({ email: "via@example.com", is_email_regex: false, name: "Via" });
        const id = created.id ?? "";
        const got = await client.get(id);
        const page = await client.list({ search: "via@example.com" });
        const updated = await client.update(id, { comments: "renamed" });
        const deleted = await client.delete(id);
        const gone = await client.get(id).catch((error: { status?: number }) => error.status);
        return [created, got, page.result, updated, deleted, gone];
      };
      const normalise = (value: unknown) =>
        JSON.parse(
          JSON.stringify(value)
            .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g, "<id>")
            .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, "<time>"),
        );
      const direct = await journey(sandbox.baseUrl);
      const proxied = await journey(proxy.url);
      expect(normalise(proxied)).toEqual(normalise(direct));
      expect(proxied.at(-1)).toBe(404);
      const report = proxy.report();
      expect(report.findings).toEqual([]);
      expect(report.steps.map((step) => [step.step, step.status])).toEqual([
        ["createEntry", "passed"],
        ["getEntry", "passed"],
        ["listEntries", "passed"],
        ["updateEntry", "passed"],
        ["deleteEntry", "passed"],
      ]);
    } finally {
      await sandbox.close();
    }
  });
});

describe("an upstream that gives no answer", () => {
  const envelope = (answer: { body: Buffer }) => JSON.parse(answer.body.toString("utf8"));

  it("down: the consumer gets a 502 in the Cloudflare envelope, the report an errored step", async () => {
    const proxy = await proxyTo(`http://127.0.0.1:${await freePort()}/client/v4`);
    for (let i = 0; i < 3; i++) {
      const answer = await rawRequest(`http://127.0.0.1:${proxy.port}${COLLECTION}`, {
        headers: { authorization: `Bearer ${TOKEN}` },
      });
      expect(answer.status).toBe(502);
      expect(answer.headers["content-type"]).toBe("application/json");
      expect(answer.headers["cf-ray"]).toBeUndefined();
      const body = envelope(answer);
      expect(body).toEqual({
        success: false,
        errors: [{ code: 502, message: expect.stringMatching(/ECONNREFUSED/) }],
        messages: [],
        result: null,
      });
    }
    const { report } = await proxy.close();
    expect(report.exitCode).toBe(1);
    expect(report.steps).toEqual([
      expect.objectContaining({
        step: "listEntries",
        status: "errored",
        attempts: 3,
        reason: expect.stringMatching(
          /^3 of 3 requests got no answer from the upstream; last: .*ECONNREFUSED/,
        ),
      }),
    ]);
  });

  it("silent: given up after the timeout, a 502 too", async () => {
    const silent = await startUpstream(() => true);
    try {
      const proxy = await proxyTo(silent.baseUrl, { timeoutMs: 300 });
      const answer = await rawRequest(`${proxy.url}/accounts/${"0".repeat(32)}/anything`);
      expect(answer.status).toBe(502);
      expect(envelope(answer).errors[0].message).toMatch(/no answer within 0.3 s/);
      expect(proxy.report().notes.join("\n")).toMatch(/1 of them got no answer from the upstream/);
    } finally {
      await silent.close();
    }
  });
});

describe("malformed requests are forwarded, recorded, and never crash the proxy", () => {
  it("a target with bad percent-encoding and garbage on a connection", async () => {
    const proxy = await proxyTo(upstream.baseUrl);
    const bad = await rawRequest(`http://127.0.0.1:${proxy.port}${COLLECTION}/%zz`, {
      headers: { authorization: `Bearer ${TOKEN}` },
    });
    expect(bad.status).toBe(200);
    expect(received(bad).url).toBe(`${COLLECTION}/%zz`);

    const socket = connect(proxy.port, "127.0.0.1");
    await once(socket, "connect");
    socket.end("this is not HTTP\r\n\r\n");
    const chunks: Buffer[] = [];
    for await (const chunk of socket) chunks.push(chunk as Buffer);
    expect(Buffer.concat(chunks).toString("latin1")).toMatch(/^HTTP\/1\.1 400 Bad Request/);

    const after = await rawRequest(`${proxy.url}/odd/headers`);
    expect(after.status).toBe(201);
    const report = proxy.report();
    expect(report.notes.join("\n")).toMatch(/1 connections sent something that is not HTTP/);
    expect(report.exchanges.map((exchange) => exchange.request.url)).toContain(
      `${upstream.origin}${COLLECTION}/%zz`,
    );
  });

  it("a consumer that goes away mid-answer is counted, and the proxy goes on", async () => {
    // Never finishes an answer, but for the request after: the proxy must still serve it.
    const slow = await startUpstream((request, response) => {
      if (request.url?.endsWith("/after")) return false;
      response.writeHead(200, { "content-type": "application/json" });
      response.write('{"success":');
      return true;
    });
    try {
      const proxy = await proxyTo(slow.baseUrl);
      const socket = connect(proxy.port, "127.0.0.1");
      await once(socket, "connect");
      socket.write(`GET ${COLLECTION} HTTP/1.1\r\nHost: x\r\n\r\n`);
      await once(socket, "data");
      socket.destroy();
      await waitFor(
        () => proxy.report().notes.some((note) => /1 requests were abandoned/.test(note)),
        "abandon",
      );
      expect((await rawRequest(`${proxy.url}/after`)).status).toBe(200);
    } finally {
      await slow.close();
    }
  });
});

describe("what the session writes", () => {
  it("report.json follows its schema, exchanges.har is HAR 1.2, and no credential is in either", async () => {
    // An upstream that echoes the credentials in its bodies: they must be redacted there too.
    const echo = await startUpstream((request, response) => {
      if (request.url?.endsWith("/binary")) {
        response
          .writeHead(200, { "content-type": "application/octet-stream" })
          .end(Buffer.from([0, 0xff, 0xfe]));
        return true;
      }
      const echoed = {
        id: ENTRY_ID,
        name: `${request.headers.authorization} ${request.headers["x-auth-key"]}`,
      };
      const result = request.url?.includes("?") ? [echoed] : echoed;
      response.writeHead(200, { "content-type": "application/json", "cf-ray": "8e6a1f3b2c4d5e6f-SJC" });
      response.end(JSON.stringify({ success: true, errors: [], messages: [], result }));
      return true;
    });
    try {
      const proxy = await proxyTo(echo.baseUrl);
      for (const path of [`${COLLECTION}/${ENTRY_ID}`, `${COLLECTION}?per_page=0`, "/client/v4/binary"]) {
        await rawRequest(`http://127.0.0.1:${proxy.port}${path}`, {
          headers: { authorization: `Bearer ${TOKEN}`, "x-auth-key": `${TOKEN}-key` },
        });
      }
      const { written, report } = await proxy.close();
      const validate = reportValidator();
      const json = JSON.parse(readFileSync(written.files.json, "utf8"));
      expect(validate(json), JSON.stringify(validate.errors)).toBe(true);
      const har = JSON.parse(readFileSync(written.har, "utf8"));
      const validHar = harValidator();
      expect(validHar(har), JSON.stringify(validHar.errors)).toBe(true);
      expect(har.log.entries).toHaveLength(3);
      expect(har.log.entries[2].response.content).toMatchObject({ encoding: "base64", text: "AP/+" });
      for (const file of [...Object.values(written.files), written.har]) {
        expect(readFileSync(file, "utf8"), file).not.toContain(TOKEN);
      }
      // The list asked for per_page=0: the consumer's bug is found, the upstream's answer is clean.
      expect(report.findings.map((f) => [f.rule, f.operation, f.pointer, f.observed])).toEqual([
        ["request-invalid", "listEntries", "/query/per_page", 0],
      ]);
      expect(report.exchanges[0]?.request.headers.authorization).toBe("Bearer $CLOUDFLARE_API_TOKEN");
      expect(report.exchanges[0]?.request.headers["x-auth-key"]).toBe("$CLOUDFLARE_API_KEY");
      expect(report.exchanges[0]?.response.body).toMatchObject({
        result: { name: "Bearer $CLOUDFLARE_API_TOKEN $CLOUDFLARE_API_KEY" },
      });
    } finally {
      await echo.close();
    }
  });
});
