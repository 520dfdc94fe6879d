import { execFile } from "node:child_process";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";
import { describe, expect, it } from "vitest";
import { createSpecAjv, FORMAT_MODE } from "../src/ajv.ts";

/** A spec-shaped document: one extension at the top, one inside a schema. */
const spec = {
  openapi: "3.0.3",
  "x-logo": "none",
  components: { schemas: { Entry: { type: "string", "x-internal-name": "entry" } } },
};

describe("createSpecAjv", () => {
  it.each([
    ["`example`", { type: "string", example: "x" }],
    ["an extension found in the spec", { type: "string", "x-internal-name": "entry" }],
    ["`nullable` without null among the types", { type: "string", nullable: true }],
    ["`deprecated`", { type: "string", deprecated: true }],
  ])("accepts %s", (_name, schema) => {
    expect(() => createSpecAjv(spec).compile(schema)).not.toThrow();
  });

  it.each([
    ["a misspelt keyword", { type: "string", maxLenght: 3 }],
    ["an extension the spec does not have", { type: "string", "x-other": 1 }],
    ["an unknown format", { type: "string", format: "colour" }],
  ])("refuses %s", (_name, schema) => {
    expect(() => createSpecAjv(spec).compile(schema)).toThrow();
  });

  it.each([
    ["2026-02-30T00:00:00Z", FORMAT_MODE === "fast"],
    ["2026-11-27T10:00:00.123Z", true],
    ["2026-11-27 10:00", false],
  ])(`date-time %s is valid: %s (formats in ${FORMAT_MODE} mode)`, (value, valid) => {
    expect(createSpecAjv(spec).validate({ type: "string", format: "date-time" }, value)).toBe(valid);
  });

  it("resolves the $ref that closes a recursive schema, at any depth", () => {
    const node = {
      type: "object",
      required: ["code"],
      properties: {
        code: { type: "integer" },
        chain: { type: "array", items: { $ref: "#/components/schemas/Node" } },
      },
    };
    const recursive = { openapi: "3.0.3", components: { schemas: { Node: node } } };
    const validate = createSpecAjv(recursive, { allErrors: true }).compile({ type: "array", items: node });
    expect(validate([{ code: 1, chain: [{ code: 2, chain: [{ code: 3 }] }] }])).toBe(true);
    expect(validate([{ code: 1, chain: [{ code: 2, chain: [{ code: "3" }] }] }])).toBe(false);
    expect(validate.errors?.map((error) => error.instancePath)).toEqual(["/0/chain/0/chain/0/code"]);
  });

  it("passes the per-use options through", () => {
    const ajv = createSpecAjv(spec, { coerceTypes: true, useDefaults: true });
    const value: Record<string, unknown> = { page: "2" };
    const schema = {
      type: "object",
      properties: { page: { type: "integer" }, per_page: { type: "integer", default: 20 } },
    };
    expect(ajv.validate(schema, value)).toBe(true);
    expect(value).toEqual({ page: 2, per_page: 20 });
  });
});

describe("the ./ajv subpath", () => {
  it("loads neither Redocly nor ajv on import, and ajv on the first call", async () => {
    // A fresh process records every module it resolves (vitest's own loader would hide them).
    const script = `
      import { registerHooks } from "node:module";
      const seen = [];
      registerHooks({ resolve(specifier, context, next) { seen.push(specifier); return next(specifier, context); } });
      const { createSpecAjv } = await import("@impersonation-registry/spec-bundle/ajv");
      const onImport = [...seen];
      createSpecAjv({});
      console.log(JSON.stringify({ onImport, onCall: seen.slice(onImport.length) }));
    `;
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ["--input-type=module", "--eval", script],
      { cwd: fileURLToPath(new URL("..", import.meta.url)) },
    );
    const { onImport, onCall } = JSON.parse(stdout) as { onImport: string[]; onCall: string[] };
    expect(onImport).toContain("@impersonation-registry/spec-bundle/ajv");
    expect(onImport.filter((specifier) => /redocly|^ajv/.test(specifier))).toEqual([]);
    expect(onCall).toEqual(expect.arrayContaining(["ajv", "ajv-formats"]));
    expect(onCall.filter((specifier) => /redocly/.test(specifier))).toEqual([]);
  });
});
