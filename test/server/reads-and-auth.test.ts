import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  instanceCoverageSchema,
  instanceDetailSchema,
  instanceListSchema,
  recoveryOverviewSchema,
  recoveryListSchema,
  sessionSchema,
  timelineResponseSchema,
  flavorListSchema,
} from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { clearFaults, injectFault, signIn, startBackend, troveList, type Backend, type Upstream } from "./upstream";

let backend: Backend;
let dashboard: Dashboard;
let admin: Upstream;

beforeAll(async () => {
  backend = await startBackend();
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env: { UPSTREAM_TIMEOUT_MS: "1500", STATUS_POLL_MS: "300" } });
  admin = await signIn(backend.keystoneUrl, "admin");
});
afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
});

async function demo(): Promise<ApiClient> {
  const api = new ApiClient(dashboard.url);
  await api.login("demo");
  return api;
}

describe("sign-in and session", () => {
  it("refuses a wrong password with 401 and a sentence, and sets no cookie", async () => {
    const api = new ApiClient(dashboard.url);
    const answer = await api.post("/api/auth/login", { username: "demo", password: "wrong", project: "demo" });
    expect(answer.status).toBe(401);
    expect(answer.body).toEqual({ error: { code: "invalid_credentials", message: "Wrong user name, password or project" } });
    expect(api.cookie).toBe("");
  });

  it("signs in with an httpOnly SameSite cookie that does not reveal the token", async () => {
    const api = new ApiClient(dashboard.url);
    const answer = await api.post("/api/auth/login", { username: "demo", password: "demo", project: "demo" });
    expect(answer.status).toBe(200);
    const setCookie = answer.headers.get("set-cookie") ?? "";
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/SameSite=lax/i);
    const demoToken = (await signIn(backend.keystoneUrl, "demo")).token;
    expect(JSON.stringify(answer.body)).not.toContain(demoToken.slice(0, 12));
    const session = await api.get("/api/session");
    expect(session.status).toBe(200);
    const parsed = sessionSchema.parse((session.body as { session: unknown }).session);
    expect(parsed).toMatchObject({ user: { name: "demo" }, project: { name: "demo" }, canWrite: true, isAdmin: false });
  });

  it("gives the reader a session that cannot write", async () => {
    const api = new ApiClient(dashboard.url);
    await api.login("viewer", "viewer", "demo");
    const session = sessionSchema.parse(((await api.get("/api/session")).body as { session: unknown }).session);
    expect(session.canWrite).toBe(false);
  });

  it("answers 401 unauthenticated without a session, and for a forged cookie", async () => {
    const api = new ApiClient(dashboard.url);
    expect((await api.get("/api/instances")).body).toMatchObject({ error: { code: "unauthenticated" } });
    api.cookie = "tpd_session=v1.AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA";
    expect((await api.get("/api/session")).status).toBe(401);
  });

  it("logs out: the cookie is cleared and the token revoked", async () => {
    const api = await demo();
    const stolen = api.cookie;
    expect((await api.post("/api/auth/logout")).status).toBe(200);
    expect(api.cookie).toBe("");
    // The old cookie still decrypts, but Keystone revoked its token: Trove says 401.
    const replay = new ApiClient(dashboard.url);
    replay.cookie = stolen;
    expect((await replay.get("/api/instances?health=0")).status).toBe(401);
  });

  it("ends the session when Trove says the token expired", async () => {
    const api = await demo();
    await injectFault(admin, { path: "/instances**", kind: "expire-token", count: 1 });
    try {
      const answer = await api.get("/api/instances?health=0");
      expect(answer.status).toBe(401);
      expect(answer.body).toMatchObject({ error: { code: "unauthenticated" } });
      expect(answer.headers.get("set-cookie") ?? "").toMatch(/Max-Age=0|Expires=Thu, 01 Jan 1970/i);
    } finally {
      await clearFaults(admin);
    }
  });
});

