/**
 * Two `next start` replicas with one SESSION_SECRET sharing one Redis, against one embedded backend
 * reached through a counting proxy: what several replicas behind a load balancer must get right.
 */
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditListSchema } from "@/lib/api/audit";
import { instanceListSchema, restoreResponseSchema } from "@/lib/api/schemas";
import { RedisStore } from "@/lib/server/store/redis-store";
import { countedCloud, type CountedCloud } from "../helpers/counting-proxy";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { startRedis, type RedisHandle } from "../helpers/redis";
import { describeStoreContract } from "../helpers/store-contract";
import { signIn, startBackend, troveList, type Backend, type Upstream } from "./upstream";

const POLL_MS = 500;
let redis: RedisHandle;
let backend: Backend;
let cloud: CountedCloud;
let demoUp: Upstream;
const secret = randomBytes(32).toString("base64url");
const replicas: Dashboard[] = [];
/** The same signed-in browser, pointed at replica 0 or 1. */
const clients: ApiClient[] = [];
let sourceId = "";
let point = "";

async function startReplica(): Promise<Dashboard> {
  return startDashboard({
    keystoneUrl: cloud.keystoneUrl,
    env: { REDIS_URL: redis.url, SESSION_SECRET: secret, STATUS_POLL_MS: String(POLL_MS) },
  });
}

/** Both replicas (re)started; the clients keep their cookie. */
async function startBoth(): Promise<void> {
  const started = await Promise.all([startReplica(), startReplica()]);
  replicas.splice(0, replicas.length, ...started);
  const cookie = clients[0]?.cookie ?? "";
  clients.splice(0, clients.length, ...started.map((r) => Object.assign(new ApiClient(r.url), { cookie })));
}

const instancesNamed = async (name: string) =>
  (await troveList<{ id: string; name: string }>(demoUp, "/instances", "instances")).filter((i) => i.name === name);

function redisCli(...args: string[]): string {
  return spawnSync("redis-cli", ["-u", redis.url, ...args], { encoding: "utf8" }).stdout.trim();
}

/** Opens a status stream; resolves once the server answered (the watcher is authorised). */
async function openStream(client: ApiClient, id: string): Promise<{ text: () => string; done: Promise<void>; cancel: () => void }> {
  const controller = new AbortController();
  const res = await fetch(`${client.baseUrl}/api/instances/${id}/status?stream=1`, {
    headers: { Cookie: client.cookie },
    signal: controller.signal,
  });
  expect(res.status).toBe(200);
  let text = "";
  const reader = res.body!.getReader();
  const decoder = new TextDecoder();
  const done = (async () => {
    try {
      for (;;) {
        const { done: end, value } = await reader.read();
        if (end) return;
        text += decoder.decode(value);
      }
    } catch {
      // Aborted, or the replica died.
    }
  })();
  return { text: () => text, done, cancel: () => controller.abort() };
}

const pollsOf = (id: string) => cloud.trove.hits.filter((h) => new RegExp(`^GET /v1\\.0/[^/]+/instances/${id}$`).test(h)).length;

async function pollsPerInterval(id: string, ms: number): Promise<number> {
  const before = pollsOf(id);
  const started = performance.now();
  await new Promise((r) => setTimeout(r, ms));
  return (pollsOf(id) - before) / ((performance.now() - started) / POLL_MS);
}

beforeAll(async () => {
  redis = await startRedis();
  // Restores stay BUILD long enough to watch one across a replica's death.
  backend = await startBackend({ env: { EMBEDDED_RESTORE_SECONDS: "30" } });
  cloud = await countedCloud(backend);
  demoUp = await signIn(backend.keystoneUrl, "demo");
  clients.push(new ApiClient("http://unused"));
  await startBoth();
  await clients[0]!.login("demo");
  for (const c of clients) c.cookie = clients[0]!.cookie;
  const list = instanceListSchema.parse((await clients[0]!.get("/api/instances")).body);
  const source = list.instances.find((i) => i.status === "ACTIVE" && i.datastore.type === "mysql" && i.health?.latestRestorable);
  sourceId = source?.id ?? "";
  point = source?.health?.latestRestorable ?? "";
  expect(sourceId).not.toBe("");
});

