/** Sign-in and sign-out: Keystone password auth, the database endpoint from the catalog, the session cookie. */
import "server-only";
import type { z } from "zod";
import type { loginRequestSchema, Session } from "@/lib/api/schemas";
import type { Env } from "@/lib/env";
import { AuthError, UpstreamError } from "@/lib/domain/errors";
import { canWrite, isAdmin } from "@/lib/domain/roles";
import { authenticate, revokeToken, urlFor } from "@/lib/keystone/client";
import { saveSession, type SessionData } from "@/lib/session/session";
import type { LoginThrottle, SignInAttempt } from "../login-throttle";

export function toPublicSession(session: SessionData): Session {
  return {
    user: session.user,
    project: session.project,
    roles: session.roles,
    isAdmin: isAdmin(session.roles),
    canWrite: canWrite(session.roles),
    expiresAt: session.expiresAt,
  };
}

function keystoneConfig(env: Env) {
  return { authUrl: env.authUrl, timeoutMs: env.UPSTREAM_TIMEOUT_MS };
}

/**
 * Signs in, unless the user name or the client address is throttled (429); only wrong credentials
 * count as failures, not Keystone being down. `nowMs` is the wall clock.
 */
export async function login(
  env: Env,
  request: z.output<typeof loginRequestSchema>,
  guard: { throttle: LoginThrottle; address: string; nowMs: number },
): Promise<Session> {
  const attempt: SignInAttempt = { user: `${request.domain}/${request.username}`, address: guard.address };
  guard.throttle.check(attempt, guard.nowMs);
  let token: Awaited<ReturnType<typeof authenticate>>;
  try {
    token = await authenticate(keystoneConfig(env), request);
  } catch (error) {
    if (error instanceof AuthError && error.code === "invalid_credentials") guard.throttle.failed(attempt, guard.nowMs);
    throw error;
  }
  guard.throttle.succeeded(attempt);
  const troveEndpoint = urlFor(token.catalog, "database", env.OS_INTERFACE, env.OS_REGION_NAME);
  if (!troveEndpoint) {
    await revokeToken(keystoneConfig(env), token.token).catch(() => undefined);
    const where = `interface ${env.OS_INTERFACE}${env.OS_REGION_NAME ? `, region ${env.OS_REGION_NAME}` : ""}`;
    throw new UpstreamError("unexpected", `The identity service lists no database (Trove) endpoint for this project (${where}).`);
  }
  const session: SessionData = {
    token: token.token,
    expiresAt: token.expiresAt,
    user: token.user,
    project: token.project,
    roles: token.roles,
    troveEndpoint,
  };
  await saveSession(session);
  return toPublicSession(session);
}

/** Revocation is best effort: the cookie is cleared whatever Keystone says. */
export async function logout(env: Env, session: SessionData | null): Promise<void> {
  if (session) await revokeToken(keystoneConfig(env), session.token).catch(() => undefined);
}
