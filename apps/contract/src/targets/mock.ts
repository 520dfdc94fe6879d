/**
 * `mock`: Prism on the spec. Static examples, not `--dynamic`: the spec's
 * examples are deterministic (the same run gives the same report, so the
 * mock↔sandbox comparison never flickers) and Prism answers faster without
 * generating data. Prism keeps no state, so the target says so.
 */
import { targetIdentity } from "@impersonation-registry/engine";
import { PrismStartError, startPrism } from "@impersonation-registry/prism";
import { RunnerError } from "../errors.ts";
import { tokenSecrets } from "./env.ts";
import type { Target, TargetOptions } from "./target.ts";

/** Prism checks only that credentials are present; these make the requests look like real ones. */
const MOCK_TOKEN = "contract-test-mock-token";
const MOCK_ACCOUNT_ID = "023e105f4ecef8ad9ca31a8372d0c353";

export async function startMockTarget(options: TargetOptions): Promise<Target> {
  const started = performance.now();
  let prism: Awaited<ReturnType<typeof startPrism>>;
  try {
    prism = await startPrism({ specPath: options.specPath });
  } catch (error) {
    if (error instanceof PrismStartError) throw new RunnerError("prism-start", error.message);
    throw error;
  }
  return {
    info: {
      name: "mock",
      // Prism answers from the spec: another spec is another mock, whatever the port.
      identity: targetIdentity("mock", `spec ${options.specHash.slice(0, 12)}`),
      baseUrl: prism.baseUrl,
      capabilities: { stateful: false, writable: true, exactStatuses: false, answersMalformedBodies: false },
    },
    accountId: MOCK_ACCOUNT_ID,
    auth: { apiToken: MOCK_TOKEN },
    secrets: tokenSecrets(MOCK_TOKEN),
    concurrency: options.concurrency ?? 4,
    startDurations: { "prism-start": performance.now() - started },
    description: `Prism (static examples) on ${prism.baseUrl}, pid ${prism.pid}`,
    sweepHint: "nothing to do: Prism keeps no state",
    close: () => prism.close(),
  };
}
