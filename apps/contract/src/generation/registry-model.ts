/**
 * A pure reference model of the registry, as the seeds and the spec describe it, holding only the
 * entries one generated sequence created. It predicts each operation's outcome and what a list
 * may, must and must not show; it never looks at a server. Where the seeds and the spec are silent
 * the model says so and allows each reading (search beyond a substring of the name, the collation
 * of `order`), rather than copying one server's choice.
 */
import type { RefusalCause } from "../scenarios/expect.ts";
import { MANUAL_PROVENANCE } from "../scenarios/spec-inputs.ts";
import type { FormatCheck } from "./formats.ts";
import type { Schema } from "./inputs.ts";
import { keepsFormatRule } from "./values.ts";

export type Fields = Record<string, unknown>;

export interface ModelEntry {
  id: string;
  /** What was written, and what the server set or defaulted (learned from its first answer). */
  fields: Fields;
  /** The fields a create or PATCH sent, as sent: what re-creating the entry sends. */
  written: Fields;
}

export type Outcome = { kind: "accepted"; fields: Fields } | { kind: "refused"; causes: RefusalCause[] };

export type Presence = "must" | "may" | "never";

export interface ListQuery {
  search?: string;
  provenance?: string;
  order?: string;
  direction?: string;
}

export interface ModelRules {
  /** The entry as the spec documents it: which fields are server-set timestamps, which are deprecated. */
  entry: Schema;
  /** The create body schema, whose `x-format-by` rule a created entry must keep. */
  create: Schema;
  /** The PATCH body schema, whose `x-format-by` rule a PATCH's result must keep. */
  update: Schema;
  check: FormatCheck;
}

/** The server-set timestamp a successful PATCH moves forward, as the lifecycle scenario judges it. */
export const MODIFIED_AT = "modified_at";
export const PROVENANCE = "provenance";
const NAME = "name";

export class RegistryModel {
  readonly #rules: ModelRules;
  /** In creation order. */
  readonly #live = new Map<string, ModelEntry>();
  readonly #gone = new Map<string, ModelEntry>();
  readonly #issued = new Set<string>();

  constructor(rules: ModelRules) {
    this.#rules = rules;
  }

  live(): ModelEntry[] {
    return [...this.#live.values()];
  }

  gone(): ModelEntry[] {
    return [...this.#gone.values()];
  }

  entry(id: string): ModelEntry | undefined {
    return this.#live.get(id);
  }

  /** An id this sequence has seen issued (live or deleted): a create must never answer one again. */
  issued(id: string): boolean {
    return this.#issued.has(id);
  }

  /** How many entries this sequence has seen created. */
  issuedCount(): number {
    return this.#issued.size;
  }

  /** `e3`: the entry's place in this sequence's creates, to name it in a sequence a person reads. */
  label(id: string): string {
    return `e${[...this.#issued].indexOf(id) + 1}`;
  }

  /** The model's own entries, live or deleted, by id: what lists are judged on. */
  known(id: string): ModelEntry | undefined {
    return this.#live.get(id) ?? this.#gone.get(id);
  }

  create(body: Fields): Outcome {
    if (!keepsFormatRule(this.#rules.create, body, this.#rules.check))
      return { kind: "refused", causes: ["invalid input"] };
    return { kind: "accepted", fields: body };
  }

  get(id: string): Outcome {
    const entry = this.#live.get(id);
    return entry
      ? { kind: "accepted", fields: entry.fields }
      : { kind: "refused", causes: ["an unknown id"] };
  }

  /**
   * Only the given fields change ("Only provided fields will be modified"); a directory-synced entry
   * is refused ("Directory-synced entries can't be updated"); the result must keep the `x-format-by`
   * rule. A PATCH that sets a directory provenance on a manual entry is accepted, and the entry is
   * directory-synced from then on (the spec's `updateEntry` description: the seeds taken literally).
   */
  patch(id: string, body: Fields): Outcome {
    const entry = this.#live.get(id);
    if (entry === undefined) return { kind: "refused", causes: ["an unknown id"] };
    const fields = { ...entry.fields, ...body };
    const keepsRule = keepsFormatRule(this.#rules.update, fields, this.#rules.check);
    if (!isManual(entry.fields)) {
      return {
        kind: "refused",
        causes: keepsRule ? ["a read-only entry"] : ["a read-only entry", "invalid input"],
      };
    }
    return keepsRule ? { kind: "accepted", fields } : { kind: "refused", causes: ["invalid input"] };
  }

  /** Directory-synced entries can be deleted: the seeds restrict only updates. */
  delete(id: string): Outcome {
    const entry = this.#live.get(id);
    return entry ? { kind: "accepted", fields: { id } } : { kind: "refused", causes: ["an unknown id"] };
  }

  /** After an accepted create: what was written, plus the documented, non-deprecated fields the server answered. */
  created(answer: Fields, written: Fields): ModelEntry {
    const id = String(answer.id);
    const learned = Object.fromEntries(Object.entries(answer).filter(([name]) => this.#documented(name)));
    const entry: ModelEntry = { id, fields: { ...learned, ...written }, written: { ...written } };
    this.#live.set(id, entry);
    this.#issued.add(id);
    return entry;
  }

  patched(id: string, body: Fields, answer: Fields): void {
    const entry = this.#live.get(id);
    if (entry === undefined) return;
    entry.fields = { ...entry.fields, ...body, [MODIFIED_AT]: answer[MODIFIED_AT] };
    entry.written = { ...entry.written, ...body };
  }

  deleted(id: string): void {
    const entry = this.#live.get(id);
    if (entry === undefined) return;
    this.#live.delete(id);
    this.#gone.set(id, entry);
  }

  /**
   * Whether a list with `query` shows `entry`. Provenance filters exactly. Search: an entry whose
   * name contains the term must be found (every scenario and the cleanup rely on it); one none of
   * whose texts contains it in any case or trimming must not; anything between, the spec leaves open
   * ("Behavior may change").
   */
  presence(entry: ModelEntry, query: ListQuery): Presence {
    const { fields } = entry;
    if (query.provenance !== undefined && fields[PROVENANCE] !== query.provenance) return "never";
    const term = query.search;
    if (term === undefined) return "must";
    const name = fields[NAME];
    if (typeof name === "string" && name.includes(term)) return "must";
    const texts = Object.values(fields).filter((value): value is string => typeof value === "string");
    return texts.some((value) => looselyContains(value, term)) ? "may" : "never";
  }

  /** The fields whose values compare as instants (format date-time) rather than as text. */
  isInstant(name: string): boolean {
    return this.#rules.entry.properties?.[name]?.format === "date-time";
  }

  #documented(name: string): boolean {
    const property = this.#rules.entry.properties?.[name];
    return property !== undefined && property.deprecated !== true;
  }
}

function isManual(fields: Fields): boolean {
  return fields[PROVENANCE] === undefined || fields[PROVENANCE] === MANUAL_PROVENANCE;
}

function looselyContains(value: string, term: string): boolean {
  const variants = (text: string) => [
    text,
    text.toLowerCase(),
    text.toUpperCase(),
    text.normalize("NFKC").toLowerCase(),
  ];
  const terms = new Set([...variants(term), ...variants(term.trim())]);
  const values = variants(value);
  return [...terms].some((candidate) => values.some((text) => text.includes(candidate)));
}
