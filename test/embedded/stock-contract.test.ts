/**
 * HTTP contract of the stock part (Keystone v3 + Trove v1.0), written against a `target` so that the
 * same file runs against the embedded backend (default) and against the genuine Keystone 22 +
 * Trove 18 (REAL_TROVE_KEYSTONE_URL=http://127.0.0.1:5000/v3, as scripts/real-cloud.sh sets it).
 * Where the two must differ by design (readers may write on Trove 18), the test says so.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  pollUntil,
  signIn,
  troveGet,
  troveList,
  troveSend as send,
  type TroveBackup as Backup,
  type TroveInstance as Instance,
  type Upstream,
} from "../server/upstream";
import { startBackend, type BackendHandle } from "../helpers/backend";

const REAL = process.env.REAL_TROVE_KEYSTONE_URL;
let backend: BackendHandle | null = null;
let keystone: string;

beforeAll(async () => {
  if (REAL) keystone = REAL;
  else {
    backend = await startBackend({ env: { EMBEDDED_BACKUP_SECONDS: "2" } });
    keystone = backend.keystoneUrl;
  }
});
afterAll(async () => {
  await backend?.stop();
});

/** Real Trove takes ~10 s per backup or build: wait longer and poll it gently. */
const until = <T>(what: string, fn: () => Promise<T | null>, timeoutMs = 90_000) => pollUntil(what, fn, timeoutMs, REAL ? 1000 : 200);

/** Someone else (a browser journey, another suite) may be backing up the shared real cloud's instance. */
async function whenActive(up: Upstream, id: string): Promise<void> {
  await until(`instance ${id} to be ACTIVE`, async () =>
    (await troveGet<{ instance: Instance }>(up, `/instances/${id}`)).body.instance.status === "ACTIVE" ? true : null,
  );
}

async function instanceNamed(up: Upstream, name: string): Promise<Instance> {
  const all = await troveList<Instance>(up, "/instances", "instances");
  const found = all.find((i) => i.name === name);
  if (!found) throw new Error(`no ${name} among ${all.map((i) => i.name).join(", ")}`);
  return found;
}

