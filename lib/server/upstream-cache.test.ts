import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { AuthError, NotFoundError, PointRefusedError } from "@/lib/domain/errors";
import { formatUtc } from "@/lib/recovery";
import { TroveClient } from "@/lib/trove/client";
import { restore } from "./services/restores";
import { coverageOfListed, getTimeline } from "./services/timeline";
import { serverState } from "./state";
import { FULL_REREAD_MS, UpstreamCache } from "./upstream-cache";

/**
 * A stock Trove with two projects, each holding an instance "i1" of its own, backups listed newest
 * first with offset markers (as Trove 18 does), and a record of every call.
 */
interface FakeBackup {
  id: string;
  status: string;
  created: number;
  parent: string | null;
}
interface Project {
  token: string;
  backups: FakeBackup[];
}

let server: Server;
let base: string;
let projects: Record<string, Project>;
let calls: { project: string; path: string; query: string; method: string }[];

const T0 = Date.parse("2026-11-01T00:00:00Z");
const HOUR = 3_600_000;
const trove = (t: number) => new Date(t).toISOString().slice(0, 19);

function world(): Record<string, Project> {
  // 30 backups a project: a full every 6 h, incrementals between; p2's are an hour later and named apart.
  const make = (prefix: string, shift: number) =>
    Array.from({ length: 30 }, (_, i) => ({
      id: `${prefix}-b${i}`,
      status: "COMPLETED",
      created: T0 + i * HOUR + shift,
      parent: i % 6 === 0 ? null : `${prefix}-b${i - 1}`,
    }));
  return { p1: { token: "tok-p1", backups: make("p1", 0) }, p2: { token: "tok-p2", backups: make("p2", 30 * 60_000) } };
}

function view(b: FakeBackup) {
  return {
    id: b.id,
    name: b.id,
    instance_id: "i1",
    created: trove(b.created),
    updated: trove(b.created + 60_000),
    status: b.status,
    parent_id: b.parent,
    size: 1,
  };
}

function send(res: import("node:http").ServerResponse, status: number, body: unknown) {
  res.writeHead(status, { "Content-Type": "application/json" });
  res.end(JSON.stringify(body));
}

