/** The spec a run validates against: the repo's bundled one, or --spec (JSON or YAML). */
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import {
  spec as bundled,
  specHash as bundledHash,
  specPath as bundledPath,
  type SpecDocument,
} from "@impersonation-registry/types/spec";
import { parse as parseYaml } from "yaml";
import { RunnerError } from "./errors.ts";

export interface LoadedSpec {
  spec: SpecDocument;
  specHash: string;
  /** A file Prism can read. */
  specPath: string;
}

export function loadSpec(path: string | undefined): LoadedSpec {
  if (path === undefined) return { spec: bundled, specHash: bundledHash, specPath: bundledPath };
  const absolute = resolve(path);
  let source: string;
  try {
    source = readFileSync(absolute, "utf8");
  } catch (error) {
    throw new RunnerError(
      "spec-unreadable",
      `spec ${absolute} cannot be read: ${(error as NodeJS.ErrnoException).code ?? error}`,
    );
  }
  let document: unknown;
  try {
    document = /\.json$/i.test(absolute) ? JSON.parse(source) : parseYaml(source);
  } catch (error) {
    throw new RunnerError(
      "spec-invalid",
      `spec ${absolute} does not parse: ${(error as Error).message.split("\n")[0]}`,
    );
  }
  const candidate = document as Partial<SpecDocument> | null;
  if (
    typeof candidate?.openapi !== "string" ||
    typeof candidate.paths !== "object" ||
    candidate.paths === null
  ) {
    throw new RunnerError(
      "spec-invalid",
      `spec ${absolute} is not an OpenAPI document (no openapi version or paths)`,
    );
  }
  return {
    spec: candidate as SpecDocument,
    specHash: createHash("sha256").update(source).digest("hex"),
    specPath: absolute,
  };
}
