/** The spec lint (`npm run lint:spec`) passes on the spec and fails on each rule that matters here. */
import { execFile } from "node:child_process";
import { cp, mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const openapiDir = fileURLToPath(new URL("../../../openapi/", import.meta.url));
const redocly = fileURLToPath(new URL("../../../node_modules/@redocly/cli/bin/cli.js", import.meta.url));

const MODIFIED_AT = '              modified_at: "2026-03-02T09:15:27.104Z"\n';
const LAST_MODIFIED = '              last_modified: "2026-03-02T09:15:27.104Z"\n';
const PATTERN_EXAMPLE = "                  comments: CEO; covers plus-addressing";

let dir: string;
let spec: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ir-lint-"));
  spec = await readFile(join(openapiDir, "impersonation-registry.yaml"), "utf8");
  await cp(join(openapiDir, "redocly.yaml"), join(dir, "redocly.yaml"));
  await cp(join(openapiDir, "plugins"), join(dir, "plugins"), { recursive: true });
});
afterAll(() => rm(dir, { recursive: true, force: true }));

async function lint(source: string) {
  await writeFile(join(dir, "impersonation-registry.yaml"), source);
  try {
    const { stdout, stderr } = await run(process.execPath, [redocly, "lint", "--config", "redocly.yaml"], {
      cwd: dir,
    });
    return { code: 0, output: stdout + stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, output: failed.stdout + failed.stderr };
  }
}

describe("spec lint", () => {
  it("passes on the committed spec with no warning", async () => {
    const result = await lint(spec);
    expect(result.output).toContain("Your API description is valid");
    expect(result.code).toBe(0);
  });

  const breaks: [rule: string, edit: (s: string) => string, where?: string][] = [
    ["operation-operationId", (s) => s.replace("      operationId: deleteEntry\n", "")],
    [
      "rule/operation-id-camel-case",
      (s) => s.replace("operationId: deleteEntry", "operationId: delete_entry"),
    ],
    [
      "operation-4xx-response",
      (s) =>
        s.replace(
          /( {4}delete:[\s\S]*?) {8}"400":\n.*\n {8}"403":\n.*\n {8}"429":\n.*\n {8}4XX:\n.*\n/,
          "$1",
        ),
    ],
    [
      "no-invalid-media-type-examples",
      (s) => s.replace("                  name: John Doe", "                  name: 42"),
    ],
    [
      "rule/permission-stated",
      (s) => s.replace('      x-api-token-group: ["Cloud Email Security: Write"]\n', ""),
    ],
    // last_modified's end of life (2026-11-01) has passed: a response example may not hold it.
    [
      "end-of-life/no-example-past-end-of-life",
      (s) => s.replace(MODIFIED_AT, `${LAST_MODIFIED}${MODIFIED_AT}`),
      "a response example",
    ],
    [
      "end-of-life/no-example-past-end-of-life",
      (s) =>
        s
          .replace(
            /( {8}external_directory_node_id:\n(?: {10}.*\n)*? {10}deprecated: true\n)/,
            '$1          x-end-of-life: "2026-11-01"\n',
          )
          .replace(
            PATTERN_EXAMPLE,
            `${PATTERN_EXAMPLE}\n                  external_directory_node_id: "7d1c"`,
          ),
      "a named request example",
    ],
  ];
  it("judges the end of life by date: a property whose end of life is still ahead may stay in an example", async () => {
    const edited = spec
      .replace('x-end-of-life: "2026-11-01"', 'x-end-of-life: "2999-01-01"')
      .replace(MODIFIED_AT, `${LAST_MODIFIED}${MODIFIED_AT}`);
    const result = await lint(edited);
    expect(result.output).toContain("Your API description is valid");
    expect(result.code).toBe(0);
  });

  for (const [rule, edit, where] of breaks) {
    it(`fails when ${rule} is broken${where ? ` in ${where}` : ""}`, async () => {
      const edited = edit(spec);
      expect(edited).not.toBe(spec);
      const result = await lint(edited);
      expect(result.code).not.toBe(0);
      expect(result.output).toContain(rule);
    });
  }
});
