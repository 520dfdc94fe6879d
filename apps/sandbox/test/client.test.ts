/**
 * Fidelity: the client written for api.cloudflare.com works against the
 * sandbox when given only the CLOUDFLARE_* lines the CLI prints.
 */
import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { baseUrlOf, type CliRun, runCli, stop } from "./cli-process.ts";

const script = fileURLToPath(new URL("./fixtures/client-crud.ts", import.meta.url));
let run: CliRun | undefined;
afterEach(() => stop(run));

describe("the client package against the sandbox", () => {
  it("runs its CRUD flow with only the printed CLOUDFLARE_* variables", async () => {
    run = runCli(["--port", "0", "--db", ":memory:"]);
    await baseUrlOf(run);
    await expect.poll(() => run?.stdout()).toContain("Press Ctrl-C");
    const printed = Object.fromEntries(
      [...run.stdout().matchAll(/^(CLOUDFLARE_\w+)=(\S+)$/gm)].map((match) => [match[1], match[2]]),
    );
    const readToken = /read-only token:\s+(\S+)/.exec(run.stdout())?.[1];
    const { stdout } = await promisify(execFile)(process.execPath, [script], {
      env: { PATH: process.env.PATH, ...printed, SANDBOX_READ_TOKEN: readToken },
      timeout: 15_000,
    });
    const seen = JSON.parse(stdout.trim().split("\n").at(-1) as string);
    expect(seen).toMatchObject({
      readBack: "Client Flow",
      updatedComments: "updated by the client",
      listedCreated: true,
      notFoundAfterDelete: true,
      readTokenRefused: true,
    });
    expect(seen.deletedId).toBe(seen.createdId);
    expect(seen.listedCount).toBe(5);
  });
});
