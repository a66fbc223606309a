import { describe, expect, it } from "vitest";
import type { Instance } from "@/lib/api/schemas";
import type { TroveClient } from "@/lib/trove/client";
import { SessionStreams } from "./session-streams";
import { statusStream } from "./sse";
import { StatusHub } from "./status-hub";

const building: Instance = {
  id: "i1",
  name: "orders-db",
  status: "BUILD",
  tone: "pending",
  datastore: { type: "mysql", version: "8.0" },
  flavorId: null,
  volumeSize: null,
  region: null,
  created: "2026-11-20T10:00:00Z",
  updated: "2026-11-20T10:00:00Z",
  fault: null,
  projectId: "p1",
};

/** A Trove whose instance stays in BUILD; `gate` holds the first read back until released. */
function slowTrove(): { trove: TroveClient; release(): void } {
  let release!: () => void;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const trove = { http: { endpoint: "http://trove.invalid/v1.0/p1" }, getInstance: async () => (await gate, building) };
  return { trove: trove as unknown as TroveClient, release };
}

function session(streams = new SessionStreams(), msLeft = 3_600_000) {
  return { streams, key: "session-1", msLeft };
}

async function readAll(res: Response): Promise<string> {
  return await Promise.race([
    res.text(),
    new Promise<string>((_, reject) => setTimeout(() => reject(new Error("the stream stayed open")), 2000)),
  ]);
}

describe("statusStream", () => {
  it("stops the watcher when the browser left during the first Trove read", async () => {
    const hub = new StatusHub(60_000);
    const { trove, release } = slowTrove();
    const left = new AbortController();
    const answer = statusStream(hub, trove, "i1", left.signal, session());
    left.abort();
    release();
    await answer;
    expect(hub.watched).toBe(0);
  });

  it("stops at once for a request already aborted", async () => {
    const hub = new StatusHub(60_000);
    const { trove, release } = slowTrove();
    release();
    await statusStream(hub, trove, "i1", AbortSignal.abort(), session());
    expect(hub.watched).toBe(0);
  });

  it("ends the session's streams with unauthenticated when it signs out", async () => {
    const hub = new StatusHub(60_000);
    const streams = new SessionStreams();
    const { trove, release } = slowTrove();
    release();
    const res = await statusStream(hub, trove, "i1", new AbortController().signal, session(streams));
    const other = await statusStream(hub, trove, "i1", new AbortController().signal, { ...session(streams), key: "session-2" });
    expect(hub.watched).toBe(1);
    expect(streams.end("session-1")).toBe(1);
    const text = await readAll(res);
    expect(text).toContain("event: status");
    expect(text).toMatch(/event: error\ndata: \{"error":\{"code":"unauthenticated"/);
    // Another session's stream on the same instance carries on.
    expect(hub.watched).toBe(1);
    expect(streams.size).toBe(1);
    await other.body?.cancel();
    expect(hub.watched).toBe(0);
    expect(streams.size).toBe(0);
  });

  it("ends a stream when its session expires", async () => {
    const hub = new StatusHub(60_000);
    const { trove, release } = slowTrove();
    release();
    const res = await statusStream(hub, trove, "i1", new AbortController().signal, session(new SessionStreams(), 50));
    expect(await readAll(res)).toMatch(/event: error\ndata: \{"error":\{"code":"unauthenticated"/);
    expect(hub.watched).toBe(0);
  });
});
