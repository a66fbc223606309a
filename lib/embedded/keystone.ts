/**
 * The Keystone v3 subset the dashboard uses (trove-api.md, "Keystone v3"): password tokens scoped
 * to a project, validation, revocation, the version document, the user's projects, and project and
 * user look-ups (names for ids) with Keystone 22's default policy.
 */
import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { z } from "zod";
import { DOMAIN, hexId, IMPLIED_ROLES } from "./catalog";
import type { Clock } from "./config";
import { jsonBody, keystoneError, Router, unauthenticated, type Answer, type Request } from "./http";
import type { ProjectRow, Store, TokenRow, UserRow } from "./store";
import { hashPassword } from "./world";

export interface KeystoneContext {
  store: Store;
  clock: Clock;
  tokenTtlMs: number;
  keystoneUrl(): string;
  troveUrl(): string;
}

/** A valid token and who it speaks for; shared with the Trove side's auth. */
export interface Principal {
  token: TokenRow;
  user: UserRow;
  project: ProjectRow;
  roles: string[];
}

/** Keystone's timestamp format: microseconds and a Z. */
function keystoneTime(ms: number): string {
  return new Date(ms).toISOString().replace(/\.(\d{3})Z$/, ".$1000Z");
}

export function principalOf(store: Store, tokenId: string | undefined, now: number): Principal | null {
  if (!tokenId) return null;
  const token = store.q.tokenById.get(tokenId);
  if (!token || token.revoked || token.expires_ms <= now) return null;
  const user = store.q.userById.get(token.user_id);
  const project = store.q.projectById.get(token.project_id);
  const role = user && project ? store.q.roleOf.get(user.id, project.id)?.role : undefined;
  if (!user || !project || !role) return null;
  return { token, user, project, roles: [...(IMPLIED_ROLES[role] ?? [role])] };
}

const domainRef = z
  .object({ id: z.string().optional(), name: z.string().optional() })
  .refine((d) => d.id !== undefined || d.name !== undefined, "needs id or name");

const authSchema = z.object({
  auth: z.object({
    identity: z.object({
      methods: z.array(z.string()).refine((m) => m.includes("password"), "only the password method is supported"),
      password: z.object({
        user: z.object({ id: z.string().optional(), name: z.string().optional(), domain: domainRef.optional(), password: z.string() }),
      }),
    }),
    scope: z
      .object({
        project: z.object({ id: z.string().optional(), name: z.string().optional(), domain: domainRef.optional() }),
      })
      .optional(),
  }),
});

function isDefaultDomain(d: { id?: string | undefined; name?: string | undefined } | undefined): boolean {
  return d !== undefined && (d.id === DOMAIN.id || d.name === DOMAIN.name);
}

function same(a: string, b: string): boolean {
  const x = Buffer.from(a, "hex");
  const y = Buffer.from(b, "hex");
  return x.length === y.length && timingSafeEqual(x, y);
}

/**
 * A state file from before passwords were scrypt-derived still holds one salted SHA-256: such a
 * password is accepted once and stored again as scrypt, so nobody has to throw their state away.
 */
export function passwordMatches(store: Store, user: UserRow, password: string): boolean {
  if (same(hashPassword(password, user.salt), user.password_hash)) return true;
  const legacy = createHash("sha256").update(`${user.salt}:${password}`).digest("hex");
  if (!same(legacy, user.password_hash)) return false;
  store.sql("UPDATE users SET password_hash = ? WHERE id = ?").run(hashPassword(password, user.salt), user.id);
  return true;
}

function tokenBody(ctx: KeystoneContext, p: Principal) {
  const trove = `${ctx.troveUrl()}/v1.0/${p.project.id}`;
  const endpoint = (service: string, iface: string, url: string) => ({
    id: hexId("endpoint", `${service}-${iface}`),
    interface: iface,
    region: "RegionOne",
    region_id: "RegionOne",
    url,
  });
  return {
    token: {
      methods: ["password"],
      user: { id: p.user.id, name: p.user.name, domain: DOMAIN, password_expires_at: null },
      audit_ids: [p.token.id.slice(-22)],
      expires_at: keystoneTime(p.token.expires_ms),
      issued_at: keystoneTime(p.token.issued_ms),
      project: { id: p.project.id, name: p.project.name, domain: DOMAIN },
      is_domain: false,
      roles: p.roles.map((name) => ({ id: hexId("role", name), name })),
      catalog: [
        {
          id: hexId("service", "keystone"),
          type: "identity",
          name: "keystone",
          endpoints: ["public", "internal", "admin"].map((i) => endpoint("keystone", i, ctx.keystoneUrl())),
        },
        {
          id: hexId("service", "trove"),
          type: "database",
          name: "trove",
          endpoints: ["public", "internal", "admin"].map((i) => endpoint("trove", i, trove)),
        },
      ],
    },
  };
}

