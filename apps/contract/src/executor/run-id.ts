import { randomBytes } from "node:crypto";

/** `20261127T094812Z-3fa9c1`: sortable, safe in a file name and in an entry name, unique per run. */
export function newRunId(now: Date = new Date()): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, "")
    .replace(/\.\d+Z$/, "Z");
  return `${stamp}-${randomBytes(3).toString("hex")}`;
}
