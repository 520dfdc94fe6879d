import { execFile } from "node:child_process";
import { mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import ts from "typescript";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

const run = promisify(execFile);
const script = fileURLToPath(new URL("../scripts/generate.ts", import.meta.url));
const specFile = fileURLToPath(new URL("../../../openapi/impersonation-registry.yaml", import.meta.url));
const generatedSchema = fileURLToPath(new URL("../src/generated/schema.ts", import.meta.url));

async function generate(...args: string[]) {
  try {
    const { stdout, stderr } = await run(process.execPath, [script, ...args]);
    return { code: 0, stdout, stderr };
  } catch (error) {
    const failed = error as { code: number; stdout: string; stderr: string };
    return { code: failed.code, stdout: failed.stdout, stderr: failed.stderr };
  }
}

let dir: string;
let spec: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), "ir-generate-"));
  spec = await readFile(specFile, "utf8");
});
afterAll(() => rm(dir, { recursive: true, force: true }));

describe("generate --check", () => {
  it("passes on the committed spec", async () => {
    const result = await generate("--check");
    expect(result).toMatchObject({ code: 0 });
  });

  const edits: [name: string, from: string, to: string][] = [
    ["one constraint", "maxLength: 1024", "maxLength: 1000"],
    ["one enum value", "- SNOOPY-GOOGLE_DIRECTORY", "- SNOOPY-GOOGLE_WORKSPACE"],
    ["a description only", "Field to sort by.", "Field to sort on."],
  ];
  for (const [name, from, to] of edits) {
    it(`fails and names the stale file after editing ${name}`, async () => {
      expect(spec).toContain(from);
      const edited = join(dir, `edited-${name.replaceAll(" ", "-")}.yaml`);
      await writeFile(edited, spec.replace(from, to));
      const result = await generate("--check", "--spec", edited);
      expect(result.code).toBe(1);
      expect(result.stderr).toContain("stale: packages/types/src/generated/schema.ts");
    });
  }
});

describe("a malformed spec", () => {
  const cases: [name: string, edit: (s: string) => string, message: RegExp][] = [
    [
      "YAML syntax error",
      (s) => s.replace("  title: Cloudflare", "  title: [Cloudflare"),
      /broken\.yaml:\d+:\d+: YAML syntax error: Flow sequence/,
    ],
    [
      "dangling $ref",
      (s) => s.replace('$ref: "#/components/schemas/DeletedEntry"', '$ref: "#/components/schemas/Nope"'),
      /broken\.yaml:\d+:\d+: Can't resolve \$ref/,
    ],
    ["not OpenAPI", () => "just: a map\n", /broken\.yaml:1:1: not an OpenAPI document/],
  ];
  for (const [name, edit, message] of cases) {
    it(`${name}: one readable line, exit 1, previous output untouched`, async () => {
      const broken = join(dir, "broken.yaml");
      await writeFile(broken, edit(spec));
      const before = await stat(generatedSchema);
      const result = await generate("--spec", broken);
      expect(result.code).toBe(1);
      expect(result.stderr.trim().split("\n")).toHaveLength(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr).not.toMatch(/\n\s+at /);
      expect((await stat(generatedSchema)).mtimeMs).toBe(before.mtimeMs);
    });
  }

  it("a missing file is named", async () => {
    const result = await generate("--spec", join(dir, "missing.yaml"));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/missing\.yaml: cannot read the spec \(ENOENT\)/);
  });

  it("a bad flag exits 2 with the usage", async () => {
    const result = await generate("--nope");
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/usage: generate/);
  });
});

describe("generated output", () => {
  it("writes a valid spec to --out and marks every file as generated", async () => {
    const out = join(dir, "out");
    expect(await generate("--out", out)).toMatchObject({ code: 0 });
    const schema = await readFile(join(out, "schema.ts"), "utf8");
    expect(schema.startsWith("// generated — do not edit.")).toBe(true);
    const bundled = JSON.parse(await readFile(join(out, "spec.json"), "utf8"));
    expect(bundled["x-generated"].note).toBe("generated — do not edit");
    // Resolved, but for the one $ref that closes the recursive error schema (see packages/spec-bundle).
    const refs = JSON.stringify(bundled).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(new Set(refs)).toEqual(new Set(['"$ref":"#/components/schemas/ResponseError"']));
  });

  it("marks the deprecated entry fields @deprecated", () => {
    const program = ts.createProgram([generatedSchema], { noEmit: true });
    const checker = program.getTypeChecker();
    const source = program.getSourceFile(generatedSchema);
    if (!source) throw new Error("generated schema not loaded");
    const components = source.statements.find(
      (s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === "components",
    );
    if (!components) throw new Error("no components interface");
    const schemas = checker.getTypeAtLocation(components).getProperty("schemas");
    if (!schemas) throw new Error("no schemas");
    const entry = checker.getTypeOfSymbol(schemas).getProperty("ImpersonationRegistryEntry");
    if (!entry) throw new Error("no ImpersonationRegistryEntry");
    const deprecated = checker
      .getTypeOfSymbol(entry)
      .getProperties()
      .filter((p) => p.getJsDocTags().some((tag) => tag.name === "deprecated"))
      .map((p) => p.name)
      .sort();
    expect(deprecated).toEqual(["external_directory_node_id", "last_modified"]);
  });
});