afterAll(async () => {
  for (const r of replicas) await r.stop();
  await cloud?.close();
  await backend?.stop();
  await redis?.remove();
});

describeStoreContract("Redis", async () => {
  const store = new RedisStore(redis.url);
  await expect
    .poll(
      () =>
        store.get("ready?").then(
          () => true,
          () => false,
        ),
      { timeout: 10_000 },
    )
    .toBe(true);
  return store;
});

describe("two replicas sharing Redis", () => {
  it("accept a session signed in on one replica on the other", async () => {
    const answer = await clients[1]!.get<{ session: { user: { name: string } } }>("/api/session");
    expect(answer.status).toBe(200);
    expect(answer.body.session.user.name).toBe("demo");
  });

  it("create one instance for a double submit split across them", async () => {
    const body = { mode: "new", point_in_time: point, name: "split-submit" };
    const [a, b] = await Promise.all(
      clients.map((c) => c.post(`/api/instances/${sourceId}/restores`, body, { "Idempotency-Key": "split-1" })),
    );
    expect([a?.status, b?.status]).toEqual([202, 202]);
    const first = restoreResponseSchema.parse(a?.body).restore;
    expect(restoreResponseSchema.parse(b?.body).restore.instanceId).toBe(first.instanceId);
    expect(await instancesNamed("split-submit")).toHaveLength(1);
  });

  it("poll Trove once per interval for 50 watchers split across them, and still once after the polling replica is killed", async () => {
    const id = (await instancesNamed("split-submit"))[0]!.id;
    // Replica 0's watchers come first, so replica 0 takes the lease and holds it.
    const first = await Promise.all(Array.from({ length: 25 }, () => openStream(clients[0]!, id)));
    await new Promise((r) => setTimeout(r, 3 * POLL_MS));
    const second = await Promise.all(Array.from({ length: 25 }, () => openStream(clients[1]!, id)));
    const leaseKey = redisCli("--scan", "--pattern", `poll:*${id}`);
    const holder = redisCli("GET", leaseKey);
    expect(holder).not.toBe("");
    const before = await pollsPerInterval(id, 8 * POLL_MS);
    await replicas[0]!.stop();
    await Promise.all(first.map((s) => s.done));
    // The lease lapses after three intervals; then replica 1 polls.
    await new Promise((r) => setTimeout(r, 4 * POLL_MS));
    const after = await pollsPerInterval(id, 8 * POLL_MS);
    const newHolder = redisCli("GET", leaseKey);
    for (const s of second) s.cancel();
    await Promise.all(second.map((s) => s.done));
    console.log(
      `  50 watchers over 2 replicas: ${before.toFixed(2)} polls per interval; after the polling replica was killed: ${after.toFixed(2)}`,
    );
    expect(before).toBeGreaterThan(0.4);
    expect(before).toBeLessThan(1.4);
    expect(after).toBeGreaterThan(0.4);
    expect(after).toBeLessThan(1.4);
    expect(newHolder).not.toBe("");
    expect(newHolder).not.toBe(holder);
    // Replica 1's watchers saw the statuses replica 0 read while it held the lease.
    expect(second[0]!.text()).toMatch(/event: status/);
  });

  it("return the first answer to the same key replayed after both replicas restarted", async () => {
    for (const r of replicas) await r.stop();
    await startBoth();
    const replay = await clients[1]!.post(
      `/api/instances/${sourceId}/restores`,
      { mode: "new", point_in_time: point, name: "split-submit" },
      { "Idempotency-Key": "split-1" },
    );
    expect(replay.status).toBe(202);
    expect(restoreResponseSchema.parse(replay.body).restore.instanceId).toBe((await instancesNamed("split-submit"))[0]!.id);
    expect(await instancesNamed("split-submit")).toHaveLength(1);
  });

  it("resolve a restore whose replica died after sending it: the next request finds it in Trove and sends nothing again", async () => {
    const admin = await signIn(backend.keystoneUrl, "admin");
    // Trove takes 4 s to answer the create: the sending replica dies before it hears back.
    const fault = await fetch(`${admin.endpoint}/mgmt/faults`, {
      method: "POST",
      headers: { "X-Auth-Token": admin.token, "Content-Type": "application/json" },
      body: JSON.stringify({ fault: { path: "/instances", method: "POST", kind: "latency", ms: 4000, count: 1 } }),
    });
    expect(fault.status).toBe(201);
    const creates = () => cloud.trove.hits.filter((h) => /^POST \/v1\.0\/[^/]+\/instances$/.test(h)).length;
    const before = creates();
    const body = { mode: "new", point_in_time: point, name: "orphaned-submit" };
    const lost = clients[1]!.post(`/api/instances/${sourceId}/restores`, body, { "Idempotency-Key": "orphan-1" }).catch(() => null);
    await expect.poll(creates, { timeout: 20_000, interval: 50 }).toBe(before + 1);
    await replicas[1]!.stop();
    await lost;
    // Replica 0 waits for the dead holder's lease to lapse, then asks Trove instead of sending again.
    const replay = await clients[0]!.post(`/api/instances/${sourceId}/restores`, body, { "Idempotency-Key": "orphan-1" });
    expect(replay.status).toBe(202);
    const created = await instancesNamed("orphaned-submit");
    expect(created).toHaveLength(1);
    expect(restoreResponseSchema.parse(replay.body).restore.instanceId).toBe(created[0]!.id);
    expect(creates()).toBe(before + 1);
    replicas[1] = await startReplica();
    clients[1] = Object.assign(new ApiClient(replicas[1].url), { cookie: clients[0]!.cookie });
  });

  it("refuse restores and backups with 503 while Redis is down, keep reading from Trove, and restore again once it is back", async () => {
    await redis.stop();
    const refused = await clients[0]!.post(
      `/api/instances/${sourceId}/restores`,
      { mode: "new", point_in_time: point, name: "while-down" },
      { "Idempotency-Key": "down-1" },
    );
    expect(refused.status).toBe(503);
    expect(refused.body).toMatchObject({ error: { code: "store_unavailable", retryable: true } });
    const backup = await clients[1]!.post(`/api/instances/${sourceId}/backups`, { kind: "incremental" });
    expect(backup.status).toBe(503);
    expect((await clients[1]!.get("/api/instances")).status).toBe(200);
    expect((await clients[0]!.get(`/api/instances/${sourceId}/timeline`)).status).toBe(200);
    expect((await clients[0]!.get(`/api/instances/${sourceId}/status`)).status).toBe(200);
    expect(await instancesNamed("while-down")).toHaveLength(0);

    await redis.start();
    await expect
      .poll(
        async () =>
          (
            await clients[0]!.post(
              `/api/instances/${sourceId}/restores`,
              { mode: "new", point_in_time: point, name: "after-redis" },
              { "Idempotency-Key": "back-1" },
            )
          ).status,
        { timeout: 20_000, interval: 500 },
      )
      .toBe(202);
    expect(await instancesNamed("after-redis")).toHaveLength(1);
  });

  it("keep an audit trail of every restore with its outcome, for admins all of it and for members their project's", async () => {
    const admin = new ApiClient(replicas[1]!.url);
    await admin.login("admin");
    // The restore tracker watches each restore to its end; the end is what settles its record.
    for (const name of ["split-submit", "orphaned-submit", "after-redis"]) {
      const id = (await instancesNamed(name))[0]!.id;
      await (
        await openStream(clients[0]!, id)
      ).done;
    }
    const trail = auditListSchema.parse((await admin.get("/api/audit")).body);
    expect(trail.scope).toBe("all");
    const restores = trail.records.filter((r) => r.action === "restore" && r.instanceId === sourceId);
    expect(restores.map((r) => r.idempotencyKey).sort()).toEqual(["back-1", "orphan-1", "split-1"]);
    for (const r of restores) {
      expect(r).toMatchObject({
        user: { name: "demo" },
        project: { name: "demo" },
        pointInTime: point,
        outcome: { status: "ACTIVE", final: true },
      });
      expect(r.baseBackupId).not.toBeNull();
      expect(r.outcome.resultId).not.toBeNull();
    }
    const alt = new ApiClient(replicas[0]!.url);
    await alt.login("alt");
    const own = auditListSchema.parse((await alt.get("/api/audit")).body);
    expect(own.scope).toBe("project");
    expect(own.records.filter((r) => r.project.name !== "alt")).toEqual([]);
  });
});
