import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthError, ForbiddenError, NotFoundError, UpstreamError } from "@/lib/domain/errors";
import { CapabilityCache } from "./capabilities";
import { TroveClient } from "./client";

// A real loopback HTTP server playing Trove: each test installs the route answers it needs.
interface Seen {
  method: string;
  url: string;
  headers: IncomingMessage["headers"];
  body: string;
}
type Route = (req: Seen, res: ServerResponse) => void;

let server: Server;
let base: string;
let routes: Map<string, Route>;
let seen: Seen[];

function sample(name: string): unknown {
  return (JSON.parse(readFileSync(path.join(import.meta.dirname, "fixtures", `${name}.json`), "utf8")) as { response: unknown }).response;
}
function send(res: ServerResponse, status: number, body: unknown, type = "application/json"): void {
  res.writeHead(status, { "Content-Type": type });
  res.end(typeof body === "string" ? body : JSON.stringify(body));
}
function client(overrides: Partial<ConstructorParameters<typeof TroveClient>[0]> = {}): TroveClient {
  return new TroveClient({
    endpoint: `${base}/v1.0/p`,
    token: "tok-123",
    timeoutMs: 300,
    backoffMs: 5,
    ...overrides,
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      const s: Seen = { method: req.method ?? "", url: req.url ?? "", headers: req.headers, body };
      seen.push(s);
      const pathOnly = (req.url ?? "").split("?")[0]?.replace(/^\/v1\.0\/[^/]+/, "") ?? "";
      const route = routes.get(`${req.method} ${pathOnly}`);
      if (route) route(s, res);
      else send(res, 404, { itemNotFound: { code: 404, message: "The resource could not be found." } });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  routes = new Map();
  seen = [];
});

function backup(i: number) {
  return {
    id: `b${i}`,
    name: `b${i}`,
    instance_id: "i1",
    created: "2026-11-20T10:00:00",
    updated: "2026-11-20T10:05:00",
    status: "COMPLETED",
    parent_id: null,
    size: 1,
    extra_field: { tolerated: true },
  };
}

describe("pagination", () => {
  it("follows next links to the last page, asking our own endpoint with the link's marker, limit and filters", async () => {
    routes.set("GET /instances/i1/backups", (req, res) => {
      const q = new URL(req.url, base).searchParams;
      const offset = Number(q.get("marker") ?? 0);
      const items = [0, 1].map((k) => backup(offset + k)).filter((b) => Number(b.id.slice(1)) < 5);
      const more = offset + 2 < 5;
      send(res, 200, {
        backups: items,
        links: more
          ? [{ rel: "next", href: `https://trove.example.org:8779/v1.0/p/instances/i1/backups?limit=2&marker=${offset + 2}&keep=yes` }]
          : null,
      });
    });
    const backups = await client().listInstanceBackups("i1");
    expect(backups.map((b) => b.id)).toEqual(["b0", "b1", "b2", "b3", "b4"]);
    // Pages asked ahead (offset markers) past the end come back empty and are not used.
    await new Promise((resolve) => setTimeout(resolve, 50));
    const asked = seen.map((s) => new URL(s.url, base).search);
    expect(asked.slice(0, 3)).toEqual(["?limit=1000", "?limit=2&marker=2&keep=yes", "?limit=2&marker=4&keep=yes"]);
    expect(asked.slice(3).every((q) => Number(new URLSearchParams(q).get("marker")) >= 6)).toBe(true);
    expect(backups[0]).toMatchObject({ created: "2026-11-20T10:00:00Z", updated: "2026-11-20T10:05:00Z", parentId: null });
  });

  it("asks pages at once when their markers are offsets, and keeps their order", async () => {
    let inFlight = 0;
    let most = 0;
    routes.set("GET /instances/i1/backups", (req, res) => {
      const q = new URL(req.url, base).searchParams;
      const offset = Number(q.get("marker") ?? 0);
      const items = [0, 1].map((k) => backup(offset + k)).filter((b) => Number(b.id.slice(1)) < 13);
      const more = offset + 2 < 13;
      inFlight++;
      most = Math.max(most, inFlight);
      setTimeout(() => {
        inFlight--;
        send(res, 200, {
          backups: items,
          links: more ? [{ rel: "next", href: `https://x/v1.0/p/instances/i1/backups?limit=2&marker=${offset + 2}` }] : null,
        });
      }, 20);
    });
    const backups = client().instanceBackupPages("i1", { firstPageLimit: 2, pageLimit: 2 });
    const ids: string[] = [];
    for await (const page of backups) ids.push(...page.map((b) => b.id));
    expect(ids).toEqual(Array.from({ length: 13 }, (_, i) => `b${i}`));
    expect(most).toBeGreaterThan(1);
    await new Promise((resolve) => setTimeout(resolve, 60));
  });

  it("asks one page at a time when the marker is an id", async () => {
    routes.set("GET /instances/i1/backups", (req, res) => {
      const q = new URL(req.url, base).searchParams;
      const offset = q.get("marker") ? Number(q.get("marker")!.slice(1)) + 1 : 0;
      const items = [0, 1].map((k) => backup(offset + k)).filter((b) => Number(b.id.slice(1)) < 7);
      const more = offset + 2 < 7;
      send(res, 200, {
        backups: items,
        links: more ? [{ rel: "next", href: `https://x/v1.0/p/instances/i1/backups?limit=2&marker=${items.at(-1)!.id}` }] : null,
      });
    });
    const backups = await client().listInstanceBackups("i1");
    expect(backups.map((b) => b.id)).toEqual(["b0", "b1", "b2", "b3", "b4", "b5", "b6"]);
    expect(seen).toHaveLength(4);
  });

  it("stops a page loop instead of spinning forever", async () => {
    routes.set("GET /backups", (_req, res) =>
      send(res, 200, { backups: [backup(0)], links: [{ rel: "next", href: "https://x/backups?marker=1" }] }),
    );
    await expect(client().listBackups()).rejects.toMatchObject({ kind: "unexpected" });
    expect(seen.length).toBe(2);
  });

  /** A list that never ends: every page links to a new marker. */
  function endlessBackups(delayMs = 0): void {
    routes.set("GET /backups", (req, res) => {
      const marker = Number(new URL(req.url, base).searchParams.get("marker") ?? 0);
      setTimeout(
        () => send(res, 200, { backups: [backup(marker)], links: [{ rel: "next", href: `https://x/backups?marker=${marker + 1}` }] }),
        delayMs,
      );
    });
  }

  it("stops a list that never ends after a number of pages, naming Trove", async () => {
    endlessBackups();
    await expect(client({ maxPages: 7 }).listBackups()).rejects.toMatchObject({
      kind: "unexpected",
      message: expect.stringMatching(/Trove.*7 pages/),
    });
    expect(seen.length).toBe(7);
  });

  it("stops a list that takes longer than its overall deadline, naming Trove", async () => {
    endlessBackups(30);
    const started = performance.now();
    await expect(client({ listDeadlineMs: 200 }).listBackups()).rejects.toMatchObject({
      kind: "timeout",
      message: expect.stringContaining("Trove"),
    });
    // Pages with offset markers are asked 4 at a time: the deadline bounds the time, and so the calls.
    expect(performance.now() - started).toBeLessThan(600);
    expect(seen.length).toBeLessThan(15 * 4);
    await new Promise((resolve) => setTimeout(resolve, 60));
  });
});

describe("answer size", () => {
  const big = { backups: Array.from({ length: 2000 }, (_, i) => backup(i)), links: null };

  it("refuses an answer larger than the limit, declared by Content-Length", async () => {
    routes.set("GET /backups", (_req, res) => send(res, 200, big));
    await expect(client({ maxBodyBytes: 64 * 1024 }).listBackups()).rejects.toMatchObject({
      kind: "unexpected",
      message: expect.stringMatching(/Trove.*larger than 64 KiB/),
    });
    expect(seen.length).toBe(1);
  });

  it("stops reading a streamed answer once it passes the limit", async () => {
    routes.set("GET /backups", (_req, res) => {
      res.writeHead(200, { "Content-Type": "application/json" });
      const text = JSON.stringify(big);
      for (let i = 0; i < text.length; i += 8192) res.write(text.slice(i, i + 8192));
      res.end();
    });
    await expect(client({ maxBodyBytes: 64 * 1024 }).listBackups()).rejects.toMatchObject({
      kind: "unexpected",
      message: expect.stringContaining("larger than"),
    });
  });

  it("reads an answer within the limit", async () => {
    routes.set("GET /backups", (_req, res) => send(res, 200, big));
    expect(await client().listBackups()).toHaveLength(2000);
  });
});

describe("requests", () => {
  it("sends the token and JSON headers", async () => {
    routes.set("POST /backups", (_req, res) => send(res, 202, { backup: { ...backup(9), status: "NEW" } }));
    await client().createBackup({ name: "n", instanceId: "i1", incremental: true });
    const req = seen[0] as Seen;
    expect(req.headers["x-auth-token"]).toBe("tok-123");
    expect(req.headers.accept).toBe("application/json");
    expect(req.headers["content-type"]).toBe("application/json");
    expect(JSON.parse(req.body)).toEqual({ backup: { name: "n", instance: "i1", incremental: 1 } });
  });

  it("retries a GET after 5xx and succeeds", async () => {
    let n = 0;
    routes.set("GET /instances/i1", (_req, res) =>
      n++ < 2 ? send(res, 503, "<html>busy</html>", "text/html") : send(res, 200, sample("instance-show")),
    );
    const instance = await client().getInstance("i1");
    expect(instance).toMatchObject({
      name: "smoke-db",
      status: "ACTIVE",
      tone: "ok",
      flavorId: "1",
      volumeSize: 1,
      created: "2026-11-23T23:39:55Z",
    });
    expect(seen.length).toBe(3);
  });

  it("gives up on a GET after the retries, as a retryable 502", async () => {
    routes.set("GET /instances/detail", (_req, res) => send(res, 500, { instanceFault: { code: 500, message: "boom" } }));
    const error = await client()
      .listInstances()
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UpstreamError);
    expect(error).toMatchObject({ status: 502, kind: "server-error", extra: { retryable: true } });
    expect(seen.length).toBe(3);
  });

  it("never retries a POST", async () => {
    routes.set("POST /instances", (_req, res) => send(res, 500, {}));
    const spec = {
      name: "r",
      flavorRef: "1",
      volumeSize: 1,
      datastore: { type: "mysql", version: "5.7.29" },
      backupRef: "b1",
      pointInTime: null,
    };
    await expect(client().restoreNew(spec)).rejects.toMatchObject({ kind: "server-error" });
    expect(seen.length).toBe(1);
  });

  it("times out a slow GET (retried) and a slow POST (not retried, outcome unknown)", async () => {
    routes.set("GET /flavors", (_req, res) => setTimeout(() => send(res, 200, { flavors: [] }), 1000));
    routes.set("POST /recovery", (_req, res) => setTimeout(() => send(res, 202, {}), 1000));
    await expect(client({ timeoutMs: 100 }).listFlavors()).rejects.toMatchObject({ kind: "timeout", status: 504, outcomeUnknown: false });
    expect(seen.filter((s) => s.method === "GET").length).toBe(3);
    const error = await client({ timeoutMs: 100 })
      .recoverInPlace({ instanceId: "i1", backupId: "b1", pointInTime: "2026-11-20T10:00:00Z" })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ kind: "timeout", outcomeUnknown: true, extra: { retryable: false } });
    expect(seen.filter((s) => s.method === "POST").length).toBe(1);
  });

  it("waits for a preview past the usual limit: its scratch restore takes longer than a read", async () => {
    routes.set("POST /instances/i1/previews", (_req, res) =>
      setTimeout(() => send(res, 200, { preview: { columns: ["n"], rows: [["1"]], truncated: false, row_limit: 100 } }), 400),
    );
    const answer = await client({ timeoutMs: 100 }).preview({
      instanceId: "i1",
      backupId: "b1",
      pointInTime: "2026-11-20T10:00:00Z",
      lsn: null,
      query: "SELECT 1 AS n",
      database: "postgres",
    });
    expect(answer.rows).toEqual([["1"]]);
  });

  it("reports malformed JSON and wrong shapes as 'answered something unexpected', not retried", async () => {
    routes.set("GET /instances/detail", (_req, res) => send(res, 200, '{"instances": [{"id": "x",'));
    await expect(client().listInstances()).rejects.toMatchObject({
      kind: "unexpected",
      message: expect.stringContaining("answered something unexpected"),
    });
    routes.set("GET /instances/detail", (_req, res) => send(res, 200, { instances: [{ id: 5 }] }));
    await expect(client().listInstances()).rejects.toMatchObject({ kind: "unexpected", message: expect.stringContaining("instances.0") });
    expect(seen.length).toBe(2);
  });

  it("maps 401, 403 (HTML), 404 and 422 to the app's errors with Trove's own sentence", async () => {
    routes.set("GET /mgmt/instances", (_req, res) => send(res, 401, sample("error-mgmt-as-member")));
    await expect(client().listAllProjectInstances()).rejects.toBeInstanceOf(AuthError);
    routes.set("GET /instances/i2", (_req, res) => send(res, 403, "<html><body>403 Forbidden</body></html>", "text/html"));
    await expect(client().getInstance("i2")).rejects.toBeInstanceOf(ForbiddenError);
    await expect(client().getInstance("nope")).rejects.toBeInstanceOf(NotFoundError);
    routes.set("POST /backups", (_req, res) => send(res, 422, sample("error-backup-while-backup-running")));
    await expect(client().createBackup({ name: "n", instanceId: "i1", incremental: false })).rejects.toMatchObject({
      status: 422,
      code: "upstream_rejected",
      message: expect.stringContaining("instance status was BACKUP"),
    });
  });

  it("lists instances from /instances/detail, or /instances where detail is missing", async () => {
    const listed = (sample("admin-mgmt-instances") as { instances: unknown[] }).instances;
    routes.set("GET /instances", (_req, res) => send(res, 200, { instances: listed }));
    expect((await client().listInstances()).length).toBe(listed.length);
    expect(seen.map((s) => s.url.replace(/^\/v1\.0\/[^/]+/, ""))).toEqual(["/instances/detail", "/instances"]);
  });

  it("says the service is not reachable when nothing listens", async () => {
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, "127.0.0.1", resolve));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    const c = new TroveClient({ endpoint: `http://127.0.0.1:${port}/v1.0/p`, token: "t", timeoutMs: 300, backoffMs: 1 });
    await expect(c.listInstances()).rejects.toMatchObject({ kind: "unavailable", status: 502 });
    // A write that never connected cannot have happened: safe to retry.
    await expect(c.createBackup({ name: "n", instanceId: "i", incremental: false })).rejects.toMatchObject({
      kind: "unavailable",
      outcomeUnknown: false,
    });
  });
});

