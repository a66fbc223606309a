/**
 * Keystone v3: password authentication scoped to a project, the database endpoint from the
 * catalog (Horizon's url_for), and token revocation (trove-api.md "Keystone v3").
 */
import "server-only";
import { AuthError, UpstreamError } from "@/lib/domain/errors";
import { tryParseTroveTime, formatUtc } from "@/lib/recovery";
import { tokenBodySchema, type CatalogEntry } from "./schemas";

export interface KeystoneConfig {
  authUrl: string;
  timeoutMs: number;
}

export interface PasswordCredentials {
  username: string;
  password: string;
  project: string;
  domain: string;
}

/** What the dashboard keeps of a token: the session's contents. */
export interface ScopedToken {
  token: string;
  expiresAt: string;
  user: { id: string; name: string };
  project: { id: string; name: string };
  roles: string[];
  catalog: CatalogEntry[];
}

async function keystoneFetch(config: KeystoneConfig, path: string, init: RequestInit): Promise<Response> {
  try {
    return await fetch(`${config.authUrl}${path}`, { ...init, signal: AbortSignal.timeout(config.timeoutMs) });
  } catch (error) {
    if (error instanceof DOMException && error.name === "TimeoutError") {
      throw new UpstreamError("timeout", `Keystone did not answer within ${config.timeoutMs} ms.`);
    }
    throw new UpstreamError("unavailable", "Keystone (the identity service) is not reachable.");
  }
}

/** POST /v3/auth/tokens with a password identity; 401 for wrong user, password or project. */
export async function authenticate(config: KeystoneConfig, creds: PasswordCredentials): Promise<ScopedToken> {
  const body = {
    auth: {
      identity: { methods: ["password"], password: { user: { name: creds.username, domain: { name: creds.domain }, password: creds.password } } },
      scope: { project: { name: creds.project, domain: { name: creds.domain } } },
    },
  };
  const res = await keystoneFetch(config, "/auth/tokens", {
    method: "POST",
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify(body),
  });
  // Keystone says 401 for a wrong password and for a project the user has no role on, and 404 for
  // an unknown domain: all one answer, so the form does not reveal which part was wrong.
  if (res.status === 401 || res.status === 404 || res.status === 400) {
    await res.body?.cancel();
    throw new AuthError("Wrong user name, password or project", "invalid_credentials");
  }
  if (res.status >= 500) {
    await res.body?.cancel();
    throw new UpstreamError("server-error", `Keystone failed (HTTP ${res.status}). Try again in a moment.`, res.status);
  }
  const subject = res.headers.get("x-subject-token");
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  const parsed = tokenBodySchema.safeParse(json);
  if (res.status !== 201 && res.status !== 200) {
    throw new UpstreamError("unexpected", `Keystone refused the sign-in (HTTP ${res.status}).`, res.status);
  }
  const t = parsed.success ? parsed.data.token : null;
  if (!subject || !t?.project) throw new UpstreamError("unexpected", "Keystone answered something unexpected to the sign-in.");
  const expiresMs = tryParseTroveTime(t.expires_at);
  if (expiresMs === null) throw new UpstreamError("unexpected", "Keystone answered something unexpected: an unreadable token expiry.");
  return {
    token: subject,
    expiresAt: formatUtc(expiresMs),
    user: { id: t.user.id, name: t.user.name },
    project: { id: t.project.id, name: t.project.name },
    roles: t.roles.map((r) => r.name),
    catalog: t.catalog,
  };
}

/**
 * The endpoint URL of a service type for an interface and, if given, a region (Horizon's url_for).
 * null when the catalog has none: the cloud does not offer that service to this project.
 */
export function urlFor(catalog: readonly CatalogEntry[], type: string, iface: string, region?: string): string | null {
  for (const entry of catalog) {
    if (entry.type !== type) continue;
    const match = entry.endpoints.find((e) => e.interface === iface && (region === undefined || e.region_id === region || e.region === region));
    if (match) return match.url.replace(/\/+$/, "");
  }
  return null;
}

/** DELETE /v3/auth/tokens: best effort, a token that is already gone is fine. */
export async function revokeToken(config: KeystoneConfig, token: string): Promise<void> {
  const res = await keystoneFetch(config, "/auth/tokens", { method: "DELETE", headers: { "X-Auth-Token": token, "X-Subject-Token": token } });
  await res.body?.cancel();
}
