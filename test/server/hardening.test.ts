/**
 * What a hostile user or a careless deployment could try, against the built dashboard (`next start`) and the
 * embedded backend, deployed as behind TLS (COOKIE_SECURE=true): security headers, the session cookie's one name, sign-in throttling,
 * the overview's refresh guard, and status streams ending with their session.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceListSchema } from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { startBackend, type Backend } from "./upstream";

let backend: Backend;
let dashboard: Dashboard;

beforeAll(async () => {
  // Backups take long enough for a status stream to stay open while the test signs out.
  backend = await startBackend({ env: { EMBEDDED_BACKUP_SECONDS: "120" } });
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env: { COOKIE_SECURE: "true", STATUS_POLL_MS: "300" } });
});
afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
});

async function signedIn(user = "demo"): Promise<ApiClient> {
  const api = new ApiClient(dashboard.url);
  await api.login(user);
  return api;
}

describe("security headers", () => {
  it("gives pages a nonce-based CSP that their scripts carry, no framing, and HSTS when Secure", async () => {
    const pages = await Promise.all([fetch(`${dashboard.url}/login`), fetch(`${dashboard.url}/login`)]);
    const nonces: string[] = [];
    for (const page of pages) {
      const csp = page.headers.get("content-security-policy") ?? "";
      const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
      expect(nonce).not.toBe("");
      nonces.push(nonce);
      expect(csp).toContain("frame-ancestors 'none'");
      expect(csp).toContain("object-src 'none'");
      expect(csp).toContain("upgrade-insecure-requests");
      expect(csp).not.toMatch(/script-src[^;]*'unsafe-inline'/);
      expect(page.headers.get("referrer-policy")).toBe("same-origin");
      expect(page.headers.get("x-content-type-options")).toBe("nosniff");
      expect(page.headers.get("strict-transport-security")).toMatch(/max-age=\d+/);
      const html = await page.text();
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0]);
      expect(scripts.length).toBeGreaterThan(0);
      for (const tag of scripts) expect(tag).toContain(`nonce="${nonce}"`);
    }
    expect(nonces[0]).not.toBe(nonces[1]);
  });

  it("answers an unknown page with the dashboard's own 404 page, its nonce CSP, and the app icon", async () => {
    const page = await fetch(`${dashboard.url}/no-such-page`);
    expect(page.status).toBe(404);
    expect(page.headers.get("content-security-policy")).toMatch(/script-src[^;]*'nonce-/);
    const html = await page.text();
    expect(html).toContain("Nothing here");
    // In the page itself: an icon file would be one more request after every page load.
    const icon = /<link rel="icon" href="data:image\/svg\+xml,([^"]+)"/.exec(html)?.[1];
    expect(decodeURIComponent(icon ?? "")).toContain("<svg");
  });

  it("reads query parameters through their schemas: a bad one is a 400 naming it", async () => {
    const api = await signedIn();
    for (const [path, field] of [
      ["/api/instances?health=maybe", "health"],
      ["/api/recoveries?all_projects=yes", "all_projects"],
      ["/api/recoveries?instance_id=..%2Fbackups", "instance_id"],
      ["/api/audit?limit=0", "limit"],
    ] as const) {
      const answer = await api.get(path);
      expect(answer.status, path).toBe(400);
      expect(answer.body, path).toMatchObject({ error: { code: "invalid_request", fields: { [field]: expect.any(String) } } });
    }
    expect((await api.get("/api/instances?health=0")).status).toBe(200);
  });

  it("gives API answers, errors included, a CSP that loads nothing", async () => {
    const unknown = await fetch(`${dashboard.url}/api/no-such-route`);
    expect(unknown.status).toBe(404);
    expect(((await unknown.clone().json()) as { error: { code: string } }).error.code).toBe("not_found");
    for (const answer of [await fetch(`${dashboard.url}/api/session`), await fetch(`${dashboard.url}/api/instances`), unknown]) {
      expect(answer.headers.get("content-security-policy")).toBe("default-src 'none'; frame-ancestors 'none'");
      expect(answer.headers.get("x-content-type-options")).toBe("nosniff");
      expect(answer.headers.get("strict-transport-security")).toMatch(/max-age=/);
    }
  });
});

describe("the session cookie", () => {
  it("is only read under the name the deployment writes: a planted plain tpd_session is ignored", async () => {
    const api = await signedIn();
    expect(api.cookie).toMatch(/^__Host-tpd_session=/);
    expect((await api.get("/api/session")).status).toBe(200);
    // A valid session (the planter's own), set under the plain name from http or a sibling host.
    const planted = new ApiClient(dashboard.url);
    planted.cookie = api.cookie.replace(/^__Host-tpd_session=/, "tpd_session=");
    expect((await planted.get("/api/session")).status).toBe(401);
  });
});

describe("sign-in throttling", () => {
  const wrong = (api: ApiClient, username: string, headers?: Record<string, string>) =>
    api.post("/api/auth/login", { username, password: "wrong", project: username }, headers);

  it("locks a user name after repeated failures with 429 and Retry-After, even for the right password, and not other users", async () => {
    const api = new ApiClient(dashboard.url);
    for (let i = 0; i < 5; i++) expect((await wrong(api, "alt")).status).toBe(401);
    const locked = await api.post("/api/auth/login", { username: "alt", password: "alt", project: "alt" });
    expect(locked.status).toBe(429);
    expect(Number(locked.headers.get("retry-after"))).toBeGreaterThan(0);
    expect(locked.body).toMatchObject({
      error: { code: "too_many_sign_in_attempts", message: expect.stringMatching(/Too many failed sign-ins\. Wait \d+ s/) },
    });
    await signedIn("demo");
  });

  it("locks a client address trying many user names", async () => {
    const api = new ApiClient(dashboard.url);
    const from = (address: string) => ({ "X-Forwarded-For": address });
    for (let i = 0; i < 20; i++) expect((await wrong(api, `guess-${i}`, from("203.0.113.9"))).status).toBe(401);
    const locked = await api.post("/api/auth/login", { username: "viewer", password: "viewer", project: "demo" }, from("203.0.113.9"));
    expect(locked.status).toBe(429);
    expect(locked.headers.get("retry-after")).toMatch(/^\d+$/);
    expect(
      (await api.post("/api/auth/login", { username: "viewer", password: "viewer", project: "demo" }, from("203.0.113.10"))).status,
    ).toBe(200);
  });
});

describe("the fleet overview's refresh", () => {
  it("needs the CSRF header, which a cross-site navigation cannot send", async () => {
    const admin = await signedIn("admin");
    const navigated = await admin.get("/api/admin/recovery-overview?refresh=1");
    expect(navigated.status).toBe(403);
    expect(navigated.body).toMatchObject({ error: { code: "csrf" } });
    expect(
      (await admin.request("GET", "/api/admin/recovery-overview?refresh=1", { headers: { "X-Requested-With": "trove-pitr-dashboard" } }))
        .status,
    ).toBe(200);
    expect((await admin.get("/api/admin/recovery-overview")).status).toBe(200);
  });
});

describe("status streams and sign-out", () => {
  it("ends the session's open status streams when it signs out", async () => {
    const api = await signedIn();
    const list = instanceListSchema.parse((await api.get("/api/instances?health=0")).body);
    const target = list.instances.find((i) => i.name === "orders-db");
    expect(target).toBeDefined();
    expect((await api.post(`/api/instances/${target?.id}/backups`, { kind: "full" })).status).toBe(202);
    const res = await fetch(`${dashboard.url}/api/instances/${target?.id}/status?stream=1`, {
      headers: { Cookie: api.cookie },
      signal: AbortSignal.timeout(20_000),
    });
    expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    let text = "";
    while (!text.includes("event: status")) text += decoder.decode((await reader.read()).value);
    expect(text).toContain('"status":"BACKUP"');
    const started = Date.now();
    expect((await api.post("/api/auth/logout")).status).toBe(200);
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      text += decoder.decode(value);
    }
    expect(Date.now() - started).toBeLessThan(5000);
    expect(text).toMatch(/event: error\ndata: \{"error":\{"code":"unauthenticated"/);
  });
});