beforeAll(async () => {
  server = createServer((req, res) => {
    const url = new URL(req.url ?? "", "http://x");
    const m = /^\/v1\.0\/([^/]+)(\/.*)$/.exec(url.pathname);
    const project = m?.[1] ?? "";
    const path = m?.[2] ?? "";
    calls.push({ project, path, query: url.search, method: req.method ?? "" });
    const p = projects[project];
    if (!p || req.headers["x-auth-token"] !== p.token)
      return send(res, 401, { unauthorized: { code: 401, message: "The request you have made requires authentication." } });
    if (path === "/extensions") return send(res, 404, { itemNotFound: { code: 404, message: "not found" } });
    if (path === "/instances/i1") {
      return send(res, 200, {
        instance: {
          id: "i1",
          name: "orders-db",
          status: "ACTIVE",
          datastore: { type: "mysql", version: "8.0" },
          flavor: { id: "f1" },
          volume: { size: 2 },
          created: trove(T0),
          updated: trove(T0),
        },
      });
    }
    if (path === "/instances/i1/backups" || path === "/backups") {
      const limit = Math.min(20, Number(url.searchParams.get("limit") ?? 20));
      const offset = Number(url.searchParams.get("marker") ?? 0);
      const sorted = [...p.backups].sort((a, b) => b.created - a.created);
      const page = sorted.slice(offset, offset + limit);
      const more = offset + limit < sorted.length;
      return send(res, 200, {
        backups: page.map(view),
        links: more
          ? [{ rel: "next", href: `https://trove/v1.0/${project}/instances/i1/backups?limit=${limit}&marker=${offset + limit}` }]
          : [],
      });
    }
    if (path.startsWith("/backups/")) {
      const b = p.backups.find((x) => x.id === path.slice("/backups/".length));
      return b ? send(res, 200, { backup: view(b) }) : send(res, 404, { itemNotFound: { code: 404, message: "Backup not found" } });
    }
    if (path === "/instances" && req.method === "POST")
      return send(res, 200, {
        instance: {
          id: "new",
          name: "n",
          status: "BUILD",
          datastore: { type: "mysql", version: "8.0" },
          created: trove(T0),
          updated: trove(T0),
        },
      });
    send(res, 404, { itemNotFound: { code: 404, message: "not found" } });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  projects = world();
  calls = [];
});

/** A client as the dashboard makes one: the session's endpoint, token and project. */
function client(project: string, token = projects[project]?.token ?? "none"): TroveClient {
  return new TroveClient({ endpoint: `${base}/v1.0/${project}`, token, timeoutMs: 2000, projectId: project, retries: 0 });
}

const ids = (list: readonly { id: string }[]) => list.map((b) => b.id).sort();

describe("upstream cache of immutable data", () => {
  it("never serves another project's data, even for the same instance id", async () => {
    const cache = new UpstreamCache();
    const now = T0 + 40 * HOUR;
    expect(ids(await cache.instanceBackups(client("p1"), "i1", { nowMs: now }))).toEqual(ids(projects.p1!.backups));
    const p2 = await cache.instanceBackups(client("p2"), "i1", { nowMs: now + 1000 });
    expect(p2.every((b) => b.id.startsWith("p2-"))).toBe(true);
    expect(ids(p2)).toEqual(ids(projects.p2!.backups));
    // p2's token on p1's endpoint: Trove refuses it, and nothing kept for p1 is handed out.
    await expect(cache.instanceBackups(client("p1", "tok-p2"), "i1", { nowMs: now + 2000 })).rejects.toBeInstanceOf(AuthError);
    // A client that does not say whose view it reads keeps nothing and is served nothing kept.
    const anonymous = new TroveClient({ endpoint: `${base}/v1.0/p1`, token: "tok-p1", timeoutMs: 2000, retries: 0 });
    expect(cache.peekBackups(anonymous, "i1")).toBeNull();
  });

  it("asks Trove with the caller's token on every read: a revoked token gets nothing kept", async () => {
    const cache = new UpstreamCache();
    await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 });
    projects.p1!.token = "rotated";
    await expect(cache.instanceBackups(client("p1", "tok-p1"), "i1", { nowMs: T0 + 1000 })).rejects.toBeInstanceOf(AuthError);
  });

  it("reads only the newest page when nothing is new, and a backup finished since the last read appears on the next", async () => {
    const cache = new UpstreamCache();
    const p1 = projects.p1!;
    p1.backups.push({ id: "p1-running", status: "BUILDING", created: T0 + 31 * HOUR, parent: "p1-b29" });
    await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 });
    calls = [];
    // Nothing new: one small page.
    const again = await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + 1000 });
    expect(ids(again)).toEqual(ids(p1.backups));
    expect(calls).toHaveLength(1);
    expect(calls[0]!.query).toBe("?limit=1");
    // The running one completed and a new one started: both seen on the very next read.
    p1.backups.find((b) => b.id === "p1-running")!.status = "COMPLETED";
    p1.backups.push({ id: "p1-new", status: "NEW", created: T0 + 32 * HOUR, parent: null });
    const next = await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + 2000 });
    expect(next.find((b) => b.id === "p1-running")?.status).toBe("COMPLETED");
    expect(next.find((b) => b.id === "p1-new")?.status).toBe("NEW");
    expect(next).toHaveLength(32);
    // Many new ones: pages are read until one holds nothing new.
    for (let i = 0; i < 12; i++) p1.backups.push({ id: `p1-later${i}`, status: "COMPLETED", created: T0 + (33 + i) * HOUR, parent: null });
    calls = [];
    const later = await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + 3000 });
    expect(ids(later)).toEqual(ids(p1.backups));
    expect(calls.length).toBeLessThanOrEqual(3);
  });

  it("drops a deleted backup at once when it was among the newest, and within the full re-read time otherwise", async () => {
    const cache = new UpstreamCache();
    const p1 = projects.p1!;
    await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 });
    p1.backups = p1.backups.filter((b) => b.id !== "p1-b29" && b.id !== "p1-b3");
    const soon = await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + 1000 });
    expect(soon.map((b) => b.id)).not.toContain("p1-b29");
    const late = await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + FULL_REREAD_MS });
    expect(ids(late)).toEqual(ids(p1.backups));
  });

  it("shows a deleted backup's disappearance on the timeline within the stated time", async () => {
    const now = T0 + 40 * HOUR;
    serverState().upstream = new UpstreamCache();
    const before = await getTimeline(client("p1"), "i1", now, 900);
    expect(before.bases.map((b) => b.backupId)).toContain("p1-b2");
    projects.p1!.backups = projects.p1!.backups.filter((b) => b.id !== "p1-b2");
    const after = await getTimeline(client("p1"), "i1", now + FULL_REREAD_MS, 900);
    expect(after.bases.map((b) => b.backupId)).not.toContain("p1-b2");
  });

  it("validates a restore against Trove's current answer even when the kept copy is stale", async () => {
    const now = T0 + 40 * HOUR;
    serverState().upstream = new UpstreamCache();
    const timeline = await getTimeline(client("p1"), "i1", now, 900);
    const point = timeline.bases.find((b) => b.backupId === "p1-b2")!.consistentTime!;
    expect(point).toBeTruthy();
    // Deleted upstream; the kept copy (within its re-read time) still shows it.
    projects.p1!.backups = projects.p1!.backups.filter((b) => b.id !== "p1-b2");
    const stale = await getTimeline(client("p1"), "i1", now + 1000, 900);
    expect(stale.bases.map((b) => b.backupId)).toContain("p1-b2");
    calls = [];
    await expect(restore(client("p1"), "i1", { mode: "new", point_in_time: point }, now + 2000)).rejects.toBeInstanceOf(PointRefusedError);
    expect(calls.filter((c) => c.method === "POST")).toHaveLength(0);
    // A point Trove still backs goes through, with the base Trove lists now.
    const ok = await restore(
      client("p1"),
      "i1",
      { mode: "new", point_in_time: timeline.bases.find((b) => b.backupId === "p1-b7")!.consistentTime! },
      now + 3000,
    );
    expect(ok.restore.baseBackupId).toBe("p1-b7");
  });

  it("joins a read under way only for the same token, and never for a restore's fresh read", async () => {
    const cache = new UpstreamCache();
    await Promise.all([cache.instanceBackups(client("p1"), "i1", { nowMs: T0 }), cache.instanceBackups(client("p1"), "i1", { nowMs: T0 })]);
    expect(calls.filter((c) => c.path === "/instances/i1/backups")).toHaveLength(2); // one full read: 30 backups, 2 pages
    calls = [];
    await Promise.all([
      cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + 1, fresh: true }),
      cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + 1, fresh: true }),
    ]);
    expect(calls.filter((c) => c.path === "/instances/i1/backups")).toHaveLength(4);
    calls = [];
    await Promise.all([
      cache.instanceBackups(client("p1"), "i1", { nowMs: T0 + 2 }),
      cache.instanceBackups(client("p1", "tok-p1-other"), "i1", { nowMs: T0 + 2 }).catch(() => null),
    ]);
    expect(calls.filter((c) => c.path === "/instances/i1/backups")).toHaveLength(2);
  });

  it("a 404 from Trove is never covered by what was kept", async () => {
    const cache = new UpstreamCache();
    await cache.instanceBackups(client("p1"), "i1", { nowMs: T0 });
    await expect(cache.instanceBackups(client("p1"), "i2", { nowMs: T0 + 1 })).rejects.toBeInstanceOf(NotFoundError);
    expect(formatUtc(T0)).toBe("2026-11-01T00:00:00Z");
  });
});

