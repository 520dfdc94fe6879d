/** The built package as other apps load it: both module formats, the same API, nothing Node-only. */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import * as esm from "@impersonation-registry/client";
import { expect, test } from "vitest";

const require = createRequire(import.meta.url);
const dist = (file: string) => readFileSync(new URL(`../dist/${file}`, import.meta.url), "utf8");

test("require() gets the CommonJS build with the same exports as import", () => {
  const cjs = require("@impersonation-registry/client") as typeof esm;
  expect(Object.keys(cjs).sort()).toEqual(Object.keys(esm).sort());
  expect(cjs.createClient).not.toBe(esm.createClient);
  expect(() => cjs.createClient({ auth: "none", readEnv: false })).not.toThrow();
});

test.each(["index.js", "index.cjs"])("%s imports nothing but openapi-fetch, and no node: module", (file) => {
  const code = dist(file);
  const imported = [...code.matchAll(/(?:from |require\()"([^"]+)"/g)].map((match) => match[1]);
  expect(new Set(imported)).toEqual(new Set(["openapi-fetch"]));
  expect(code).not.toMatch(/["']node:/);
});
