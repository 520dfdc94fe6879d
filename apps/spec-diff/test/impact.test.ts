/**
 * Type-level impact against the real types package: the consumer fixture
 * (fixtures/consumer) must stop compiling when a response enum widens, and
 * must report nothing when the spec is unchanged.
 */
import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { consumerFiles } from "../src/consumers.ts";
import { typeImpact } from "../src/impact.ts";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const spec = join(root, "openapi/impersonation-registry.yaml");
const consumers = await consumerFiles(root, ["apps/spec-diff/test/fixtures/consumer"]);
const work = await mkdtemp(join(tmpdir(), "spec-diff-impact-"));
afterAll(() => rm(work, { recursive: true, force: true }));

describe("typeImpact", () => {
  it("reports the compile error of an exhaustive switch when Provenance gains a value", async () => {
    const widened = join(work, "widened.yaml");
    const source = await readFile(spec, "utf8");
    await writeFile(
      widened,
      source.replace(
        "        - SNOOPY-GOOGLE_DIRECTORY\n",
        "        - SNOOPY-GOOGLE_DIRECTORY\n        - SNOOPY-OKTA\n",
      ),
    );
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
