/**
 * Keystone v3: password authentication scoped to a project, the database endpoint from the
 * catalog (Horizon's url_for), and token revocation (trove-api.md "Keystone v3").
 */
import "server-only";
import { AuthError, UpstreamError } from "@/lib/domain/errors";
import { tryParseTroveTime, formatUtc } from "@/lib/recovery";
import type { z } from "zod";
import { projectBodySchema, projectListSchema, tokenBodySchema, userBodySchema, type CatalogEntry } from "./schemas";

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
      identity: {
        methods: ["password"],
        password: { user: { name: creds.username, domain: { name: creds.domain }, password: creds.password } },
      },
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
    const match = entry.endpoints.find(
      (e) => e.interface === iface && (region === undefined || e.region_id === region || e.region === region),
    );
    if (match) return match.url.replace(/\/+$/, "");
  }
  return null;
}

/** DELETE /v3/auth/tokens: best effort, a token that is already gone is fine. */
export async function revokeToken(config: KeystoneConfig, token: string): Promise<void> {
  const res = await keystoneFetch(config, "/auth/tokens", {
    method: "DELETE",
    headers: { "X-Auth-Token": token, "X-Subject-Token": token },
  });
  await res.body?.cancel();
}

/** A name Keystone gave, or why there is none: its policy refused this token, or no such id. */
export type NameLookup = { name: string } | { refused: "forbidden" | "not-found" };

/**
 * GET with a token and zod at the edge. 403 and 404 are answers (Keystone's policy decides who may
 * read a project or user: an admin, or the subject themself); 401 is the token's end, as elsewhere.
 */
async function keystoneGet<S extends z.ZodType>(
  config: KeystoneConfig,
  token: string,
  path: string,
  schema: S,
): Promise<z.infer<S> | "forbidden" | "not-found"> {
  const res = await keystoneFetch(config, path, { headers: { "X-Auth-Token": token, Accept: "application/json" } });
  if (res.status === 401) {
    await res.body?.cancel();
    throw new AuthError();
  }
  if (res.status === 403 || res.status === 404) {
    await res.body?.cancel();
    return res.status === 403 ? "forbidden" : "not-found";
  }
  if (res.status !== 200) {
    await res.body?.cancel();
    throw new UpstreamError(
      res.status >= 500 ? "server-error" : "unexpected",
      `Keystone answered HTTP ${res.status} to ${path.split("?")[0]}.`,
      res.status,
    );
  }
  let json: unknown;
  try {
    json = await res.json();
  } catch {
    json = undefined;
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new UpstreamError("unexpected", `Keystone answered something unexpected to ${path.split("?")[0]}.`);
  return parsed.data;
}

/** GET /v3/projects: every project, for an admin token (Keystone 22 refuses others with 403: null). */
export async function listProjects(config: KeystoneConfig, token: string): Promise<{ id: string; name: string }[] | null> {
  const body = await keystoneGet(config, token, "/projects", projectListSchema);
  if (body === "forbidden" || body === "not-found") return null;
  return body.projects.map((p) => ({ id: p.id, name: p.name }));
}

/** GET /v3/projects/{id}: an admin, or a token scoped to that project. */
export async function getProjectName(config: KeystoneConfig, token: string, id: string): Promise<NameLookup> {
  const body = await keystoneGet(config, token, `/projects/${encodeURIComponent(id)}`, projectBodySchema);
  return typeof body === "string" ? { refused: body } : { name: body.project.name };
}

/** GET /v3/users/{id}: an admin, or the user themself. */
export async function getUserName(config: KeystoneConfig, token: string, id: string): Promise<NameLookup> {
  const body = await keystoneGet(config, token, `/users/${encodeURIComponent(id)}`, userBodySchema);
  return typeof body === "string" ? { refused: body } : { name: body.user.name };
}
