/** Which consumer sources the type-level check compiles; kept apart so finding none costs no compiler load. */
import { readdir } from "node:fs/promises";
import { join } from "node:path";

/** Folders (relative to the repository root) whose .ts files are type-checked as consumers. */
export const DEFAULT_CONSUMERS = ["apps/example-consumer/src", "apps/spec-diff/test/fixtures/consumer"];

export async function consumerFiles(root: string, folders: readonly string[]): Promise<string[]> {
  const lists = await Promise.all(
    folders.map(async (folder) => {
      const entries = await readdir(join(root, folder), { recursive: true, withFileTypes: true }).catch(
        () => [],
      );
      return entries
        .filter((e) => e.isFile() && e.name.endsWith(".ts") && !e.parentPath.includes("node_modules"))
        .map((e) => join(e.parentPath, e.name));
    }),
  );
  return lists.flat().sort();
}