describe("capability discovery", () => {
  it("is stock on 404 (Trove 18) and cached per endpoint", async () => {
    const c = client();
    expect(await c.capability()).toBe("stock");
    expect(await c.capability()).toBe("stock");
    expect(seen.length).toBe(1);
  });

  it("is asked again once the kept answer is older than its TTL on the clock it is given, by every client sharing the cache", async () => {
    const capabilities = new CapabilityCache(60_000);
    const t0 = Date.parse("2026-11-20T10:00:00Z");
    expect(await client({ capabilities }).capability(t0)).toBe("stock");
    expect(await client({ capabilities }).capability(t0 + 59_999)).toBe("stock");
    expect(seen.length).toBe(1);
    routes.set("GET /extensions", (_req, res) => send(res, 200, { extensions: [{ alias: "PITR", name: "Point in time recovery" }] }));
    expect(await client({ capabilities }).capability(t0 + 60_000)).toBe("pitr");
    expect(seen.length).toBe(2);
    // Another endpoint is its own entry.
    expect(await client({ capabilities, endpoint: `${base}/v1.0/q` }).capability(t0 + 60_000)).toBe("pitr");
    expect(seen.length).toBe(3);
  });

  it("is pitr when the PITR alias is listed", async () => {
    routes.set("GET /extensions", (_req, res) => send(res, 200, { extensions: [{ alias: "PITR", name: "Point in time recovery" }] }));
    expect(await client().capability()).toBe("pitr");
  });

  it("does not cache a failure", async () => {
    routes.set("GET /extensions", (_req, res) => send(res, 500, {}));
    const c = client();
    await expect(c.capability()).rejects.toBeInstanceOf(UpstreamError);
    routes.set("GET /extensions", (_req, res) => send(res, 200, { extensions: [] }));
    expect(await c.capability()).toBe("stock");
  });
});

