import { describe, expect, it } from "vitest";
import type { InstanceStatus } from "@/lib/api/schemas";
import { RestoresInFlight, StoredRestoreHistory } from "./restore-durations";
import { SqliteStore } from "./store/sqlite-store";

const status = (over: Partial<InstanceStatus>): InstanceStatus => ({
  id: "i1",
  name: "restored",
  status: "BUILD",
  tone: "pending",
  done: false,
  fault: null,
  updated: "2026-11-20T10:00:00Z",
  observedAt: "2026-11-20T10:00:00Z",
  ...over,
});
const now = Date.parse("2026-11-20T10:05:00Z");

function open(store = new SqliteStore(":memory:", () => now)) {
  return { store, history: new StoredRestoreHistory(store), inFlight: new RestoresInFlight(store) };
}

describe("restore durations", () => {
  it("records a restore once, when a status read first sees it settle, with Trove's time of the change", async () => {
    const { history, inFlight } = open();
    await inFlight.started("ep/p1", "i1", { requestedAt: "2026-11-20T10:00:00Z", chainSizeGb: 3.9, incrementals: 2, backupSeconds: 360 });
    await inFlight.observe("ep/p1", status({}), history, now);
    expect(await history.list("ep/p1", 10)).toEqual([]);
    const active = status({ status: "ACTIVE", tone: "ok", done: true, updated: "2026-11-20T10:04:10Z" });
    await inFlight.observe("ep/p1", active, history, now);
    await inFlight.observe("ep/p1", active, history, now);
    expect(await history.list("ep/p1", 10)).toEqual([
      { seconds: 250, outcome: "ACTIVE", chainSizeGb: 3.9, incrementals: 2, backupSeconds: 360, finishedAt: "2026-11-20T10:04:10Z" },
    ]);
    expect(await history.list("ep/p2", 10)).toEqual([]);
  });

  it("an in-place recovery's instance, still ACTIVE from before the request, is not yet done", async () => {
    const { history, inFlight } = open();
    await inFlight.started("s", "i1", { requestedAt: "2026-11-20T10:00:00Z", chainSizeGb: null, incrementals: 0, backupSeconds: null });
    await inFlight.observe("s", status({ status: "ACTIVE", tone: "ok", done: true, updated: "2026-11-19T08:00:00Z" }), history, now);
    expect(await history.list("s", 10)).toEqual([]);
    await inFlight.observe("s", status({ status: "ERROR", tone: "error", done: true, updated: "2026-11-20T10:01:00Z" }), history, now);
    expect((await history.list("s", 10)).map((r) => [r.outcome, r.seconds])).toEqual([["ERROR", 60]]);
  });

  it("a restore nobody watched settle within a day is forgotten; instances it did not start are ignored", async () => {
    const { history, inFlight } = open();
    await inFlight.started("s", "i1", { requestedAt: "2026-11-18T10:00:00Z", chainSizeGb: null, incrementals: 0, backupSeconds: null });
    await inFlight.observe("s", status({ status: "ACTIVE", tone: "ok", done: true, updated: "2026-11-20T10:00:00Z" }), history, now);
    await inFlight.observe("s", status({ id: "other", status: "ACTIVE", tone: "ok", done: true }), history, now);
    expect(await history.list("s", 10)).toEqual([]);
  });

  it("keeps the newest 50 per project, newest first", async () => {
    const { history } = open();
    for (let i = 0; i < 60; i++) {
      const t = new Date(Date.UTC(2026, 10, 20, 0, i)).toISOString().replace(".000Z", "Z");
      await history.record("s", {
        instanceId: `i${i}`,
        requestedAt: t,
        seconds: i,
        outcome: "ACTIVE",
        chainSizeGb: null,
        incrementals: 0,
        backupSeconds: null,
        finishedAt: t,
      });
    }
    const list = await history.list("s", 100);
    expect(list).toHaveLength(50);
    expect(list[0]!.seconds).toBe(59);
  });

  it("is shared: a restore started through one dashboard is timed by another reading the same store, once", async () => {
    const a = open();
    const b = { history: new StoredRestoreHistory(a.store), inFlight: new RestoresInFlight(a.store) };
    await a.inFlight.started("s", "i1", { requestedAt: "2026-11-20T10:00:00Z", chainSizeGb: 1, incrementals: 0, backupSeconds: 20 });
    const active = status({ status: "ACTIVE", tone: "ok", done: true, updated: "2026-11-20T10:00:30Z" });
    await Promise.all([b.inFlight.observe("s", active, b.history, now), a.inFlight.observe("s", active, a.history, now)]);
    expect((await a.history.list("s", 10)).map((r) => r.seconds)).toEqual([30]);
  });

  it("skips an entry in the store that is not a seen restore", async () => {
    const { store, history } = open();
    await store.append("restore-durations:s", "not json", 50);
    await store.append("restore-durations:s", JSON.stringify({ seconds: -1 }), 50);
    expect(await history.list("s", 10)).toEqual([]);
  });
});
