import type { Secret } from "@impersonation-registry/client";
import type { TargetInfo } from "@impersonation-registry/engine";
import type { DriftProfileId } from "@impersonation-registry/sandbox";

export type Auth = { apiToken: string } | { apiEmail: string; apiKey: string };

/** A started target: where to send requests, as whom, and how to stop it. */
export interface Target {
  info: TargetInfo;
  accountId: string;
  auth: Auth;
  /** Credential values and the placeholders shown instead, everywhere output is written. */
  secrets: Secret[];
  /** Scenarios run at once on this target. */
  concurrency: number;
  /** Phase → ms spent starting it (e.g. `prism-start`), for the report's breakdown. */
  startDurations: Record<string, number>;
  /** One line for the console: what runs where (pid included when it is a child process). */
  description: string;
  /** What to do about entries a run could not remove, e.g. the exact `sweep` command. */
  sweepHint: string;
  close(): Promise<void>;
}

export type TargetName = "mock" | "sandbox" | "live";

export const TARGET_NAMES: readonly TargetName[] = ["mock", "sandbox", "live"];

export interface TargetOptions {
  specPath: string;
  /** The spec's hash: the mock's identity (another spec is another mock). */
  specHash: string;
  allowWrites: boolean;
  sandboxUrl: string | undefined;
  /** Explicit --concurrency; each target has its own default otherwise. */
  concurrency: number | undefined;
  env: Record<string, string | undefined>;
  /** Where a target in this process reports what its console should show (unexpected 5xx, start-up warnings). */
  warn?: (message: string) => void;
  /** For scripts that drive a run themselves: a drift or fault profile the in-process sandbox starts with. */
  sandboxDrift?: DriftProfileId;
}