describe("restore bodies", () => {
  it("stock: a base backup larger than the volume is Trove's 403 BackupTooLarge, worded as a refusal, not an access problem", async () => {
    // Recorded on the real Trove 18 (../shared/real-trove): restoring a 3.41 GB backup onto 1 GB.
    routes.set("POST /instances", (_req, res) =>
      send(res, 403, {
        forbidden: { code: 403, message: "Backup is too large for given flavor or volume. Backup size: 3.41 GBs. Available size: 1 GBs." },
      }),
    );
    const spec = {
      name: "r",
      flavorRef: "2",
      volumeSize: 1,
      datastore: { type: "mysql", version: "5.7.29" },
      backupRef: "b1",
      pointInTime: null,
    };
    const error = await client()
      .restoreNew(spec)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ForbiddenError);
    expect((error as Error).message).toBe(
      "The database service refused the request: Backup is too large for given flavor or volume. Backup size: 3.41 GBs. Available size: 1 GBs.",
    );
  });

  it("reads one backup with its size in GB (null while it runs)", async () => {
    const raw = (sample("backups") as { backups: Record<string, unknown>[] }).backups[0]!;
    routes.set("GET /backups/b1", (_req, res) => send(res, 200, { backup: { ...raw, id: "b1", size: 3.41 } }));
    routes.set("GET /backups/b2", (_req, res) => send(res, 200, { backup: { ...raw, id: "b2", size: null, status: "NEW" } }));
    expect(await client().getBackup("b1")).toMatchObject({ id: "b1", sizeGb: 3.41 });
    expect(await client().getBackup("b2")).toMatchObject({ id: "b2", sizeGb: null });
  });

  it("stock: backupRef + datastore + flavorRef + volume, and no point_in_time", async () => {
    routes.set("POST /instances", (_req, res) => send(res, 200, sample("instance-show")));
    await client().restoreNew({
      name: "r",
      flavorRef: "1",
      volumeSize: 2,
      datastore: { type: "mysql", version: "5.7.29" },
      backupRef: "b1",
      pointInTime: null,
    });
    expect(JSON.parse((seen[0] as Seen).body)).toEqual({
      instance: {
        name: "r",
        flavorRef: "1",
        volume: { size: 2 },
        datastore: { type: "mysql", version: "5.7.29" },
        restorePoint: { backupRef: "b1" },
      },
    });
  });

  it("pitr: the point goes inside restorePoint", async () => {
    routes.set("POST /instances", (_req, res) => send(res, 200, sample("instance-show")));
    await client().restoreNew({
      name: "r",
      flavorRef: "1",
      volumeSize: null,
      datastore: { type: "mysql", version: "8.0" },
      backupRef: "b1",
      pointInTime: "2026-11-20T10:03:17Z",
    });
    expect(JSON.parse((seen[0] as Seen).body).instance.restorePoint).toEqual({ backupRef: "b1", point_in_time: "2026-11-20T10:03:17Z" });
  });
});

describe("recorded real lists", () => {
  it("reads flavors with numeric ids, mgmt instances with tenant_id, and all-project backups", async () => {
    routes.set("GET /flavors", (_req, res) => send(res, 200, sample("flavors")));
    routes.set("GET /mgmt/instances", (_req, res) => send(res, 200, sample("admin-mgmt-instances")));
    routes.set("GET /backups", (_req, res) => send(res, 200, sample("admin-backups-all-projects")));
    const c = client();
    const flavors = await c.listFlavors();
    expect(flavors[0]).toEqual({ id: "1", name: "m1.tiny", ram: 512, vcpus: 10 });
    const instances = await c.listAllProjectInstances();
    expect(instances[0]?.projectId).toBe("demo");
    const backups = await c.listBackups({ allProjects: true });
    expect(backups.length).toBeGreaterThan(0);
    expect(seen.at(-1)?.url).toContain("all_projects=true");
  });
});
