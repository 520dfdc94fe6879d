/**
 * Type-level impact against the real types package: the consumer fixture
 * (fixtures/consumer) must stop compiling when a response enum widens, and
 * must report nothing when the spec is unchanged.
 */
import { readFile } from "node:fs/promises";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { consumerFiles } from "../src/consumers.ts";
import { typeImpact } from "../src/impact.ts";
import { loadSpec } from "../src/load.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const specPath = join(root, "openapi/impersonation-registry.yaml");
const source = await readFile(specPath, "utf8");
const spec = await loadSpec(source, "spec", specPath);
const consumers = await consumerFiles(root, ["apps/spec-diff/test/fixtures/consumer"]);

describe("typeImpact", () => {
  it("reports the compile error of an exhaustive switch when Provenance gains a value", async () => {
    const edited = source.replace(
      "        - SNOOPY-GOOGLE_DIRECTORY\n",
      "        - SNOOPY-GOOGLE_DIRECTORY\n        - SNOOPY-OKTA\n",
    );
    expect(edited).not.toBe(source);
    const widened = await loadSpec(edited, "widened", specPath);
    const errors = await typeImpact(root, spec, widened, consumers);
    expect(errors).toEqual([
      {
        file: "apps/spec-diff/test/fixtures/consumer/uses-types.ts",
        line: 25,
        column: 13,
        code: 2322,
        message: `Type '"SNOOPY-OKTA"' is not assignable to type 'never'.`,
      },
    ]);
  });

  it("reports nothing for an unchanged spec", async () => {
    expect(await typeImpact(root, spec, spec, consumers)).toEqual([]);
  });
});
