/**
 * The spec's own example entries — the list example holds a manual one and a
 * directory-synced one — so fixtures, tests and benchmarks follow the spec
 * rather than restate it.
 */
import { spec } from "@impersonation-registry/types/spec";
import { COLLECTION } from "../src/scenarios/operations.ts";

type Entry = Record<string, unknown>;

/** Fresh copies: [the manual entry, the directory-synced one], as the spec shows them (no field past its end of life). */
export function exampleEntries(): [manual: Entry, synced: Entry] {
  const list = spec.paths[COLLECTION]?.get as {
    responses: Record<string, { content: Record<string, { example: { result: [Entry, Entry] } }> }>;
  };
  return structuredClone(list.responses["200"]?.content["application/json"]?.example.result) as [
    Entry,
    Entry,
  ];
}

/** The manual example entry, as a server sends it today. */
export function currentEntry(): Entry {
  return exampleEntries()[0];
}
