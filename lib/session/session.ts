/**
 * The encrypted cookie session (server-only). The cookie holds the Keystone token sealed with
 * AES-256-GCM (seal.ts); the browser gets it httpOnly and SameSite=Lax and never sees the token.
 * Lax rather than Strict so that a link into the dashboard from a runbook or chat opens signed in;
 * state-changing routes have their own CSRF defence (lib/server/csrf.ts).
 */
import "server-only";
import { cookies, headers } from "next/headers";
import { z } from "zod";
import { loadEnv, type Env } from "@/lib/env";
import { isoUtc } from "@/lib/api/schemas";
import { seal, unseal } from "./seal";
import { nowMs as clockNow } from "@/lib/clock";

export const sessionDataSchema = z.object({
  token: z.string().min(1),
  expiresAt: isoUtc,
  user: z.object({ id: z.string(), name: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  roles: z.array(z.string()),
  troveEndpoint: z.string(),
});
export type SessionData = z.infer<typeof sessionDataSchema>;

const PLAIN_NAME = "tpd_session";
// The __Host- prefix makes the browser refuse the cookie unless Secure, host-only and path=/.
const SECURE_NAME = "__Host-tpd_session";

const LOOPBACK = new Set(["127.0.0.1", "localhost", "[::1]"]);

/**
 * COOKIE_SECURE=auto: Secure in production, except over plain http to a loopback host (the
 * one-command demo on http://127.0.0.1:3000), where browsers and curl would drop a Secure cookie.
 */
export function cookieIsSecure(env: Pick<Env, "COOKIE_SECURE" | "NODE_ENV" | "DASHBOARD_PUBLIC_ORIGIN">, origin: string): boolean {
  if (env.COOKIE_SECURE !== "auto") return env.COOKIE_SECURE === "true";
  if (env.NODE_ENV !== "production") return false;
  const url = new URL(env.DASHBOARD_PUBLIC_ORIGIN ?? origin);
  return !(url.protocol === "http:" && LOOPBACK.has(url.hostname));
}

/** Decodes a cookie value into a live session: null when absent, forged, malformed or expired. */
export function openSession(value: string | undefined, secret: string, nowMs: number): SessionData | null {
  if (!value) return null;
  const parsed = sessionDataSchema.safeParse(unseal(value, secret));
  if (!parsed.success) return null;
  return Date.parse(parsed.data.expiresAt) > nowMs ? parsed.data : null;
}

async function requestOrigin(): Promise<string> {
  const h = await headers();
  const proto = h.get("x-forwarded-proto")?.split(",")[0]?.trim() || "http";
  return `${proto}://${h.get("host") ?? "localhost"}`;
}

/**
 * The one cookie name this deployment writes. Only that name is read: with Secure cookies a plain
 * `tpd_session` can be planted over http or from a sibling subdomain, and honouring it would sign
 * the victim into the planter's session (fixation); `__Host-` cannot be planted that way.
 */
export function sessionCookieName(secure: boolean): string {
  return secure ? SECURE_NAME : PLAIN_NAME;
}

/** The signed-in user's session for server components and route handlers, or null. */
export async function getSession(nowMs = clockNow()): Promise<SessionData | null> {
  const jar = await cookies();
  const env = loadEnv();
  const name = sessionCookieName(cookieIsSecure(env, await requestOrigin()));
  return openSession(jar.get(name)?.value, env.sessionSecret, nowMs);
}

/** Route handlers only (cookies are read-only in server components). */
export async function saveSession(data: SessionData, nowMs = clockNow()): Promise<void> {
  const env = loadEnv();
  const secure = cookieIsSecure(env, await requestOrigin());
  const jar = await cookies();
  jar.set(sessionCookieName(secure), seal(data, env.sessionSecret), {
    httpOnly: true,
    sameSite: "lax",
    secure,
    path: "/",
    // The cookie dies with the token: a stale cookie would only produce 401s.
    maxAge: Math.max(1, Math.floor((Date.parse(data.expiresAt) - nowMs) / 1000)),
  });
}

export async function clearSession(): Promise<void> {
  const jar = await cookies();
  for (const name of [SECURE_NAME, PLAIN_NAME]) {
    // An expiring overwrite with the same attributes: browsers drop a __Host- deletion that is not Secure.
    if (jar.get(name)) jar.set(name, "", { httpOnly: true, sameSite: "lax", secure: name === SECURE_NAME, path: "/", maxAge: 0 });
  }
}
