/**
 * The run's journal: one JSON line per create, written synchronously before
 * the request is sent and again once the server answered (with the id), and a
 * line per delete. If the process dies in between, the journal still says what
 * may exist; `sweep` covers what a lost journal (a CI runner) cannot.
 * Names and ids only: never a credential.
 */
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";

export type JournalEvent =
  | { event: "create-sent"; target: string; scenario: string; step: string; name: string }
  | { event: "created"; target: string; scenario: string; step: string; id: string; name: string }
  | { event: "create-refused"; target: string; scenario: string; step: string; status: number }
  | { event: "deleted"; target: string; id: string; by: "scenario" | "cleanup" }
  | { event: "cleanup-verified"; target: string; survivors: string[]; error?: string };

export interface Journal {
  path: string;
  record(event: JournalEvent): void;
}

export function openJournal(path: string): Journal {
  mkdirSync(dirname(path), { recursive: true });
  return {
    path,
    record(event) {
      appendFileSync(path, `${JSON.stringify({ at: new Date().toISOString(), ...event })}\n`);
    },
  };
}

export function readJournal(path: string): (JournalEvent & { at: string })[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((line) => line.trim() !== "")
    .map((line) => JSON.parse(line));
}
