/**
 * Micro-benchmark: validating a ~1 KB list response with the validator the
 * engine compiled once, against `JSON.parse` of the same body measured in the
 * same process (the baseline). The target is a ratio ≤ 1. Also shows what all
 * response rules together (`engine.check`) cost. Prints medians; never fails
 * on a time, since absolute times say more about the machine than the code.
 *
 *   node bench/validate.ts
 */

import { createEngine, type Exchange } from "@impersonation-registry/engine";
import { spec } from "@impersonation-registry/types/spec";

const SAMPLES = 41;
const OPS_PER_SAMPLE = 2_000;

/** Median microseconds per call of `fn`, over SAMPLES batches, after a warm-up batch. */
function medianMicros(fn: () => unknown): number {
  const samples: number[] = [];
  for (let sample = -1; sample < SAMPLES; sample++) {
    const start = process.hrtime.bigint();
    for (let op = 0; op < OPS_PER_SAMPLE; op++) fn();
    const micros = Number(process.hrtime.bigint() - start) / 1_000 / OPS_PER_SAMPLE;
    if (sample >= 0) samples.push(micros);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)] ?? Number.NaN;
}

interface ListOperation {
  responses: { 200: { content: { "application/json": { example: { result: object[] } } } } };
}

/** The spec's own list example, with one more entry: a realistic first page of about 1 KB. */
function listBody(): string {
  const list = spec.paths["/accounts/{account_id}/email-security/settings/impersonation_registry"]?.get;
  const example = (list as ListOperation | undefined)?.responses[200].content["application/json"].example;
  if (!example) throw new Error("the spec has no list example to measure");
  const [first] = example.result;
  const third = {
    ...first,
    id: "6c1f2a9e-8b7d-4e3f-a2c1-0d9e8f7a6b5c",
    name: "Ada Lovelace",
    email: "ada@example.com",
  };
  return JSON.stringify({ ...example, result: [...example.result, third] });
}

export interface ValidateBenchmark {
  bytes: number;
  parseMicros: number;
  validateMicros: number;
  checkMicros: number;
}

export function main(): ValidateBenchmark {
  const engine = createEngine(spec);
  const text = listBody();
  const body: unknown = JSON.parse(text);
  const validate = engine.index.response("listEntries", 200)?.validate;
  if (!validate?.(body))
    throw new Error("the benchmark body must be valid: an invalid one measures error reporting");
  const exchange: Exchange = {
    target: "bench",
    scenario: "bench",
    step: "list",
    operation: "listEntries",
    request: { method: "GET", url: "http://127.0.0.1/", headers: {} },
    response: {
      status: 200,
      headers: { "content-type": "application/json", "cf-ray": "8e6a1f3b2c4d5e6f-SJC" },
      body,
      text,
      durationMs: 0,
    },
    attempts: 1,
  };
  const result = {
    bytes: Buffer.byteLength(text),
    parseMicros: medianMicros(() => JSON.parse(text)),
    validateMicros: medianMicros(() => validate(body)),
    checkMicros: medianMicros(() => engine.check(exchange)),
  };
  const ratio = (micros: number) => (micros / result.parseMicros).toFixed(2);
  console.log(`list response: ${result.bytes} bytes; medians of ${SAMPLES} batches of ${OPS_PER_SAMPLE}`);
  console.log(`  JSON.parse (baseline)      ${result.parseMicros.toFixed(2)} µs`);
  console.log(
    `  ajv validate (compiled)    ${result.validateMicros.toFixed(2)} µs  ratio ${ratio(result.validateMicros)}× (target ≤ 1)`,
  );
  console.log(
    `  engine.check (every rule)  ${result.checkMicros.toFixed(2)} µs  ratio ${ratio(result.checkMicros)}×`,
  );
  return result;
}

if (import.meta.main) main();