describe("request defences", () => {
  it("refuses a write without Origin, with a foreign Origin, or without the custom header (403 csrf)", async () => {
    const api = await demo();
    const body = JSON.stringify({ kind: "full" });
    const noOrigin = await api.request("POST", "/api/auth/logout", {
      csrf: false,
      headers: { "X-Requested-With": "trove-pitr-dashboard" },
    });
    expect(noOrigin.status).toBe(403);
    expect(noOrigin.body).toMatchObject({ error: { code: "csrf" } });
    const foreign = await api.request("POST", "/api/instances/x/backups", {
      csrf: false,
      body,
      headers: { Origin: "https://evil.example", "X-Requested-With": "trove-pitr-dashboard" },
    });
    expect(foreign.status).toBe(403);
    const noHeader = await api.request("POST", "/api/instances/x/backups", { csrf: false, body, headers: { Origin: dashboard.url } });
    expect(noHeader.status).toBe(403);
    expect((await api.get("/api/session")).status).toBe(200);
  });

  it("answers malformed bodies with 400 and field-level messages, wrong types with 415, big bodies with 413", async () => {
    const api = new ApiClient(dashboard.url);
    const bad = await api.post("/api/auth/login", "{nope");
    expect(bad.status).toBe(400);
    const fields = await api.post("/api/auth/login", { username: "", project: 3 });
    expect(fields.status).toBe(400);
    expect((fields.body as { error: { fields: Record<string, string> } }).error.fields).toMatchObject({
      username: "User name is required",
      password: expect.any(String),
      project: expect.any(String),
    });
    const type = await api.request("POST", "/api/auth/login", {
      body: "username=demo",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
    });
    expect(type.status).toBe(415);
    const big = await api.post("/api/auth/login", { username: "demo", password: "x".repeat(20_000), project: "demo" });
    expect(big.status).toBe(413);
    // Refusals carry the security headers too; plain http on loopback gets no HSTS.
    for (const answer of [bad, fields, type, big]) {
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get("strict-transport-security")).toBeNull();
    }
  });
});

