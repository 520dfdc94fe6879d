import { once } from "node:events";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type PrismServer, PrismStartError, startPrism } from "../src/index.ts";

const alive = (pid: number) => {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
};

describe("startPrism on the bundled spec", () => {
  let prism: PrismServer;
  beforeAll(async () => {
    prism = await startPrism();
  });
  afterAll(() => prism.close());

  it("serves the spec's paths at the root with its static examples", async () => {
    const response = await fetch(
      `${prism.baseUrl}/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/impersonation_registry/f174e90a-fafe-4643-bbbc-4a0ed4fc8415`,
      { headers: { authorization: "Bearer example-token" } },
    );
    expect(response.status).toBe(200);
    const body = (await response.json()) as { success: boolean; result: { name: string } };
    expect(body.success).toBe(true);
    expect(body.result.name).toBe("John Doe");
  });

  it("is gone after close(), and close() can be called twice", async () => {
    const second = await startPrism();
    expect(alive(second.pid)).toBe(true);
    await second.close();
    await second.close();
    expect(alive(second.pid)).toBe(false);
  });
});

describe("startPrism with an upstream (prism proxy)", () => {
  it("forwards to the upstream and answers with what it sent", async () => {
    const upstream = createServer((_request, response) => {
      response.writeHead(200, { "content-type": "application/json", "x-upstream": "yes" });
      response.end(
        JSON.stringify({ success: true, errors: [], messages: [], result: { name: "From Upstream" } }),
      );
    });
    upstream.listen(0, "127.0.0.1");
    await once(upstream, "listening");
    const prism = await startPrism({
      upstream: `http://127.0.0.1:${(upstream.address() as AddressInfo).port}`,
    });
    try {
      const response = await fetch(
        `${prism.baseUrl}/accounts/023e105f4ecef8ad9ca31a8372d0c353/email-security/settings/impersonation_registry/f174e90a-fafe-4643-bbbc-4a0ed4fc8415`,
        { headers: { authorization: "Bearer example-token" } },
      );
      expect(response.status).toBe(200);
      expect(response.headers.get("x-upstream")).toBe("yes");
      expect(((await response.json()) as { result: { name: string } }).result.name).toBe("From Upstream");
    } finally {
      await prism.close();
      upstream.close();
    }
  });
});

describe("startPrism failures", () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), "ir-prism-"));
  });
  afterAll(() => rm(dir, { recursive: true, force: true }));

  it("an unreadable spec is one error line with Prism's output, and no process is left", async () => {
    const broken = join(dir, "broken.json");
    await writeFile(broken, "{ not json");
    const error = await startPrism({ specPath: broken }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrismStartError);
    expect((error as Error).message).toMatch(
      /^Prism exited before it was ready \(exit code \d+\); its output ends: /,
    );
    expect((error as Error).message).not.toContain("\n");
  });
});
