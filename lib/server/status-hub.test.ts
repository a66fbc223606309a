import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { InstanceStatus } from "@/lib/api/schemas";
import type { AppError } from "@/lib/domain/errors";
import { TroveClient } from "@/lib/trove/client";
import { StatusHub } from "./status-hub";
import { SqliteStore } from "./store/sqlite-store";

// A loopback Trove whose instance i1 stays BUILD for `buildPolls` reads, then goes ACTIVE.
let server: Server;
let endpoint: string;
let reads: { token: string }[];
let buildReads: number;
const expiring = new Map<string, number>();

beforeAll(async () => {
  server = createServer((req, res) => {
    const token = String(req.headers["x-auth-token"]);
    reads.push({ token });
    const left = expiring.get(token);
    if (left !== undefined) {
      if (left <= 0) {
        res
          .writeHead(401, { "Content-Type": "application/json" })
          .end(JSON.stringify({ error: { code: 401, title: "Unauthorized", message: "expired" } }));
        return;
      }
      expiring.set(token, left - 1);
    }
    const status = reads.length <= buildReads ? "BUILD" : "ACTIVE";
    res.writeHead(200, { "Content-Type": "application/json" });
    res.end(
      JSON.stringify({
        instance: {
          id: "i1",
          name: "db",
          status,
          datastore: { type: "mysql", version: "8" },
          created: "2026-11-20T10:00:00",
          updated: "2026-11-20T10:00:00",
        },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  endpoint = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1.0/p`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));
beforeEach(() => {
  reads = [];
  expiring.clear();
});

function watcher(hub: StatusHub, token: string) {
  const seen: InstanceStatus[] = [];
  let resolveEnd!: (e: AppError | undefined) => void;
  const ended = new Promise<AppError | undefined>((resolve) => (resolveEnd = resolve));
  const trove = new TroveClient({ endpoint, token, timeoutMs: 1000 });
  const subscribed = hub.watch(trove, "i1", { status: (s) => seen.push(s), end: (e) => resolveEnd(e) });
  return { seen, ended, subscribed };
}

describe("StatusHub", () => {
  it("polls once per interval for any number of watchers, after one authorising read each", async () => {
    buildReads = 20 + 5;
    // Long enough that the 20 authorising loopback reads finish before the first shared poll, even
    // on a busy 2-core machine (at 40 ms a poll sometimes slipped in among them: 21 reads, not 20).
    const hub = new StatusHub(250);
    const watchers = Array.from({ length: 20 }, (_, i) => watcher(hub, `t${i}`));
    await Promise.all(watchers.map((w) => w.subscribed));
    expect(reads.length).toBe(20);
    const results = await Promise.all(watchers.map((w) => w.ended));
    expect(results.every((e) => e === undefined)).toBe(true);
    // 5 more BUILD answers, then the ACTIVE one: one shared read per interval.
    expect(hub.polls).toBe(6);
    expect(reads.length).toBe(26);
    for (const w of watchers) {
      expect(w.seen.at(-1)).toMatchObject({ status: "ACTIVE", done: true });
      expect(w.seen.filter((s) => s.status === "BUILD").length).toBe(1);
    }
    expect(hub.watched).toBe(0);
  });

  it("ends at once for an instance already settled, without a poller", async () => {
    buildReads = 0;
    const hub = new StatusHub(40);
    const w = watcher(hub, "t");
    await w.subscribed;
    expect(await w.ended).toBeUndefined();
    expect(hub.watched).toBe(0);
    expect(w.seen).toHaveLength(1);
  });

  it("drops only the watcher whose token expired and polls on with another's", async () => {
    buildReads = 4;
    const hub = new StatusHub(40);
    const keeper = watcher(hub, "good");
    await keeper.subscribed;
    expiring.set("short", 1);
    const quitter = watcher(hub, "short");
    await quitter.subscribed;
    expect((await quitter.ended)?.status).toBe(401);
    expect(await keeper.ended).toBeUndefined();
    expect(keeper.seen.at(-1)?.status).toBe("ACTIVE");
  });

  it("stops polling when the last watcher leaves", async () => {
    buildReads = 1000;
    const hub = new StatusHub(20);
    const w = watcher(hub, "t");
    const unsubscribe = await w.subscribed;
    await new Promise((resolve) => setTimeout(resolve, 70));
    unsubscribe();
    const after = reads.length;
    await new Promise((resolve) => setTimeout(resolve, 80));
    expect(reads.length).toBeLessThanOrEqual(after + 1);
    expect(hub.watched).toBe(0);
  });

  describe("several replicas sharing a store", () => {
    it("poll once per interval between them, and every replica's watchers get each status", async () => {
      buildReads = 10 + 6;
      const store = new SqliteStore(":memory:");
      const replicas = [new StatusHub(250, { store }), new StatusHub(250, { store })];
      const watchers = Array.from({ length: 10 }, (_, i) => watcher(replicas[i % 2] as StatusHub, `t${i}`));
      await Promise.all(watchers.map((w) => w.subscribed));
      expect(reads.length).toBe(10);
      const results = await Promise.all(watchers.map((w) => w.ended));
      expect(results.every((e) => e === undefined)).toBe(true);
      expect(replicas.map((r) => r.polls).reduce((a, b) => a + b)).toBe(7);
      for (const w of watchers) expect(w.seen.at(-1)).toMatchObject({ status: "ACTIVE", done: true });
      await store.close();
    });

    it("hand the polling over when the polling replica's watchers leave", async () => {
      buildReads = 1000;
      const store = new SqliteStore(":memory:");
      const [one, two] = [new StatusHub(60, { store }), new StatusHub(60, { store })];
      const first = watcher(one, "a");
      const leave = await first.subscribed;
      await new Promise((r) => setTimeout(r, 200));
      const second = watcher(two, "b");
      await second.subscribed;
      await new Promise((r) => setTimeout(r, 300));
      expect(one.polls).toBeGreaterThan(0);
      expect(two.polls).toBe(0);
      const seenBefore = second.seen.length;
      leave();
      buildReads = 0;
      expect(await second.ended).toBeUndefined();
      expect(two.polls).toBeGreaterThan(0);
      expect(second.seen.length).toBeGreaterThan(seenBefore);
      await store.close();
    });
  });
});