describe("reads", () => {
  it("lists the project's instances with coverage health", async () => {
    const api = await demo();
    const answer = await api.get("/api/instances");
    expect(answer.status).toBe(200);
    const list = instanceListSchema.parse(answer.body);
    expect(list.capability).toBe("pitr");
    expect(list.instances.length).toBeGreaterThan(0);
    for (const i of list.instances) expect(i.health?.level).toMatch(/ok|warning|critical|unknown/);
    const demoUp = await signIn(backend.keystoneUrl, "demo");
    const direct = await troveList<{ id: string }>(demoUp, "/instances", "instances");
    expect(list.instances.map((i) => i.id).sort()).toEqual(direct.map((i) => i.id).sort());
  });

  it("shows one instance, and 404 for an unknown or another project's instance", async () => {
    const api = await demo();
    const list = instanceListSchema.parse((await api.get("/api/instances?health=0")).body);
    const first = list.instances[0];
    expect(first).toBeDefined();
    const detail = instanceDetailSchema.parse((await api.get(`/api/instances/${first?.id}`)).body);
    expect(detail.instance.id).toBe(first?.id);
    expect((await api.get("/api/instances/00000000-0000-0000-0000-000000000000")).status).toBe(404);
    const alt = new ApiClient(dashboard.url);
    await alt.login("alt");
    expect((await alt.get(`/api/instances/${first?.id}`)).status).toBe(404);
  });

  it("answers one row's coverage alone, the timeline's own health, and 404 for another project's instance", async () => {
    const api = await demo();
    const list = instanceListSchema.parse((await api.get("/api/instances?health=0")).body);
    for (const i of list.instances) {
      const [coverage, timeline] = await Promise.all([
        api.get(`/api/instances/${i.id}/coverage`),
        api.get(`/api/instances/${i.id}/timeline`),
      ]);
      expect(coverage.status).toBe(200);
      const parsed = instanceCoverageSchema.parse(coverage.body);
      expect(parsed.instanceId).toBe(i.id);
      expect(parsed.health.level).toBe(timelineResponseSchema.parse(timeline.body).health?.level);
    }
    const alt = new ApiClient(dashboard.url);
    await alt.login("alt");
    expect((await alt.get(`/api/instances/${list.instances[0]?.id}/coverage`)).status).toBe(404);
  });

  it("sends the instances page with its rows and each row's coverage in one response, and no timelines", async () => {
    const api = await demo();
    const list = instanceListSchema.parse((await api.get("/api/instances?health=0")).body);
    const page = await fetch(`${dashboard.url}/project/instances`, { headers: { Cookie: api.cookie } });
    expect(page.status).toBe(200);
    // The flight data in the page escapes its quotes; unescaped, it holds every row's coverage summary.
    const html = (await page.text()).replaceAll('\\"', '"');
    for (const i of list.instances) {
      expect(html).toContain(i.name);
      const coverage = instanceCoverageSchema.parse((await api.get(`/api/instances/${i.id}/coverage`)).body);
      expect(html).toContain(`"instanceId":"${i.id}"`);
      expect(html).toContain(`"level":"${coverage.health.level}"`);
    }
    expect(html).not.toContain('"consistentLsn"');
  });

  it("sends the instances page whole when Trove answers in time, and its frame with a loading state first when Trove is slow", async () => {
    const api = await demo();
    const get = async () => {
      const started = performance.now();
      const res = await fetch(`${dashboard.url}/project/instances`, { headers: { Cookie: api.cookie } });
      const reader = res.body!.getReader();
      const first = await reader.read();
      const firstChunkMs = performance.now() - started;
      let html = new TextDecoder().decode(first.value);
      for (let next = await reader.read(); !next.done; next = await reader.read()) html += new TextDecoder().decode(next.value);
      return { html, firstChunkMs, totalMs: performance.now() - started };
    };
    await get(); // the coverage analyses are made once; kept, the next page is answered in time
    const whole = await get();
    // No pending boundary (React's <template id="B:…">), no row still "checking": rows and coverage are in the markup.
    expect(whole.html).not.toContain('<template id="B:');
    expect(whole.html).not.toContain(">Checking…</span>");
    expect(whole.html).toMatch(/aria-label="Instances"/);

    // Under the dashboard's upstream timeout here (1.5 s), so the list is answered once, late.
    await injectFault(admin, { path: "/instances/detail", method: "GET", kind: "latency", ms: 1000, count: 1 });
    try {
      const slow = await get();
      // The frame left long before Trove's answer, with its loading state; the rows followed in the same response.
      expect(slow.totalMs).toBeGreaterThanOrEqual(1000);
      expect(slow.firstChunkMs).toBeLessThan(800);
      expect(slow.html).toContain('<template id="B:');
      expect(slow.html).toContain('role="status"');
      const list = instanceListSchema.parse((await api.get("/api/instances?health=0")).body);
      for (const i of list.instances) expect(slow.html).toContain(i.name);
    } finally {
      await clearFaults(admin);
    }
  });

  it("sends the instances page and the recovery screen without zod: the contract loads with the browser's first read", async () => {
    const api = await demo();
    const list = instanceListSchema.parse((await api.get("/api/instances?health=0")).body);
    const id = list.instances.find((i) => i.name === "orders-db")?.id;
    expect(id).toBeDefined();
    for (const path of ["/project/instances", `/project/instances/${id}`]) {
      const html = await (await fetch(`${dashboard.url}${path}`, { headers: { Cookie: api.cookie } })).text();
      // Script tags and the chunks the flight data names for its client components alike.
      const chunks = new Set([...html.matchAll(/\/_next\/static\/chunks\/[\w.-]+\.js/g)].map((m) => m[0]));
      expect(chunks.size, path).toBeGreaterThan(3);
      for (const chunk of chunks) {
        const js = await (await fetch(`${dashboard.url}${chunk}`)).text();
        expect(js.includes("ZodError"), `${path} loads zod with ${chunk}`).toBe(false);
      }
    }
  });

  it("builds the timeline from every page of backups (more than one page upstream)", async () => {
    const api = await demo();
    const demoUp = await signIn(backend.keystoneUrl, "demo");
    const list = instanceListSchema.parse((await api.get("/api/instances?health=0")).body);
    let checked = 0;
    for (const instance of list.instances) {
      const direct = await troveList<{ id: string }>(demoUp, `/instances/${instance.id}/backups`, "backups");
      const timeline = timelineResponseSchema.parse((await api.get(`/api/instances/${instance.id}/timeline`)).body);
      expect(timeline.bases.map((b) => b.backupId).sort()).toEqual(direct.map((b) => b.id).sort());
      if (direct.length > 20) checked++;
    }
    expect(checked).toBeGreaterThan(0);
  });

  it("lists flavors and recoveries", async () => {
    const api = await demo();
    const flavors = flavorListSchema.parse((await api.get("/api/flavors")).body);
    expect(flavors.flavors.length).toBeGreaterThan(0);
    expect(recoveryListSchema.parse((await api.get("/api/recoveries")).body).capability).toBe("pitr");
    expect((await api.get("/api/recoveries?all_projects=true")).status).toBe(403);
  });

  it("names projects and users from Keystone, and keeps the ids (names null) while Keystone fails", async () => {
    const api = new ApiClient(dashboard.url);
    await api.login("admin");
    await injectFault(admin, { path: "/v3/{projects,projects/*,users/*}", kind: "status", status: 503 });
    try {
      const down = recoveryOverviewSchema.parse((await api.get("/api/admin/recovery-overview")).body);
      expect(down.rows.length).toBeGreaterThan(0);
      expect(down.rows.every((r) => r.projectName === null && r.projectId !== "")).toBe(true);
      expect(down.recoveries.every((r) => r.userName === null)).toBe(true);
    } finally {
      await clearFaults(admin);
    }
    // A failure is not kept: the next read has the names.
    const overview = recoveryOverviewSchema.parse((await api.get("/api/admin/recovery-overview")).body);
    expect(new Set(overview.rows.map((r) => r.projectName))).toEqual(new Set(["admin", "alt", "demo"]));
    const events = overview.rows.find((r) => r.instanceName === "events-pg")!;
    const recovery = overview.recoveries.find((r) => r.instanceId === events.instanceId)!;
    expect(recovery).toMatchObject({ userName: "demo", projectName: "demo" });
    // A member reads only their own name and project (Keystone's policy), with their own token.
    const member = await demo();
    const own = recoveryListSchema.parse((await member.get("/api/recoveries")).body).recoveries;
    expect(own.find((r) => r.instanceId === events.instanceId)).toMatchObject({ userName: "demo", projectName: "demo" });
  });

  it("gives the admin the fleet overview of every project and refuses it to others", async () => {
    const api = new ApiClient(dashboard.url);
    await api.login("admin");
    const answer = await api.get("/api/admin/recovery-overview");
    expect(answer.status).toBe(200);
    const overview = recoveryOverviewSchema.parse(answer.body);
    const projects = new Set(overview.rows.map((r) => r.projectId));
    expect(projects.size).toBeGreaterThanOrEqual(2);
    expect(overview.upstreamCalls).toBeGreaterThanOrEqual(3);
    expect(overview.rows.every((r) => r.error === null)).toBe(true);
    expect((await (await demo()).get("/api/admin/recovery-overview")).status).toBe(403);
    // The screen's earlier addresses still lead there, for runbooks written against them.
    for (const [old, now] of <const>[
      ["/api/admin/overview", "/api/admin/recovery-overview"],
      ["/admin/recovery", "/admin/recovery-overview"],
    ]) {
      const moved = await api.request("GET", old);
      expect(moved.status, old).toBe(308);
      expect(new URL(moved.headers.get("location") ?? "", dashboard.url).pathname).toBe(now);
    }
  });
});

