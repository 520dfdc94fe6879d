import { afterEach, describe, expect, it } from "vitest";
import type { Sandbox } from "../src/sandbox.ts";
import { client, testSandbox } from "./helpers.ts";

let sandbox: Sandbox | undefined;
afterEach(() => sandbox?.close());

describe("rate limiting", () => {
  it("counts per credential and answers 429 code 971 with Retry-After and Ratelimit headers", async () => {
    sandbox = await testSandbox({ rateLimit: { limit: 3, windowSeconds: 60 } });
    const api = client(sandbox);
    const remaining = [];
    for (let i = 0; i < 3; i++) {
      const reply = await api.list();
      expect(reply.status).toBe(200);
      remaining.push(reply.headers.get("ratelimit"));
      expect(reply.headers.get("ratelimit-policy")).toBe('"default";q=3;w=60');
    }
    expect(remaining).toEqual(['"default";r=2;t=60', '"default";r=1;t=60', '"default";r=0;t=60']);
    const limited = await api.list();
    expect(limited.status).toBe(429);
    expect(limited.body.errors[0].code).toBe(971);
    expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(limited.headers.get("ratelimit")).toMatch(/^"default";r=0;t=\d+$/);
    expect(limited.headers.get("content-type")).toBe("application/json");
    // Another credential has its own quota.
    expect((await api.list("", { token: sandbox.credentials.readToken })).status).toBe(200);
  });

  it("opens a new window once the old one has passed", async () => {
    sandbox = await testSandbox({ rateLimit: { limit: 1, windowSeconds: 1 } });
    const api = client(sandbox);
    expect((await api.list()).status).toBe(200);
    expect((await api.list()).status).toBe(429);
    await expect.poll(async () => (await api.list()).status, { timeout: 3000, interval: 200 }).toBe(200);
  });

  it("is off when told", async () => {
    sandbox = await testSandbox({ rateLimit: "off" });
    const reply = await client(sandbox).list();
    expect(reply.headers.get("ratelimit")).toBeNull();
  });
});
