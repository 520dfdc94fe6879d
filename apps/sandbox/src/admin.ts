/** `PUT /__sandbox/drift`: switches the drift profile at run time; only with an admin token, and only for it. */
import { timingSafeEqual } from "node:crypto";
import type { Hono } from "hono";
import { hashToken } from "./auth.ts";
import { type DriftState, driftProfileIds, findDriftProfile } from "./drift.ts";
import { successEnvelope } from "./envelope.ts";
import { apiErrors } from "./errors.ts";
import { jsonResponse } from "./responses.ts";
import type { Env } from "./server.ts";

export const ADMIN_DRIFT_PATH = "/__sandbox/drift";

export function mountAdmin(app: Hono<Env>, adminToken: string, drift: DriftState, ray: () => string): void {
  const expected = Buffer.from(hashToken(adminToken));

  function requireAdmin(authorization: string | undefined): void {
    if (authorization === undefined) throw apiErrors.missingCredentials();
    const token = /^Bearer (.+)$/i.exec(authorization.trim())?.[1];
    if (token === undefined) throw apiErrors.malformedAuthorization();
    // Compare hashes in constant time, so response timing says nothing about the token.
    if (!timingSafeEqual(Buffer.from(hashToken(token)), expected)) throw apiErrors.forbidden();
  }

  const current = () =>
    jsonResponse(JSON.stringify(successEnvelope({ profile: drift.profile?.id ?? null })), 200, ray());

  app.get(ADMIN_DRIFT_PATH, (c) => {
    requireAdmin(c.req.header("authorization"));
    return current();
  });

  app.put(ADMIN_DRIFT_PATH, async (c) => {
    requireAdmin(c.req.header("authorization"));
    let body: unknown;
    try {
      body = JSON.parse(await c.req.text());
    } catch {
      throw apiErrors.malformedJson();
    }
    const profile = (body as { profile?: unknown } | null)?.profile;
    if (profile === null) {
      drift.set(null);
      return current();
    }
    const found = typeof profile === "string" ? findDriftProfile(profile) : undefined;
    if (found === undefined) {
      throw apiErrors.invalidRequest(
        `profile must be null or one of: ${driftProfileIds.join(", ")}`,
        "/profile",
      );
    }
    drift.set(found);
    return current();
  });
}
