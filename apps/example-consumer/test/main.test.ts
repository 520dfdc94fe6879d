/** Runs `node src/main.ts` as a user would, against Prism mocking the spec and against the sandbox. */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { type PrismServer, startPrism } from "@impersonation-registry/prism";
import { startSandbox } from "@impersonation-registry/sandbox";
import { afterAll, beforeAll, expect, test } from "vitest";

const main = fileURLToPath(new URL("../src/main.ts", import.meta.url));
const ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";
// Prism answers with the spec's example entry, whatever was sent.
const EXAMPLE_ID = "f174e90a-fafe-4643-bbbc-4a0ed4fc8415";

let prism: PrismServer;
beforeAll(async () => {
  prism = await startPrism();
});
afterAll(async () => {
  await prism?.close();
});

/** The script's exit code and output, run with only the given variables (no inherited CLOUDFLARE_*). */
async function runMain(env: Record<string, string>) {
  const { PATH, HOME } = process.env;
  return promisify(execFile)(process.execPath, [main], { env: { PATH, HOME, ...env } }).then(
    ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
    (error: { code: number; stdout: string; stderr: string }) => error,
  );
}

test("creates, lists, updates and deletes an entry against Prism", async () => {
  const { code, stdout, stderr } = await runMain({
    CLOUDFLARE_API_TOKEN: "prism-token",
    CLOUDFLARE_ACCOUNT_ID: ACCOUNT_ID,
    CLOUDFLARE_BASE_URL: prism.baseUrl,
  });
  expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
  expect(stdout.trim().split("\n")).toEqual([
    `Account ${ACCOUNT_ID}`,
    `Created ${EXAMPLE_ID}: John Doe <john.doe@example.com>`,
    "Listed 2 entries on page 1",
    `Updated ${EXAMPLE_ID}: name is now "John Doe"`,
    `Deleted ${EXAMPLE_ID}`,
  ]);
});

test("without credentials it says which variables to set and exits 1", async () => {
  const { code, stdout, stderr } = await runMain({ CLOUDFLARE_BASE_URL: prism.baseUrl });
  expect({ code, stdout }).toEqual({ code: 1, stdout: "" });
  expect(stderr).toMatch(/^example-consumer: No credentials: .*CLOUDFLARE_API_TOKEN/);
});

test("against the stateful sandbox, the entry it creates is the one it renames and deletes", async () => {
  const sandbox = await startSandbox({ port: 0, db: ":memory:", rateLimit: "off" });
  try {
    const { code, stdout, stderr } = await runMain({
      CLOUDFLARE_API_TOKEN: sandbox.credentials.writeToken,
      CLOUDFLARE_ACCOUNT_ID: sandbox.accountId,
      CLOUDFLARE_BASE_URL: sandbox.baseUrl,
    });
    expect({ code, stderr }).toEqual({ code: 0, stderr: "" });
    const id = /^Created ([0-9a-f-]{36}): Example Consumer </m.exec(stdout)?.[1];
    expect(id).toBeDefined();
    expect(stdout).toContain(`Updated ${id}: name is now "Example Consumer (renamed)"`);
    expect(stdout).toContain(`Deleted ${id}`);
  } finally {
    await sandbox.close();
  }
});
