/** The sandbox's public API: start one, and the drift table the contract suite maps to its rules. */
export {
  type DriftProfile,
  type DriftProfileId,
  driftProfileIds,
  driftProfiles,
  type Fault,
} from "./drift.ts";
export { DEFAULT_RATE_LIMIT, type RateLimitSetting } from "./rate-limit.ts";
export { type Sandbox, type SandboxCredentials, type SandboxOptions, startSandbox } from "./sandbox.ts";