describe("upstream trouble", () => {
  it("answers a persistent 5xx with a retryable 502, after retrying the read", async () => {
    const api = await demo();
    await injectFault(admin, { path: "/instances{,/detail}", method: "GET", kind: "status", status: 503, count: 50 });
    try {
      const answer = await api.get("/api/instances?health=0");
      expect(answer.status).toBe(502);
      expect(answer.body).toMatchObject({ error: { code: "upstream_unavailable", retryable: true } });
    } finally {
      await clearFaults(admin);
    }
  });

  it("recovers from a single 5xx by retrying the read", async () => {
    const api = await demo();
    await injectFault(admin, { path: "/flavors", method: "GET", kind: "status", status: 500, count: 1 });
    try {
      expect((await api.get("/api/flavors")).status).toBe(200);
    } finally {
      await clearFaults(admin);
    }
  });

  it("answers a slow backend with 504 and malformed JSON with 502 'unexpected'", async () => {
    const api = await demo();
    await injectFault(admin, { path: "/flavors", kind: "latency", ms: 2500, count: 10 });
    try {
      const slow = await api.get("/api/flavors");
      expect(slow.status).toBe(504);
      expect(slow.body).toMatchObject({ error: { code: "upstream_timeout", retryable: true } });
    } finally {
      await clearFaults(admin);
    }
    await injectFault(admin, { path: "/flavors", kind: "malformed", count: 10 });
    try {
      const garbage = await api.get("/api/flavors");
      expect(garbage.status).toBe(502);
      expect(garbage.body).toMatchObject({
        error: { code: "upstream_unexpected", message: expect.stringContaining("answered something unexpected") },
      });
    } finally {
      await clearFaults(admin);
    }
  });

  it("never logs a token", async () => {
    const tokens = await Promise.all(["demo", "admin"].map(async (u) => (await signIn(backend.keystoneUrl, u)).token));
    expect(tokens.every((t) => t.length > 8)).toBe(true);
    // Tokens are per sign-in, so also check the shape: Keystone's fernet tokens start with gAAAA.
    expect(dashboard.logs()).not.toMatch(/gAAAA[\w-]{20}/);
    for (const t of tokens) expect(dashboard.logs()).not.toContain(t);
  });
});
