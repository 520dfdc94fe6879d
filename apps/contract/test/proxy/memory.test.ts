/**
 * A long session stays within bounds: 20,000 requests through `contract
 * proxy` (a child process) to a local upstream whose answers vary on every
 * request (ids, an undocumented field with a new value each time, list pages
 * of 50 entries, ~16 KB), with a flush every second on the way. The proxy's
 * resident memory is read after 2,000, 10,000 and 20,000 requests. V8 sizes
 * its young generation to the allocation rate (up to ~130 MB on Node 24) in
 * the first thousands of requests, so the whole growth gets a generous bound;
 * the second half must be flat, where keeping every exchange would add ~80 MB.
 * The report keeps only the exchanges its findings point at and the last 100.
 */
import { randomUUID } from "node:crypto";
import { once } from "node:events";
import { readFileSync } from "node:fs";
import { Agent, createServer, request } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { KEEP_LAST } from "../../src/proxy/index.ts";
import { killChildren, latestReport, removeDir, startCli, tempDir, waitFor } from "../cli/helpers.ts";
import { COLLECTION, entry } from "./helpers.ts";

const TOTAL = 20_000;
const WARM_UP = 2_000;
const HALF = TOTAL / 2;
const CONCURRENCY = 16;
/** From the warm-up to the end: V8's young generation growing to its size, and the kept exchanges (~2 MB). */
const MAX_GROWTH_MB = 160;
/** Over the second half, once V8's heap has its size: what keeping those 10,000 exchanges would exceed twice over. */
const MAX_SECOND_HALF_GROWTH_MB = 32;

let dir: string;
let upstream: ReturnType<typeof createServer>;
let upstreamUrl: string;

beforeAll(async () => {
  dir = tempDir("proxy-memory");
  let served = 0;
  upstream = createServer((incoming, response) => {
    incoming.resume();
    served++;
    const fresh = () => ({ ...entry, id: randomUUID(), risk_level: `level-${served}` });
    const list = incoming.url?.includes("?");
    const result = list ? Array.from({ length: 50 }, fresh) : fresh();
    response.writeHead(200, { "content-type": "application/json", "cf-ray": "8e6a1f3b2c4d5e6f-SJC" });
    response.end(JSON.stringify({ success: true, errors: [], messages: [], result }));
  });
  upstream.listen(0, "127.0.0.1");
  await once(upstream, "listening");
  upstreamUrl = `http://127.0.0.1:${(upstream.address() as AddressInfo).port}/client/v4`;
});
afterEach(() => killChildren());
afterAll(() => {
  upstream.closeAllConnections();
  upstream.close();
  removeDir(dir);
});

function rssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, "utf8");
  return Number(/^VmRSS:\s+(\d+)/m.exec(status)?.[1]) / 1024;
}

/** `count` requests, CONCURRENCY at a time on kept-alive connections: every other one a list page. */
async function send(base: string, from: number, count: number): Promise<void> {
  const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  let next = from;
  const one = (i: number) =>
    new Promise<void>((resolve, reject) => {
      const path = i % 2 === 0 ? `${COLLECTION}?page=${(i % 40) + 1}` : `${COLLECTION}/${randomUUID()}`;
      const outgoing = request(`${base}${path}`, {
        agent,
        headers: { authorization: "Bearer proxy-memory-test-token" },
      });
      outgoing.on("response", (response) => {
        response.resume();
        response.on("end", () =>
          response.statusCode === 200 ? resolve() : reject(new Error(`${response.statusCode}`)),
        );
      });
      outgoing.on("error", reject);
      outgoing.end();
    });
  const worker = async () => {
    while (next < from + count) await one(next++);
  };
  try {
    await Promise.all(Array.from({ length: CONCURRENCY }, worker));
  } finally {
    agent.destroy();
  }
}

describe("contract proxy memory", () => {
  it(`stays bounded over ${TOTAL.toLocaleString("en")} requests`, async () => {
    const reportDir = join(dir, "reports");
    const proxy = startCli([
      "proxy",
      "--upstream",
      upstreamUrl,
      "--port",
      "0",
      "--flush-every",
      "1s",
      "--report-dir",
      reportDir,
    ]);
    const origin = await waitFor(
      () => /^proxy (http:\/\/[^/\s]+)/m.exec(proxy.output())?.[1],
      "the ready line",
    );
    const pid = proxy.child.pid as number;

    await send(origin, 0, WARM_UP);
    const warm = rssMb(pid);
    await send(origin, WARM_UP, HALF - WARM_UP);
    const half = rssMb(pid);
    await send(origin, HALF, TOTAL - HALF);
    const end = rssMb(pid);
    proxy.child.kill("SIGTERM");
    const result = await proxy.done;
    const report = latestReport(reportDir, result);
    console.info(
      `proxy RSS: ${warm.toFixed(1)} MB after ${WARM_UP} requests, ${half.toFixed(1)} MB after ${HALF}, ${end.toFixed(1)} MB after ${TOTAL} (growth ${(end - warm).toFixed(1)} MB, second half ${(end - half).toFixed(1)} MB); report keeps ${report.exchanges.length} exchanges, ${report.findings.length} findings`,
    );

    expect(end - warm).toBeLessThan(MAX_GROWTH_MB);
    expect(end - half).toBeLessThan(MAX_SECOND_HALF_GROWTH_MB);
    expect(report.steps.reduce((sum, step) => sum + step.attempts, 0)).toBe(TOTAL);
    // In the order the first request of each operation was answered: concurrent, so either order.
    const findings = report.findings.map((f) => [f.rule, f.operation, f.pointer, f.occurrences.length]);
    expect(findings.sort()).toEqual([
      ["undocumented-field", "getEntry", "/result/risk_level", 1],
      ["undocumented-field", "listEntries", "/result/*/risk_level", 1],
    ]);
    expect(report.exchanges.length).toBeLessThanOrEqual(KEEP_LAST + report.findings.length);
    const har = JSON.parse(readFileSync(join(reportDir, "latest", "exchanges.har"), "utf8"));
    expect(har.log.entries.length).toBe(report.exchanges.length);
    expect(result.code).toBe(0);
  }, 180_000);
});