describe("the project's newest backup vouching for kept backups (display only)", () => {
  const now = T0 + 40 * HOUR;

  it("lets a page use the kept backups without a read per instance when nothing was made since", async () => {
    const cache = new UpstreamCache();
    await cache.instanceBackups(client("p1"), "i1", { nowMs: now });
    calls = [];
    const newest = await cache.projectNewestBackup(client("p1"));
    expect(newest?.id).toBe("p1-b29");
    expect(calls.map((c) => `${c.path}${c.query}`)).toEqual(["/backups?limit=1"]);
    expect(ids(cache.vouchedBackups(client("p1"), "i1", newest, now + 1000) ?? [])).toEqual(ids(projects.p1!.backups));
    // The instances page's coverage then costs no backup read for the row.
    serverState().upstream = cache;
    calls = [];
    const coverage = await coverageOfListed(client("p1"), "i1", now + 1000, 900, newest);
    expect(coverage.health.latestRestorable).not.toBeNull();
    expect(calls.filter((c) => c.path.includes("backups"))).toEqual([]);
  });

  it("does not vouch once a backup was made after the kept read, nor within the clock-skew margin of the newest one", async () => {
    const cache = new UpstreamCache();
    const p1 = projects.p1!;
    await cache.instanceBackups(client("p1"), "i1", { nowMs: now });
    p1.backups.push({ id: "p1-new", status: "COMPLETED", created: now + 10_000, parent: null });
    const newest = await cache.projectNewestBackup(client("p1"));
    expect(newest?.id).toBe("p1-new");
    expect(cache.vouchedBackups(client("p1"), "i1", newest, now + 20_000)).toBeNull();
    // Read again just after it was made: Trove's clock may be ahead, so not yet.
    await cache.instanceBackups(client("p1"), "i1", { nowMs: now + 20_000 });
    expect(cache.vouchedBackups(client("p1"), "i1", newest, now + 21_000)).toBeNull();
    // Read again well after: the new one is kept and vouched for.
    await cache.instanceBackups(client("p1"), "i1", { nowMs: now + 120_000 });
    expect(cache.vouchedBackups(client("p1"), "i1", newest, now + 121_000)?.map((b) => b.id)).toContain("p1-new");
  });

  it("does not vouch for a running backup, a changed newest one, another project's client, or past the full re-read time", async () => {
    const cache = new UpstreamCache();
    const p1 = projects.p1!;
    p1.backups.push({ id: "p1-running", status: "BUILDING", created: now - HOUR, parent: null });
    await cache.instanceBackups(client("p1"), "i1", { nowMs: now });
    expect(cache.vouchedBackups(client("p1"), "i1", await cache.projectNewestBackup(client("p1")), now + 1000)).toBeNull();

    const fresh = new UpstreamCache();
    p1.backups = p1.backups.filter((b) => b.id !== "p1-running");
    await fresh.instanceBackups(client("p1"), "i1", { nowMs: now });
    const newest = await fresh.projectNewestBackup(client("p1"));
    expect(fresh.vouchedBackups(client("p1"), "i1", newest ? { ...newest, updated: "2026-11-30T00:00:00Z" } : null, now + 1000)).toBeNull();
    expect(fresh.vouchedBackups(client("p2"), "i1", newest, now + 1000)).toBeNull();
    expect(fresh.vouchedBackups(client("p1"), "i1", newest, now + FULL_REREAD_MS)).toBeNull();
  });
});

