/** The spec a run validates against: the repo's bundled one, or --spec (YAML or JSON, $refs resolved). */
import { readFile } from "node:fs/promises";
import { resolve } from "node:path";
import { bundleSpec, SpecBundleError } from "@impersonation-registry/spec-bundle";
import {
  spec as bundled,
  specHash as bundledHash,
  specPath as bundledPath,
  type SpecDocument,
} from "@impersonation-registry/types/spec";
import { RunnerError } from "../errors.ts";

export interface LoadedSpec {
  spec: SpecDocument;
  specHash: string;
  /** A file Prism can read (Prism resolves $refs itself). */
  specPath: string;
}

export async function loadSpec(path: string | undefined): Promise<LoadedSpec> {
  if (path === undefined) return { spec: bundled, specHash: bundledHash, specPath: bundledPath };
  const absolute = resolve(path);
  const source = await readFile(absolute, "utf8").catch((error: NodeJS.ErrnoException) => {
    throw new RunnerError(
      "spec-unreadable",
      `spec ${absolute} cannot be read: ${error.code ?? error.message}`,
    );
  });
  try {
    const { document, sha256 } = await bundleSpec(source, {
      label: `spec ${absolute}`,
      absoluteRef: absolute,
    });
    return { spec: document as unknown as SpecDocument, specHash: sha256, specPath: absolute };
  } catch (error) {
    if (error instanceof SpecBundleError) throw new RunnerError("spec-invalid", error.message);
    throw error;
  }
}
