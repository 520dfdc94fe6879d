/**
 * What generation exercised, per operation: each documented status seen, each parameter sent in a
 * valid request (positive) and broken in an invalid one (negative), each enum value sent. The
 * cells come from the spec, so what was never exercised is listed by name, not just counted.
 */
import type { OperationId } from "@impersonation-registry/engine";
import type { FormatCheck } from "./formats.ts";
import { type Location, OPERATIONS, type Schema, type SpecInputs } from "./inputs.ts";
import { breakable, type Violation } from "./violations.ts";

export type Dimension = "status" | "parameter" | "enum";

export interface CoverageCell {
  operation: OperationId;
  dimension: Dimension;
  /** `200`, `4XX`; `query.per_page`, `body.name`, `body` (the body as a whole); `query.order=name`. */
  key: string;
  /** For parameters: sent valid (positive) or broken (negative); enum values and statuses are positive. */
  polarity: "positive" | "negative";
  /** Requests that exercised it. */
  requests: number;
}

export interface Coverage {
  cells: CoverageCell[];
  exercised: number;
  total: number;
  /** exercised / total, 0–100, one decimal. */
  percent: number;
}

/** What one request sent, for coverage: its inputs, and the violation it carried if it was negative. */
export interface Sent {
  operation: OperationId;
  path?: Record<string, unknown>;
  query?: Record<string, unknown>;
  body?: unknown;
  violation?: Violation;
}

export class CoverageCounter {
  readonly #cells = new Map<string, CoverageCell>();
  readonly #inputs: SpecInputs;

  constructor(inputs: SpecInputs, check: FormatCheck) {
    this.#inputs = inputs;
    for (const operation of OPERATIONS) {
      const { statuses, body } = inputs[operation];
      for (const status of statuses) this.#cell(operation, "status", status, "positive");
      for (const [location, name, schema] of this.#parameters(operation)) {
        const key = `${location}.${name}`;
        this.#cell(operation, "parameter", key, "positive");
        if (breakable(location, schema, check)) this.#cell(operation, "parameter", key, "negative");
        for (const value of schema.enum ?? [])
          this.#cell(operation, "enum", `${key}=${String(value)}`, "positive");
      }
      if ((body?.minProperties ?? 0) > 0) this.#cell(operation, "parameter", "body", "negative");
    }
  }

  /** Counts one request and the status it got. */
  record(sent: Sent, status: number): void {
    const { operation, violation } = sent;
    const documented = this.#inputs[operation].statuses;
    const range = `${String(status)[0]}XX`;
    const statusKey = documented.includes(String(status)) ? String(status) : range;
    this.#count(operation, "status", statusKey, "positive");
    if (violation !== undefined) {
      this.#count(
        operation,
        "parameter",
        violation.name === "" ? violation.location : `${violation.location}.${violation.name}`,
        "negative",
      );
      return;
    }
    for (const [location, values] of [
      ["path", sent.path],
      ["query", sent.query],
      ["body", sent.body],
    ] as const) {
      if (values === null || typeof values !== "object") continue;
      for (const [name, value] of Object.entries(values)) {
        if (value === undefined) continue;
        this.#count(operation, "parameter", `${location}.${name}`, "positive");
        this.#count(operation, "enum", `${location}.${name}=${String(value)}`, "positive");
      }
    }
  }

  result(): Coverage {
    const cells = [...this.#cells.values()];
    const exercised = cells.filter((cell) => cell.requests > 0).length;
    const percent = cells.length === 0 ? 100 : Math.round((exercised / cells.length) * 1000) / 10;
    return { cells, exercised, total: cells.length, percent };
  }

  *#parameters(operation: OperationId): Generator<[Location, string, Schema]> {
    const { path, query, body } = this.#inputs[operation];
    for (const [name, schema] of Object.entries(path)) yield ["path", name, schema];
    for (const [name, schema] of Object.entries(query)) yield ["query", name, schema];
    for (const [name, schema] of Object.entries(body?.properties ?? {})) yield ["body", name, schema];
  }

  #cell(operation: OperationId, dimension: Dimension, key: string, polarity: CoverageCell["polarity"]): void {
    this.#cells.set(`${operation} ${dimension} ${key} ${polarity}`, {
      operation,
      dimension,
      key,
      polarity,
      requests: 0,
    });
  }

  /** Only cells the spec defines count: a value outside them (an enum value of no enum) is no coverage. */
  #count(
    operation: OperationId,
    dimension: Dimension,
    key: string,
    polarity: CoverageCell["polarity"],
  ): void {
    const cell = this.#cells.get(`${operation} ${dimension} ${key} ${polarity}`);
    if (cell) cell.requests++;
  }
}