function issue(ctx: KeystoneContext, req: Request): Answer {
  const parsed = authSchema.safeParse(jsonBody(req));
  if (!parsed.success) {
    const first = parsed.error.issues[0]!;
    throw keystoneError(400, "Bad Request", `Invalid input for field '${first.path.join(".")}': ${first.message}`);
  }
  const { identity, scope } = parsed.data.auth;
  const u = identity.password.user;
  const { q } = ctx.store;
  let user: UserRow | undefined;
  if (u.id !== undefined) user = q.userById.get(u.id);
  else if (u.name !== undefined && isDefaultDomain(u.domain)) user = q.userByName.get(u.name);
  if (!user || !passwordMatches(ctx.store, user, u.password)) throw unauthenticated();

  let project: ProjectRow | undefined;
  if (scope) {
    const s = scope.project;
    if (s.id !== undefined) project = q.projectById.get(s.id);
    else if (s.name !== undefined && isDefaultDomain(s.domain)) project = q.projectByName.get(s.name);
  } else {
    // Unscoped requests get the user's default project, which here is the one they hold a role on.
    const home = ctx.store.sql<{ project_id: string }>("SELECT project_id FROM assignments WHERE user_id = ? LIMIT 1").get(user.id);
    project = home ? q.projectById.get(home.project_id) : undefined;
  }
  if (!project || !q.roleOf.get(user.id, project.id)) throw unauthenticated();

  const now = ctx.clock();
  const token: TokenRow = {
    id: `gAAAAA${randomBytes(48).toString("base64url")}`,
    user_id: user.id,
    project_id: project.id,
    issued_ms: now,
    expires_ms: now + ctx.tokenTtlMs,
    revoked: 0,
  };
  q.insertToken.run(token);
  q.purgeTokens.run(now - 86_400_000);
  const principal = principalOf(ctx.store, token.id, now)!;
  return { status: 201, body: tokenBody(ctx, principal), headers: { "X-Subject-Token": token.id } };
}

/**
 * The token named by X-Subject-Token, for GET (validate) and DELETE (revoke). As Keystone's policy
 * (identity:validate_token, identity:revoke_token: admin or token subject), only an admin or the
 * token's own user may look at or revoke it; anyone else gets 403, not another user's token.
 */
function subjectOf(ctx: KeystoneContext, req: Request, action: "validate_token" | "revoke_token"): Principal {
  const now = ctx.clock();
  const caller = principalOf(ctx.store, header(req, "x-auth-token"), now);
  if (!caller) throw unauthenticated();
  const subject = header(req, "x-subject-token");
  const p = principalOf(ctx.store, subject, now);
  if (!p) throw keystoneError(404, "Not Found", `Could not find token: ${subject ?? ""}.`);
  if (!caller.roles.includes("admin") && caller.user.id !== p.user.id) {
    throw keystoneError(403, "Forbidden", `You are not authorized to perform the requested action: identity:${action}.`);
  }
  return p;
}

function header(req: Request, name: string): string | undefined {
  const v = req.headers[name];
  return Array.isArray(v) ? v[0] : v;
}

function versionDoc(ctx: KeystoneContext) {
  return {
    id: "v3.14",
    status: "stable",
    updated: "2020-04-07T00:00:00Z",
    links: [{ rel: "self", href: `${ctx.keystoneUrl()}/` }],
    "media-types": [{ base: "application/json", type: "application/vnd.openstack.identity-v3+json" }],
  };
}

function projectView(ctx: KeystoneContext, p: ProjectRow) {
  // Keystone 22's fields, in its order (lib/keystone/fixtures/project-show-as-admin.json).
  return {
    id: p.id,
    name: p.name,
    domain_id: DOMAIN.id,
    description: "",
    enabled: true,
    parent_id: DOMAIN.id,
    is_domain: false,
    tags: [],
    options: {},
    links: { self: `${ctx.keystoneUrl()}/projects/${p.id}` },
  };
}

function userView(ctx: KeystoneContext, u: UserRow) {
  return {
    id: u.id,
    name: u.name,
    domain_id: DOMAIN.id,
    enabled: true,
    password_expires_at: null,
    options: {},
    links: { self: `${ctx.keystoneUrl()}/users/${u.id}` },
  };
}