describe(`stock contract (${REAL ? "real Keystone 22 + Trove 18" : "embedded backend"})`, () => {
  let demo: Upstream;
  let orders: Instance;

  beforeAll(async () => {
    demo = await signIn(keystone, "demo");
    orders = await instanceNamed(demo, "orders-db");
  });

  describe("Keystone", () => {
    it("issues a project-scoped token: 201, X-Subject-Token, roles with implied reader, a database endpoint with the project id", async () => {
      const res = await fetch(`${keystone}/auth/tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          auth: {
            identity: { methods: ["password"], password: { user: { name: "demo", domain: { name: "Default" }, password: "demo" } } },
            scope: { project: { name: "demo", domain: { name: "Default" } } },
          },
        }),
      });
      expect(res.status).toBe(201);
      expect(res.headers.get("x-subject-token")).toBeTruthy();
      const { token } = (await res.json()) as {
        token: {
          expires_at: string;
          project: { id: string; name: string };
          roles: { name: string }[];
          catalog: { type: string; endpoints: { interface: string; url: string }[] }[];
        };
      };
      expect(token.project.name).toBe("demo");
      expect(token.roles.map((r) => r.name)).toEqual(expect.arrayContaining(["member", "reader"]));
      expect(Date.parse(token.expires_at)).toBeGreaterThan(Date.now());
      const db = token.catalog.find((c) => c.type === "database")!;
      expect(db.endpoints.map((e) => e.interface).sort()).toEqual(["admin", "internal", "public"]);
      for (const e of db.endpoints) expect(e.url).toMatch(new RegExp(`/v1\\.0/${token.project.id}$`));
      const viewer = await signIn(keystone, "viewer", "viewer", "demo");
      const v = await fetch(`${keystone}/auth/tokens`, { headers: { "X-Auth-Token": viewer.token, "X-Subject-Token": viewer.token } });
      expect(v.status).toBe(200);
      const roles = ((await v.json()) as { token: { roles: { name: string }[] } }).token.roles.map((r) => r.name);
      expect(roles).toContain("reader");
      expect(roles).not.toContain("member");
    });

    it("refuses a wrong password with 401 in Keystone's error shape", async () => {
      const res = await fetch(`${keystone}/auth/tokens`, {
        method: "POST",
        headers: { "Content-Type": "application/json" },
        body: JSON.stringify({
          auth: {
            identity: { methods: ["password"], password: { user: { name: "demo", domain: { name: "Default" }, password: "nope" } } },
            scope: { project: { name: "demo", domain: { name: "Default" } } },
          },
        }),
      });
      expect(res.status).toBe(401);
      expect(await res.json()).toMatchObject({ error: { code: 401, title: "Unauthorized" } });
    });

    it("revokes a token: Keystone no longer validates it, and the embedded Trove refuses it at once", async () => {
      const own = await signIn(keystone, "demo");
      const checker = await signIn(keystone, "demo");
      expect((await troveGet(own, "/instances")).status).toBe(200);
      const del = await fetch(`${keystone}/auth/tokens`, {
        method: "DELETE",
        headers: { "X-Auth-Token": own.token, "X-Subject-Token": own.token },
      });
      expect(del.status).toBe(204);
      const validate = await fetch(`${keystone}/auth/tokens`, { headers: { "X-Auth-Token": checker.token, "X-Subject-Token": own.token } });
      expect(validate.status).toBe(404);
      // Real Trove validates through keystonemiddleware, which caches a valid token for minutes: a
      // revoked one may still pass there for a while (seen on the real server), so only the
      // embedded backend is held to "at once". The dashboard clears its own session on logout.
      if (!REAL) {
        const after = await troveGet(own, "/instances");
        expect(after.status).toBe(401);
        expect(after.body).toMatchObject({ error: { code: 401, title: "Unauthorized" } });
      }
    });
  });

  describe("Keystone: whose tokens a token may see", () => {
    it("lets only an admin or the token's own user validate or revoke it (403 for anyone else)", async () => {
      const victim = await signIn(keystone, "demo");
      const sameUser = await signIn(keystone, "demo");
      const stranger = await signIn(keystone, "viewer", "viewer", "demo");
      const admin = await signIn(keystone, "admin");
      const ask = (caller: Upstream, method = "GET") =>
        fetch(`${keystone}/auth/tokens`, {
          method,
          headers: { "X-Auth-Token": caller.token, "X-Subject-Token": victim.token, Accept: "application/json" },
        });
      const peek = await ask(stranger);
      expect(peek.status).toBe(403);
      expect(JSON.stringify(await peek.json())).not.toContain(victim.token);
      expect((await ask(stranger, "DELETE")).status).toBe(403);
      expect((await troveGet(victim, "/instances")).status).toBe(200);
      expect((await ask(sameUser)).status).toBe(200);
      expect((await ask(admin)).status).toBe(200);
      expect((await ask(admin, "DELETE")).status).toBe(204);
      expect((await ask(sameUser)).status).toBe(404);
    });
  });

  describe("Keystone: names for ids (Keystone 22's default policy, lib/keystone/fixtures)", () => {
    const get = async (caller: Upstream, path: string) => {
      const res = await fetch(`${keystone}${path}`, { headers: { "X-Auth-Token": caller.token, Accept: "application/json" } });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    };
    const userIdOf = async (up: Upstream) => {
      const res = await fetch(`${keystone}/auth/tokens`, { headers: { "X-Auth-Token": up.token, "X-Subject-Token": up.token } });
      return ((await res.json()) as { token: { user: { id: string } } }).token.user.id;
    };
    const forbidden = (action: string) => ({
      error: { code: 403, title: "Forbidden", message: `You are not authorized to perform the requested action: identity:${action}.` },
    });

    it("lists every project to an admin, with Keystone's fields and links; 403 to a member or reader", async () => {
      const admin = await signIn(keystone, "admin");
      const list = await get(admin, "/projects");
      expect(list.status).toBe(200);
      const projects = list.body.projects as { id: string; name: string }[];
      expect(projects.map((p) => p.name)).toEqual(expect.arrayContaining(["admin", "demo", "alt"]));
      const demoProject = projects.find((p) => p.name === "demo")!;
      expect(Object.keys(demoProject).sort()).toEqual([
        "description",
        "domain_id",
        "enabled",
        "id",
        "is_domain",
        "links",
        "name",
        "options",
        "parent_id",
        "tags",
      ]);
      expect(demoProject).toMatchObject({
        id: demo.projectId,
        domain_id: "default",
        enabled: true,
        is_domain: false,
        parent_id: "default",
        links: { self: `${keystone}/projects/${demo.projectId}` },
      });
      expect(list.body.links).toEqual({ next: null, self: `${keystone}/projects`, previous: null });
      const byName = await get(admin, "/projects?name=demo");
      expect((byName.body.projects as { id: string }[]).map((p) => p.id)).toEqual([demo.projectId]);
      expect(await get(demo, "/projects")).toEqual({ status: 403, body: forbidden("list_projects") });
      expect((await get(await signIn(keystone, "viewer"), "/projects")).status).toBe(403);
    });

    it("shows a project to an admin or to a token scoped to it; 403 for another's, 404 for an unknown one (admin)", async () => {
      const admin = await signIn(keystone, "admin");
      const alt = await signIn(keystone, "alt");
      expect(await get(demo, `/projects/${demo.projectId}`)).toMatchObject({
        status: 200,
        body: { project: { id: demo.projectId, name: "demo" } },
      });
      expect(await get(admin, `/projects/${alt.projectId}`)).toMatchObject({ status: 200, body: { project: { name: "alt" } } });
      expect(await get(demo, `/projects/${alt.projectId}`)).toEqual({ status: 403, body: forbidden("get_project") });
      const unknown = "0123456789abcdef0123456789abcdef";
      expect(await get(admin, `/projects/${unknown}`)).toEqual({
        status: 404,
        body: { error: { code: 404, title: "Not Found", message: `Could not find project: ${unknown}.` } },
      });
      expect((await get(demo, `/projects/${unknown}`)).status).toBe(403);
    });

    it("shows a user to an admin or to themself; 403 for anyone else, 404 for an unknown one (admin)", async () => {
      const admin = await signIn(keystone, "admin");
      const alt = await signIn(keystone, "alt");
      const altId = await userIdOf(alt);
      const shown = await get(admin, `/users/${altId}`);
      expect(shown.status).toBe(200);
      expect(shown.body.user).toEqual({
        id: altId,
        name: "alt",
        domain_id: "default",
        enabled: true,
        password_expires_at: null,
        options: {},
        links: { self: `${keystone}/users/${altId}` },
      });
      expect(await get(alt, `/users/${altId}`)).toMatchObject({ status: 200, body: { user: { name: "alt" } } });
      expect(await get(demo, `/users/${altId}`)).toEqual({ status: 403, body: forbidden("get_user") });
      expect((await get(admin, "/users/0123456789abcdef0123456789abcdef")).status).toBe(404);
      expect(await get({ ...demo, token: "not-a-token" }, "/projects")).toMatchObject({
        status: 401,
        body: { error: { code: 401, title: "Unauthorized" } },
      });
    });
  });

  describe("Trove: access", () => {
    it("answers 401 without a token or with a bad one", async () => {
      const none = await fetch(`${demo.endpoint}/instances`, { headers: { Accept: "application/json" } });
      expect(none.status).toBe(401);
      const bad = await troveGet({ ...demo, token: "gAAAAAnot-a-real-token" }, "/instances");
      expect(bad.status).toBe(401);
      expect(bad.body).toMatchObject({ error: { code: 401 } });
    });

    it("refuses another project's URL with 403 (HTML unless JSON is asked for) and hides its instances (404)", async () => {
      const alt = await signIn(keystone, "alt");
      const html = await fetch(`${alt.endpoint}/instances`, { headers: { "X-Auth-Token": demo.token } });
      expect(html.status).toBe(403);
      expect(html.headers.get("content-type")).toMatch(/text\/html/);
      const json = await troveGet({ ...alt, token: demo.token }, "/instances");
      expect(json.status).toBe(403);
      // Not Trove's fault shape: the tenant check answers through webob, like a malformed body's 400.
      expect(json.body).toMatchObject({
        code: "403 Forbidden",
        title: "Forbidden",
        message: expect.stringContaining("Access was denied to this resource."),
      });
      expect(await html.text()).toContain("cannot access this resource.");
      const altInstance = (await troveList<Instance>(alt, "/instances", "instances"))[0]!;
      const hidden = await troveGet(demo, `/instances/${altInstance.id}`);
      expect(hidden.status).toBe(404);
      expect(hidden.body).toMatchObject({ itemNotFound: { code: 404 } });
      expect((await troveGet(demo, `/backups?instance_id=${altInstance.id}`)).body).toMatchObject({ backups: [] });
    });

    it("keeps /mgmt for admins: 401 for a member, rows with tenant_id for the admin", async () => {
      const fleetAsMember = await troveGet(demo, "/backups?all_projects=true");
      expect(fleetAsMember.status).toBe(403);
      expect(fleetAsMember.body).toMatchObject({
        forbidden: { message: "Policy doesn't allow backup:index:all_projects to be performed." },
      });
      const member = await troveGet(demo, "/mgmt/instances");
      expect(member.status).toBe(401);
      expect(member.body).toMatchObject({ unauthorized: { code: 401, message: "User does not have admin privileges." } });
      const admin = await signIn(keystone, "admin");
      const rows = await troveGet<{ instances: (Instance & { tenant_id: string })[] }>(admin, "/mgmt/instances");
      expect(rows.status).toBe(200);
      expect(new Set(rows.body.instances.map((i) => i.tenant_id)).size).toBeGreaterThanOrEqual(2);
      const all = await troveList<Backup>(admin, "/backups?all_projects=true", "backups");
      expect(new Set(all.map((b) => b.project_id)).size).toBeGreaterThanOrEqual(2);
    });
  });

  describe("Trove: reads", () => {
    it("lists instances with the contract's fields; detail adds zone-less UTC times", async () => {
      const detail = await troveGet<{ instances: Instance[] }>(demo, "/instances/detail");
      expect(detail.status).toBe(200);
      const o = detail.body.instances.find((i) => i.id === orders.id)!;
      expect(o).toMatchObject({
        name: "orders-db",
        status: "ACTIVE",
        datastore: { type: "mysql" },
        flavor: { id: expect.any(String) },
        volume: { size: expect.any(Number) },
      });
      expect(o.created).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}$/);
      const show = await troveGet<{ instance: Instance }>(demo, `/instances/${orders.id}`);
      expect(show.body.instance.id).toBe(orders.id);
      expect((await troveGet(demo, "/instances/00000000-0000-0000-0000-000000000000")).body).toMatchObject({ itemNotFound: { code: 404 } });
    });

    it("pages backups 20 at a time, newest first, with a next link that keeps the filters, to the last page", async () => {
      const first = await troveGet<{ backups: Backup[]; links?: { rel: string; href: string }[] | null }>(
        demo,
        `/instances/${orders.id}/backups`,
      );
      expect(first.body.backups).toHaveLength(20);
      const next = first.body.links?.find((l) => l.rel === "next");
      expect(next?.href).toMatch(/marker=/);
      const all = await troveList<Backup>(demo, `/instances/${orders.id}/backups`, "backups");
      expect(all.length).toBeGreaterThan(60);
      expect(new Set(all.map((b) => b.id)).size).toBe(all.length);
      const created = all.map((b) => b.created);
      expect([...created].sort().reverse()).toEqual(created);
      const small = await troveGet<{ backups: Backup[]; links?: { rel: string; href: string }[] }>(
        demo,
        `/backups?instance_id=${orders.id}&limit=2`,
      );
      expect(small.body.backups).toHaveLength(2);
      const link = new URL(small.body.links!.find((l) => l.rel === "next")!.href);
      expect(link.searchParams.get("limit")).toBe("2");
      expect(link.searchParams.get("instance_id")).toBe(orders.id);
      const viaFilter = await troveList<Backup>(demo, `/backups?instance_id=${orders.id}`, "backups");
      expect(viaFilter.map((b) => b.id).sort()).toEqual(all.map((b) => b.id).sort());
      // The last page holds what is left after the full pages, and has no next link.
      const lastMarker = Math.floor((all.length - 1) / 20) * 20;
      const last = await troveGet<{ backups: Backup[]; links?: unknown[] | null }>(
        demo,
        `/instances/${orders.id}/backups?marker=${lastMarker}`,
      );
      expect(last.body.backups.map((b) => b.id)).toEqual(all.slice(lastMarker).map((b) => b.id));
      expect(last.body.links ?? []).toEqual([]);
      // A limit above the cap is not an error: it reads as the cap, so this whole list fits one page.
      const capped = await troveGet<{ backups: Backup[]; links?: unknown[] | null }>(demo, `/instances/${orders.id}/backups?limit=5000`);
      expect(capped.status).toBe(200);
      expect(capped.body.backups).toHaveLength(all.length);
      expect(capped.body.links ?? []).toEqual([]);
    });

    it("lists flavors and datastores a restore form needs", async () => {
      const flavors = await troveGet<{ flavors: { name: string; ram: number }[] }>(demo, "/flavors");
      expect(flavors.body.flavors.length).toBeGreaterThan(3);
      const ds = await troveGet<{ datastores: { name: string; versions: { name: string }[] }[] }>(demo, "/datastores");
      expect(ds.body.datastores.map((d) => d.name)).toContain("mysql");
    });
  });

  describe("Trove: refusals", () => {
    it("answers bad bodies as Trove does: 415, the odd malformed-JSON 400, field validation, a missing datastore", async () => {
      const noType = await fetch(`${demo.endpoint}/instances`, {
        method: "POST",
        headers: { "X-Auth-Token": demo.token, "Content-Type": "text/plain" },
        body: "{}",
      });
      expect(noType.status).toBe(415);
      expect(noType.headers.get("content-type")).toMatch(/text\/html/);
      const noTypeJson = await send(demo, "POST", "/instances", "{}", { "Content-Type": "text/plain" });
      expect(noTypeJson.status).toBe(415);
      expect(noTypeJson.body).toMatchObject({
        code: "415 Unsupported Media Type",
        title: "Unsupported Media Type",
        message: expect.stringContaining("text/plain is not supported"),
      });
      const malformed = await send(demo, "POST", "/instances", "{nope");
      expect(malformed.status).toBe(400);
      expect(malformed.body).toMatchObject({ code: "400 Bad Request", title: "Bad Request" });
      const missing = await send(demo, "POST", "/instances", { instance: { flavorRef: "2" } });
      expect(missing.status).toBe(400);
      expect(missing.body).toMatchObject({ badRequest: { message: "Validation error: instance 'name' is a required property" } });
      const noFlavor = await send(demo, "POST", "/instances", {
        instance: { name: "x", flavorRef: "999", volume: { size: 5 }, datastore: orders.datastore },
      });
      expect(noFlavor.status).toBe(400);
      expect(noFlavor.body).toMatchObject({ badRequest: { message: "Resource 999 cannot be found." } });
      const backups = await troveList<Backup>(demo, `/instances/${orders.id}/backups`, "backups");
      const noDatastore = await send(demo, "POST", "/instances", {
        instance: {
          name: "x",
          flavorRef: "2",
          volume: { size: 1 },
          restorePoint: { backupRef: backups.find((b) => b.status === "COMPLETED")!.id },
        },
      });
      expect(noDatastore.status).toBe(400);
      expect(noDatastore.body).toMatchObject({ badRequest: { message: "Please specify datastore. No default datastore is defined." } });
    });
  });

  describe("Trove: writes", () => {
    it("creates an incremental with the integer 1 (true is refused), refuses a second backup while one runs, and finishes it", async () => {
      const target = await instanceNamed(demo, REAL ? "billing-db" : "search-db").catch(() => instanceNamed(demo, "orders-db"));
      await whenActive(demo, target.id);
      const asBool = await send(demo, "POST", "/backups", { backup: { name: "bool", instance: target.id, incremental: true } });
      expect(asBool.status).toBe(400);
      const made = await send(demo, "POST", "/backups", {
        backup: { name: `contract-inc-${Date.now()}`, instance: target.id, incremental: 1 },
      });
      expect(made.status).toBe(202);
      const backup = (made.body as { backup: Backup }).backup;
      expect(backup.status).toBe("NEW");
      expect(backup.parent_id).toBeTruthy();
      const busy = await troveGet<{ instance: Instance }>(demo, `/instances/${target.id}`);
      expect(busy.body.instance.status).toBe("BACKUP");
      const second = await send(demo, "POST", "/backups", { backup: { name: "second", instance: target.id } });
      expect(second.status).toBe(422);
      expect(second.body).toMatchObject({
        unprocessableEntity: { code: 422, message: expect.stringContaining("not currently available") },
      });
      await until("the backup to complete", async () => {
        const b = await troveGet<{ backup: Backup }>(demo, `/backups/${backup.id}`);
        return b.body.backup.status === "COMPLETED" ? true : null;
      });
      await until("the instance to be ACTIVE again", async () =>
        (await troveGet<{ instance: Instance }>(demo, `/instances/${target.id}`)).body.instance.status === "ACTIVE" ? true : null,
      );
      expect((await send(demo, "DELETE", `/backups/${backup.id}`)).status).toBe(202);
    });

    it("restores a backup into a new instance: 200 BUILD, then ACTIVE", async () => {
      const backups = await troveList<Backup>(demo, `/instances/${orders.id}/backups`, "backups");
      const base = backups.find((b) => b.status === "COMPLETED" && b.parent_id === null)! as Backup & { size: number };
      // The volume must hold the backup: Trove 18 refuses a smaller one with 403.
      const tooSmall = await send(demo, "POST", "/instances", {
        instance: {
          name: "too-small",
          flavorRef: orders.flavor.id,
          volume: { size: 1 },
          datastore: orders.datastore,
          restorePoint: { backupRef: base.id },
        },
      });
      if (base.size > 1) {
        expect(tooSmall.status).toBe(403);
        expect(tooSmall.body).toMatchObject({
          forbidden: { message: expect.stringContaining("Backup is too large for given flavor or volume") },
        });
      }
      const made = await send(demo, "POST", "/instances", {
        instance: {
          name: `contract-restore-${Date.now()}`,
          flavorRef: orders.flavor.id,
          volume: { size: Math.max(orders.volume.size, Math.ceil(base.size)) },
          datastore: orders.datastore,
          restorePoint: { backupRef: base.id },
        },
      });
      expect(made.status, JSON.stringify(made.body)).toBe(200);
      const inst = (made.body as { instance: Instance }).instance;
      expect(inst.status).toBe("BUILD");
      await until("the restored instance to be ACTIVE", async () =>
        (await troveGet<{ instance: Instance }>(demo, `/instances/${inst.id}`)).body.instance.status === "ACTIVE" ? true : null,
      );
      expect((await send(demo, "DELETE", `/instances/${inst.id}`)).status).toBe(202);
    });

    it(
      REAL
        ? "lets a reader create a backup (Trove 18's default policy: the dashboard must refuse readers itself)"
        : "refuses every write to a reader with 403",
      async () => {
        const viewer = await signIn(keystone, "viewer", "viewer", "demo");
        await whenActive(demo, orders.id);
        const attempt = await send(viewer, "POST", "/backups", { backup: { name: `reader-${Date.now()}`, instance: orders.id } });
        if (REAL) {
          expect(attempt.status).toBe(202);
          const id = (attempt.body as { backup: Backup }).backup.id;
          await until("the reader's backup to complete", async () =>
            (await troveGet<{ backup: Backup }>(demo, `/backups/${id}`)).body.backup.status === "COMPLETED" ? true : null,
          );
          await until("orders-db to be ACTIVE", async () =>
            (await troveGet<{ instance: Instance }>(demo, `/instances/${orders.id}`)).body.instance.status === "ACTIVE" ? true : null,
          );
          await send(demo, "DELETE", `/backups/${id}`);
        } else {
          expect(attempt.status).toBe(403);
          expect(attempt.body).toMatchObject({ forbidden: { code: 403 } });
          expect(
            (
              await send(viewer, "POST", "/instances", {
                instance: { name: "r", flavorRef: "2", volume: { size: 1 }, datastore: { type: "mysql" } },
              })
            ).status,
          ).toBe(403);
        }
      },
    );

    it("deletes a full backup together with the incrementals built on it", async () => {
      const target = await instanceNamed(demo, REAL ? "no-backups-db" : "sessions-db");
      await whenActive(demo, target.id);
      const full = (await send(demo, "POST", "/backups", { backup: { name: `contract-full-${Date.now()}`, instance: target.id } }))
        .body as { backup: Backup };
      await until("the full backup", async () =>
        (await troveGet<{ backup: Backup }>(demo, `/backups/${full.backup.id}`)).body.backup.status === "COMPLETED" ? true : null,
      );
      await until("the instance to be ACTIVE", async () =>
        (await troveGet<{ instance: Instance }>(demo, `/instances/${target.id}`)).body.instance.status === "ACTIVE" ? true : null,
      );
      const inc = (
        await send(demo, "POST", "/backups", {
          backup: { name: `contract-inc-${Date.now()}`, instance: target.id, parent_id: full.backup.id },
        })
      ).body as { backup: Backup };
      expect(inc.backup.parent_id).toBe(full.backup.id);
      await until("the incremental", async () =>
        (await troveGet<{ backup: Backup }>(demo, `/backups/${inc.backup.id}`)).body.backup.status === "COMPLETED" ? true : null,
      );
      await until("the instance to be ACTIVE", async () =>
        (await troveGet<{ instance: Instance }>(demo, `/instances/${target.id}`)).body.instance.status === "ACTIVE" ? true : null,
      );
      expect((await send(demo, "DELETE", `/backups/${full.backup.id}`)).status).toBe(202);
      await until(
        "the incremental to be gone",
        async () => ((await troveGet(demo, `/backups/${inc.backup.id}`)).status === 404 ? true : null),
        30_000,
      );
    });
  });
});
