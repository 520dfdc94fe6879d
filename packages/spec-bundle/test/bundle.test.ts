import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { beforeAll, describe, expect, it } from "vitest";
import { bundleSpec, SpecBundleError } from "../src/index.ts";

const specFile = fileURLToPath(new URL("../../../openapi/impersonation-registry.yaml", import.meta.url));
const options = { label: "spec.yaml", absoluteRef: specFile };
let spec: string;
beforeAll(async () => {
  spec = await readFile(specFile, "utf8");
});

describe("bundleSpec", () => {
  it("resolves every $ref but the one closing a recursive schema, and keeps the written form beside it", async () => {
    const bundled = await bundleSpec(spec, options);
    const refs = JSON.stringify(bundled.document).match(/"\$ref":"[^"]*"/g) ?? [];
    expect(new Set(refs)).toEqual(new Set(['"$ref":"#/components/schemas/ResponseError"']));
    expect(JSON.stringify(bundled.parsed)).toContain('"$ref"');
    expect(bundled.sha256).toMatch(/^[0-9a-f]{64}$/);
  });

  it("a recursive schema is expanded once and closed by its own $ref: the document is a tree", async () => {
    const source = [
      "openapi: 3.0.3",
      "info: { title: t, version: '1' }",
      "paths: {}",
      "components:",
      "  schemas:",
      "    Envelope: { type: object, properties: { errors: { type: array, items: { $ref: '#/components/schemas/Node' } } } }",
      "    Node: { type: object, properties: { chain: { type: array, items: { $ref: '#/components/schemas/Node' } } } }",
    ].join("\n");
    const { document } = await bundleSpec(source, options);
    const envelope = (document.components as { schemas: Record<string, unknown> }).schemas.Envelope;
    expect(envelope).toEqual({
      type: "object",
      properties: {
        errors: {
          type: "array",
          items: {
            type: "object",
            properties: { chain: { type: "array", items: { $ref: "#/components/schemas/Node" } } },
          },
        },
      },
    });
    expect(() => JSON.stringify(document)).not.toThrow();
  });

  it("an edit to a shared component reaches every operation that uses it", async () => {
    const edited = await bundleSpec(spec.replace("maxLength: 1024", "maxLength: 1000"), options);
    const item =
      "/accounts/{account_id}/email-security/settings/impersonation_registry/{impersonation_registry_id}";
    const nameSchema = [
      "content",
      "application/json",
      "schema",
      "properties",
      "result",
      "properties",
      "name",
    ];
    const at = (node: unknown, keys: string[]): unknown =>
      keys.reduce<unknown>((n, key) => (n as Record<string, unknown> | undefined)?.[key], node);
    for (const method of ["get", "patch"]) {
      expect(
        at(edited.document, ["paths", item, method, "responses", "200", ...nameSchema, "maxLength"]),
      ).toBe(1000);
    }
  });

  const broken: [name: string, edit: (s: string) => string, message: RegExp][] = [
    [
      "YAML syntax",
      (s) => s.replace("  title: Cloudflare", "  title: [Cloudflare"),
      /^spec\.yaml:4:3: YAML syntax error: /,
    ],
    [
      "dangling $ref",
      (s) => s.replace('$ref: "#/components/schemas/DeletedEntry"', '$ref: "#/components/schemas/Nope"'),
      /^spec\.yaml:\d+:\d+: Can't resolve \$ref/,
    ],
    ["not OpenAPI", () => "just: a map\n", /^spec\.yaml:1:1: not an OpenAPI document/],
    ["JSON without paths", () => '{"openapi": "3.0.3"}', /^spec\.yaml:1:1: not an OpenAPI document/],
    [
      "unsupported version",
      () => '{"openapi": "9.9.9", "info": {"title": "x", "version": "1"}, "paths": {}}',
      /^spec\.yaml:1:1: Unsupported OpenAPI version: 9\.9\.9$/,
    ],
  ];
  for (const [name, edit, message] of broken) {
    it(`${name}: one line naming file, line and column`, async () => {
      const error = await bundleSpec(edit(spec), options).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(SpecBundleError);
      expect((error as Error).message).toMatch(message);
      expect((error as Error).message).not.toContain("\n");
    });
  }
});
