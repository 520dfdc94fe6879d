/**
 * On the mock, generation checks the generator against the spec: Prism validates every request by
 * its spec, so a positive example it refuses or a negative one it accepts means the generator and
 * the spec disagree — a `generated-spec-disagreement` finding on the mock, never one about a server.
 * The disagreement is injected on purpose: Prism (a real process) is started from a copy of the spec
 * whose create body differs from the spec the generator reads, as a generator that misread it would.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { spec, specHash } from "@impersonation-registry/types/spec";
import { afterAll, describe, expect, it } from "vitest";
import { DEFAULT_RETRY_POLICY } from "../../src/executor/retry-policy.ts";
import { runGeneration } from "../../src/generation/in-run.ts";
import { openJournal } from "../../src/safety/journal.ts";
import { createLedger } from "../../src/safety/ledger.ts";
import { markerFor } from "../../src/safety/marker.ts";
import type { Target } from "../../src/targets/index.ts";
import { startMockTarget } from "../../src/targets/mock.ts";
import { RUN_ID } from "./helpers.ts";

const dir = mkdtempSync(join(tmpdir(), "spec-disagreement-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

type CreateBody = { required: string[]; properties: Record<string, object> };

/** A copy of the spec whose create body `change` edits, written where Prism can read it. */
function driftedSpec(name: string, change: (body: CreateBody) => void): string {
  const copy = structuredClone(spec) as unknown as {
    paths: Record<string, Record<string, { operationId?: string; requestBody?: unknown }>>;
  };
  const create = Object.values(copy.paths)
    .flatMap((item) => Object.values(item))
    .find((operation) => operation.operationId === "createEntry");
  if (create === undefined) throw new Error("the spec has no createEntry");
  change(
    (create.requestBody as { content: { "application/json": { schema: CreateBody } } }).content[
      "application/json"
    ].schema,
  );
  const path = join(dir, `${name}.json`);
  writeFileSync(path, JSON.stringify(copy));
  return path;
}

/** [what Prism's spec says otherwise, the edit, the failure class (the expectation broken)]. */
const DISAGREEMENTS: [string, (body: CreateBody) => void, string][] = [
  [
    "comments of at most 2 characters: a comment the generator holds valid is refused",
    (body) => {
      body.properties.comments = { ...body.properties.comments, maxLength: 2 };
    },
    "answers 200 with success: true",
  ],
  [
    "any object as a create body: a create built to break its schema (a negative example) is accepted",
    (body) => {
      body.required = [];
      for (const name of Object.keys(body.properties)) body.properties[name] = {};
    },
    "refused with a 4XX (not 429) and the error envelope",
  ],
];

describe("generation on the mock", () => {
  for (const [name, change, expectation] of DISAGREEMENTS)
    it(`reports a disagreement between the generator and the spec Prism validates by: ${name}`, {
      timeout: 120_000,
    }, async () => {
      const mock: Target = await startMockTarget({
        specPath: driftedSpec(name.split(" ")[0] as string, change),
        specHash,
        allowWrites: true,
        sandboxUrl: undefined,
        concurrency: undefined,
        env: {},
      });
      try {
        const { findings, report } = await runGeneration(mock, {
          spec,
          plan: { budget: 300 },
          seed: 1,
          remembered: [],
          marker: markerFor(RUN_ID),
          ledger: createLedger(openJournal(join(dir, "journal.jsonl"))),
          signal: new AbortController().signal,
          policy: DEFAULT_RETRY_POLICY,
          timeoutMs: 10_000,
        });
        expect(findings.length).toBe(report.failures.length);
        expect(findings).toContainEqual(
          expect.objectContaining({
            rule: "generated-spec-disagreement",
            severity: "breaking",
            target: "mock",
            scenario: "generated",
            step: expectation,
            operation: "createEntry",
            pointer: "/status",
            curl: expect.stringMatching(/^curl -sS -X POST /m),
          }),
        );
        expect(findings.every((finding) => finding.rule === "generated-spec-disagreement")).toBe(true);
      } finally {
        await mock.close();
      }
    });
});