function callerOf(ctx: KeystoneContext, req: Request): Principal {
  const p = principalOf(ctx.store, header(req, "x-auth-token"), ctx.clock());
  if (!p) throw unauthenticated();
  return p;
}

/** Keystone 22's refusal, the same whether or not the target exists (its policy runs first). */
const notAuthorized = (action: string) =>
  keystoneError(403, "Forbidden", `You are not authorized to perform the requested action: identity:${action}.`);

/** GET /v3/projects: admin only under Keystone 22's default policy (a member or reader gets 403). */
function listProjects(ctx: KeystoneContext, req: Request): Answer {
  const caller = callerOf(ctx, req);
  if (!caller.roles.includes("admin")) throw notAuthorized("list_projects");
  const name = req.url.searchParams.get("name");
  const rows = ctx.store
    .sql<ProjectRow>(`SELECT id, name FROM projects${name !== null ? " WHERE name = ?" : ""} ORDER BY name`)
    .all(...(name !== null ? [name] : []));
  // Keystone without list_limit ignores ?limit and lists everything: never a next page.
  return {
    status: 200,
    body: {
      projects: rows.map((r) => projectView(ctx, r)),
      links: { next: null, self: `${ctx.keystoneUrl()}/projects${req.url.search}`, previous: null },
    },
  };
}

/** GET /v3/projects/{id}: an admin, or a user with a role on that project. */
function showProject(ctx: KeystoneContext, req: Request): Answer {
  const caller = callerOf(ctx, req);
  const id = req.params.id!;
  if (!caller.roles.includes("admin") && caller.project.id !== id) throw notAuthorized("get_project");
  const project = ctx.store.q.projectById.get(id);
  if (!project) throw keystoneError(404, "Not Found", `Could not find project: ${id}.`);
  return { status: 200, body: { project: projectView(ctx, project) } };
}

/** GET /v3/users/{id}: an admin, or the user themself. */
function showUser(ctx: KeystoneContext, req: Request): Answer {
  const caller = callerOf(ctx, req);
  const id = req.params.id!;
  if (!caller.roles.includes("admin") && caller.user.id !== id) throw notAuthorized("get_user");
  const user = ctx.store.q.userById.get(id);
  if (!user) throw keystoneError(404, "Not Found", `Could not find user: ${id}.`);
  return { status: 200, body: { user: userView(ctx, user) } };
}

export function keystoneRouter(): Router<KeystoneContext> {
  return new Router<KeystoneContext>()
    .on("GET", "", (_req, ctx) => ({ status: 300, body: { versions: { values: [versionDoc(ctx)] } } }))
    .on("GET", "/v3", (_req, ctx) => ({ status: 200, body: { version: versionDoc(ctx) } }))
    .on("POST", "/v3/auth/tokens", (req, ctx) => issue(ctx, req))
    .on("GET", "/v3/auth/tokens", (req, ctx) => {
      const p = subjectOf(ctx, req, "validate_token");
      return { status: 200, body: tokenBody(ctx, p), headers: { "X-Subject-Token": p.token.id } };
    })
    .on("DELETE", "/v3/auth/tokens", (req, ctx) => {
      const p = subjectOf(ctx, req, "revoke_token");
      ctx.store.q.revokeToken.run(p.token.id);
      return { status: 204 };
    })
    .on("GET", "/v3/projects", (req, ctx) => listProjects(ctx, req))
    .on("GET", "/v3/projects/{id}", (req, ctx) => showProject(ctx, req))
    .on("GET", "/v3/users/{id}", (req, ctx) => showUser(ctx, req))
    .on("GET", "/v3/auth/projects", (req, ctx) => {
      const p = principalOf(ctx.store, header(req, "x-auth-token"), ctx.clock());
      if (!p) throw unauthenticated();
      const rows = ctx.store
        .sql<{ id: string; name: string }>(
          "SELECT p.id, p.name FROM projects p JOIN assignments a ON a.project_id = p.id WHERE a.user_id = ? ORDER BY p.name",
        )
        .all(p.user.id);
      return {
        status: 200,
        body: {
          projects: rows.map((r) => ({
            id: r.id,
            name: r.name,
            domain_id: DOMAIN.id,
            enabled: true,
            is_domain: false,
            parent_id: DOMAIN.id,
            description: "",
          })),
          links: { self: `${ctx.keystoneUrl()}/auth/projects`, previous: null, next: null },
        },
      };
    });
}