describe("upstream cache of archived log segments", () => {
  const seg = (i: number, status = "COMPLETED") => ({
    id: `s${i}`,
    timeline: 1,
    status,
    start: formatUtc(T0 + i * 300_000),
    end: formatUtc(T0 + (i + 1) * 300_000),
    startLsn: String(1000 + i * 10),
    endLsn: String(1000 + (i + 1) * 10),
  });
  function stub(archive: () => ReturnType<typeof seg>[]) {
    const asked: (string | null)[] = [];
    const client = {
      projectId: "p1",
      http: { endpoint: "http://trove.invalid/v1.0/p1" },
      listLogSegments: async (_id: string, o: { since?: string | null }) => {
        asked.push(o.since ?? null);
        return archive().filter((s) => !o.since || s.end >= o.since);
      },
    } as unknown as TroveClient;
    return { client, asked };
  }

  it("reads only what was archived since the newest segment kept, and drops none it still lists", async () => {
    let archive = [...Array.from({ length: 10 }, (_, i) => seg(i)), seg(10, "BUILDING")];
    const { client, asked } = stub(() => archive);
    const cache = new UpstreamCache();
    const since = formatUtc(T0 + 300_000);
    expect((await cache.logSegments(client, "i1", { nowMs: T0, since })).map((s) => s.id)).toEqual([
      "s0",
      "s1",
      "s2",
      "s3",
      "s4",
      "s5",
      "s6",
      "s7",
      "s8",
      "s9",
      "s10",
    ]);
    archive = [...Array.from({ length: 12 }, (_, i) => seg(i)), seg(12, "BUILDING")];
    const next = await cache.logSegments(client, "i1", { nowMs: T0 + 1000, since });
    // The last hour of what is kept is read again, but never before what is needed.
    expect(asked).toEqual([since, since]);
    expect(next.map((s) => s.id).sort()).toEqual(["s0", "s1", "s10", "s11", "s12", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9"]);
    expect(next.find((s) => s.id === "s10")?.status).toBe("COMPLETED");
    // A full re-read after the stated time sees the archive's older end expire.
    archive = archive.slice(3);
    const later = await cache.logSegments(client, "i1", { nowMs: T0 + FULL_REREAD_MS, since });
    expect(later.map((s) => s.id)).not.toContain("s1");
  });

  it("sees a segment lost from the last hour of the archive on the next read", async () => {
    let archive = Array.from({ length: 30 }, (_, i) => seg(i));
    const { client, asked } = stub(() => archive);
    const cache = new UpstreamCache();
    await cache.logSegments(client, "i1", { nowMs: T0, since: null });
    archive = archive.filter((s) => s.id !== "s27");
    const next = await cache.logSegments(client, "i1", { nowMs: T0 + 1000, since: null });
    expect(asked[1]).toBe(formatUtc(T0 + 30 * 300_000 - 3_600_000));
    expect(next.map((s) => s.id)).not.toContain("s27");
    expect(next).toHaveLength(29);
  });

  it("reads the whole archive again when a need reaches further back than what is kept", async () => {
    const archive = Array.from({ length: 5 }, (_, i) => seg(i));
    const { client, asked } = stub(() => archive);
    const cache = new UpstreamCache();
    await cache.logSegments(client, "i1", { nowMs: T0, since: formatUtc(T0 + 600_000) });
    await cache.logSegments(client, "i1", { nowMs: T0 + 1, since: null });
    expect(asked).toEqual([formatUtc(T0 + 600_000), null]);
  });

  it("answers a display read with a maxAgeMs from the last answer while it is young enough, and asks Trove once it is not", async () => {
    let archive = Array.from({ length: 10 }, (_, i) => seg(i));
    const { client, asked } = stub(() => archive);
    const cache = new UpstreamCache();
    const first = await cache.logSegments(client, "i1", { nowMs: T0, since: null, maxAgeMs: 60_000 });
    archive = [...archive, seg(10)];
    // Within the age: the very same answer (its analysis can be reused), no call.
    expect(await cache.logSegments(client, "i1", { nowMs: T0 + 59_999, since: null, maxAgeMs: 60_000 })).toBe(first);
    expect(asked).toHaveLength(1);
    expect(cache.stats.reused).toBe(1);
    // A read without maxAgeMs, one for another `since`, and a fresh one always ask.
    expect((await cache.logSegments(client, "i1", { nowMs: T0 + 1, since: null })).map((s) => s.id)).toContain("s10");
    await cache.logSegments(client, "i1", { nowMs: T0 + 2, since: formatUtc(T0 + 600_000), maxAgeMs: 60_000 });
    await cache.logSegments(client, "i1", { nowMs: T0 + 3, since: null, maxAgeMs: 60_000, fresh: true });
    expect(asked).toHaveLength(4);
    // Past the age: Trove again, and the new segment is seen.
    archive = [...archive, seg(11)];
    const later = await cache.logSegments(client, "i1", { nowMs: T0 + 3 + 60_000, since: null, maxAgeMs: 60_000 });
    expect(asked).toHaveLength(5);
    expect(later.map((s) => s.id)).toContain("s11");
  });

  it("spreads the full re-reads of a fleet's logs over the period instead of doing them all at once", async () => {
    const { client } = stub(() => Array.from({ length: 3 }, (_, i) => seg(i)));
    const cache = new UpstreamCache();
    const ids = Array.from({ length: 300 }, (_, i) => `i${i}`);
    for (const id of ids) await cache.logSegments(client, id, { nowMs: T0, since: null });
    const perStep: number[] = [];
    for (let now = T0 + 15_000; now <= T0 + 2 * FULL_REREAD_MS; now += 15_000) {
      const before = cache.stats.full;
      for (const id of ids) await cache.logSegments(client, id, { nowMs: now, since: null });
      perStep.push(cache.stats.full - before);
    }
    // Each instance once per period, and no 15 s step with more than a small share of them.
    expect(perStep.reduce((a, b) => a + b, 0)).toBe(2 * ids.length);
    expect(Math.max(...perStep)).toBeLessThan(ids.length * 0.15);
  });

  it("never answers another project's client from a kept log, whatever its maxAgeMs", async () => {
    const { client } = stub(() => [seg(0)]);
    const cache = new UpstreamCache();
    await cache.logSegments(client, "i1", { nowMs: T0, since: null, maxAgeMs: 60_000 });
    const asked: string[] = [];
    const other = {
      projectId: "p2",
      http: { endpoint: "http://trove.invalid/v1.0/p1" },
      listLogSegments: async () => (asked.push("p2"), []),
    } as unknown as TroveClient;
    expect(await cache.logSegments(other, "i1", { nowMs: T0 + 1, since: null, maxAgeMs: 60_000 })).toEqual([]);
    expect(asked).toEqual(["p2"]);
  });
});
