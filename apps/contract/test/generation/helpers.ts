/**
 * Shared by the generation tests: a sandbox target started in this process on a port the OS picks
 * (fresh temporary database, optionally a drift profile), and generation run against it with the
 * repository's spec and one run's marker.
 */

import type { Exchange } from "@impersonation-registry/engine";
import type { DriftProfileId } from "@impersonation-registry/sandbox";
import { spec, specHash } from "@impersonation-registry/types/spec";
import { type GenerationOptions, type GenerationResult, runGenerated } from "../../src/generation/index.ts";
import { markerFor } from "../../src/safety/marker.ts";
import type { Target } from "../../src/targets/index.ts";
import { startSandboxTarget } from "../../src/targets/sandbox.ts";

export const RUN_ID = "20261203T091015Z-dce689";

export function sandboxTarget(drift?: DriftProfileId): Promise<Target> {
  return startSandboxTarget({
    specPath: "",
    specHash,
    allowWrites: true,
    sandboxUrl: undefined,
    concurrency: undefined,
    env: {},
    sandboxDrift: drift,
  });
}

export function generate(
  target: Target,
  options: Omit<GenerationOptions, "spec" | "target" | "marker" | "budget"> & { budget?: number },
): Promise<GenerationResult> {
  return runGenerated({ spec, target, marker: markerFor(RUN_ID), budget: 600, ...options });
}

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;

/**
 * The requests of a run as a list of `METHOD path?query body`, each server-issued id replaced by
 * its order of first appearance (`#1`): two runs sent the same requests when these are equal.
 */
export function requestLines(exchanges: readonly Exchange[]): string[] {
  const ids = new Map<string, string>();
  const stable = (text: string) =>
    text.replace(UUID, (id) => {
      if (!ids.has(id)) ids.set(id, `#${ids.size + 1}`);
      return ids.get(id) as string;
    });
  return exchanges.map(({ request }) => {
    const url = new URL(request.url);
    return stable(
      `${request.method} ${url.pathname}${url.search} ${request.bodyText ?? JSON.stringify(request.body) ?? ""}`,
    );
  });
}
