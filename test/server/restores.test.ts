import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  createBackupResponseSchema,
  instanceListSchema,
  instanceStatusSchema,
  recoveryListSchema,
  restoreFactsSchema,
  restoreResponseSchema,
  timelineResponseSchema,
  type TimelineResponse,
} from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { signIn, startBackend, troveList, type Backend, type Upstream } from "./upstream";

let backend: Backend;
let dashboard: Dashboard;
let demoUp: Upstream;
let api: ApiClient;
let instanceId: string;
let timeline: TimelineResponse;

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

/** A recoverable second strictly inside the newest window. */
function pointInside(t: TimelineResponse): string {
  const last = t.recoverable.at(-1);
  if (!last) throw new Error("nothing recoverable in the demo world");
  return iso((Date.parse(last.start) + Date.parse(last.end)) / 2);
}

/** A second no window holds: inside a gap when there is one, else before the earliest. */
function pointOutside(t: TimelineResponse): string {
  const gap = t.gaps.find((g) => g.durationSeconds >= 4);
  if (gap) return iso((Date.parse(gap.start) + Date.parse(gap.end)) / 2);
  return iso(Date.parse(t.earliest ?? "2026-01-01T00:00:00Z") - 86_400_000);
}

async function upstreamState(): Promise<{ instances: number; recoveries: number }> {
  const [instances, recoveries] = await Promise.all([
    troveList(demoUp, "/instances", "instances"),
    troveList(demoUp, "/recovery", "recoveries"),
  ]);
  return { instances: instances.length, recoveries: recoveries.length };
}

/** Reads the SSE stream until it ends; returns the statuses seen. */
async function watch(client: ApiClient, id: string, timeoutMs = 90_000): Promise<{ statuses: string[]; events: string[] }> {
  const res = await fetch(`${client.baseUrl}/api/instances/${id}/status?stream=1`, {
    headers: { Cookie: client.cookie },
    signal: AbortSignal.timeout(timeoutMs),
  });
  expect(res.headers.get("content-type")).toMatch(/text\/event-stream/);
  const text = await res.text();
  const events = [...text.matchAll(/^event: (\w+)$/gm)].map((m) => m[1] ?? "");
  const statuses = [...text.matchAll(/^data: (.*)$/gm)]
    .map((m) => JSON.parse(m[1] ?? "{}") as { status?: string })
    .filter((d) => d.status)
    .map((d) => instanceStatusSchema.parse(d).status);
  return { statuses, events };
}

beforeAll(async () => {
  backend = await startBackend();
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env: { STATUS_POLL_MS: "300" } });
  demoUp = await signIn(backend.keystoneUrl, "demo");
  api = new ApiClient(dashboard.url);
  await api.login("demo");
  const list = instanceListSchema.parse((await api.get("/api/instances")).body);
  // The instance with the most to recover: ACTIVE with the latest restorable point.
  const candidates = list.instances.filter((i) => i.status === "ACTIVE" && i.health?.latestRestorable);
  candidates.sort((a, b) => ((a.health?.latestRestorable ?? "") < (b.health?.latestRestorable ?? "") ? 1 : -1));
  instanceId = candidates[0]?.id ?? "";
  expect(instanceId).not.toBe("");
  timeline = timelineResponseSchema.parse((await api.get(`/api/instances/${instanceId}/timeline`)).body);
});
afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
});

describe("restore refusals (nothing reaches Trove)", () => {
  it("refuses a reader with 403", async () => {
    const before = await upstreamState();
    const viewer = new ApiClient(dashboard.url);
    await viewer.login("viewer", "viewer", "demo");
    const answer = await viewer.post(
      `/api/instances/${instanceId}/restores`,
      { mode: "new", point_in_time: pointInside(timeline) },
      { "Idempotency-Key": "reader-1" },
    );
    expect(answer.status).toBe(403);
    expect((await viewer.post(`/api/instances/${instanceId}/backups`, { kind: "full" })).status).toBe(403);
    expect(await upstreamState()).toEqual(before);
  });

  it("requires an Idempotency-Key and a valid body", async () => {
    expect((await api.post(`/api/instances/${instanceId}/restores`, { mode: "new", point_in_time: pointInside(timeline) })).status).toBe(
      400,
    );
    const bad = await api.post(
      `/api/instances/${instanceId}/restores`,
      { mode: "sideways", point_in_time: "yesterday" },
      { "Idempotency-Key": "bad-1" },
    );
    expect(bad.status).toBe(400);
    const badTime = await api.post(
      `/api/instances/${instanceId}/restores`,
      { mode: "new", point_in_time: "2026-11-20 10:00" },
      { "Idempotency-Key": "bad-2" },
    );
    expect((badTime.body as { error: { fields: Record<string, string> } }).error.fields.point_in_time).toMatch(/ISO 8601/);
  });

  it("refuses a point outside every window with 422, the reason and the nearest points", async () => {
    const before = await upstreamState();
    for (const mode of ["new", "in-place"] as const) {
      const answer = await api.post(
        `/api/instances/${instanceId}/restores`,
        { mode, point_in_time: pointOutside(timeline) },
        { "Idempotency-Key": `gap-${mode}` },
      );
      expect(answer.status).toBe(422);
      const error = (
        answer.body as {
          error: {
            code: string;
            message: string;
            details: { nearestBefore: string | null; nearestAfter: string | null; reasonCode: string };
          };
        }
      ).error;
      expect(error.code).toBe("point_not_recoverable");
      expect(error.message.length).toBeGreaterThan(10);
      expect(error.details.nearestBefore ?? error.details.nearestAfter).toBeTruthy();
    }
    expect(await upstreamState()).toEqual(before);
  });
});

async function facts(client: ApiClient, point: string) {
  const answer = await client.get(`/api/instances/${instanceId}/restore-estimate?point_in_time=${encodeURIComponent(point)}`);
  expect(answer.status).toBe(200);
  return restoreFactsSchema.parse(answer.body);
}

describe("the restore estimate's basis", () => {
  it("states the chain a restore would lay down and, before any restore, no history", async () => {
    const point = pointInside(timeline);
    const f = await facts(api, point);
    const base = timeline.bases.find((b) => b.backupId === f.chain.baseBackupId)!;
    expect(base).toBeDefined();
    expect(f.chain.incrementals).toBe(base.chain.length - 1);
    expect(f.chain.baseSizeGb).toBeGreaterThan(0);
    expect(f.chain.backupSeconds).toBeGreaterThan(0);
    expect(f.recentRestores).toEqual([]);
  });

  it("refuses a bad or unrecoverable point as a restore would", async () => {
    expect((await api.get(`/api/instances/${instanceId}/restore-estimate?point_in_time=yesterday`)).status).toBe(400);
    const outside = await api.get(
      `/api/instances/${instanceId}/restore-estimate?point_in_time=${encodeURIComponent(pointOutside(timeline))}`,
    );
    expect(outside.status).toBe(422);
    expect(outside.body).toMatchObject({ error: { code: "point_not_recoverable" } });
  });
});

describe("restores", () => {
  it("creates exactly one instance for a concurrent double submit, and watches it to ACTIVE", async () => {
    const before = await upstreamState();
    const body = { mode: "new", point_in_time: pointInside(timeline), name: "double-submit" };
    const [a, b] = await Promise.all([
      api.post(`/api/instances/${instanceId}/restores`, body, { "Idempotency-Key": "double-1" }),
      api.post(`/api/instances/${instanceId}/restores`, body, { "Idempotency-Key": "double-1" }),
    ]);
    expect([a.status, b.status]).toEqual([202, 202]);
    const first = restoreResponseSchema.parse(a.body).restore;
    expect(restoreResponseSchema.parse(b.body).restore.instanceId).toBe(first.instanceId);
    expect(first).toMatchObject({ mode: "new", sourceInstanceId: instanceId, pointInTime: body.point_in_time });
    const again = await api.post(`/api/instances/${instanceId}/restores`, body, { "Idempotency-Key": "double-1" });
    expect(restoreResponseSchema.parse(again.body).restore.instanceId).toBe(first.instanceId);
    expect((await upstreamState()).instances).toBe(before.instances + 1);

    const reused = await api.post(`/api/instances/${instanceId}/restores`, { ...body, name: "other" }, { "Idempotency-Key": "double-1" });
    expect(reused.status).toBe(422);
    expect(reused.body).toMatchObject({ error: { code: "idempotency_key_reused" } });

    const watched = await watch(api, first.instanceId);
    expect(watched.statuses.at(-1)).toBe("ACTIVE");
    expect(watched.events.at(-1)).toBe("end");
    expect(instanceStatusSchema.parse((await api.get(`/api/instances/${first.instanceId}/status`)).body)).toMatchObject({
      status: "ACTIVE",
      done: true,
      tone: "ok",
    });
  });

  it("times the restore it watched settle, once, for the next estimate in this project only", async () => {
    const seen = (await facts(api, pointInside(timeline))).recentRestores;
    expect(seen).toHaveLength(1);
    expect(seen[0]).toMatchObject({ outcome: "ACTIVE" });
    // EMBEDDED_RESTORE_SECONDS=1: Trove's own times, whole seconds.
    expect(seen[0]!.seconds).toBeGreaterThanOrEqual(1);
    expect(seen[0]!.seconds).toBeLessThan(30);
    const alt = new ApiClient(dashboard.url);
    await alt.login("alt");
    const altInstances = instanceListSchema
      .parse((await alt.get("/api/instances")).body)
      .instances.filter((i) => i.health?.latestRestorable);
    const altTimeline = timelineResponseSchema.parse((await alt.get(`/api/instances/${altInstances[0]!.id}/timeline`)).body);
    const altFacts = await alt.get(
      `/api/instances/${altInstances[0]!.id}/restore-estimate?point_in_time=${encodeURIComponent(pointInside(altTimeline))}`,
    );
    expect(restoreFactsSchema.parse(altFacts.body).recentRestores).toEqual([]);
  });

  it("recovers the instance in place and lists the recovery", async () => {
    const point = pointInside(timeline);
    const answer = await api.post(
      `/api/instances/${instanceId}/restores`,
      { mode: "in-place", point_in_time: point },
      { "Idempotency-Key": "in-place-1" },
    );
    expect(answer.status).toBe(202);
    const restore = restoreResponseSchema.parse(answer.body).restore;
    expect(restore).toMatchObject({ mode: "in-place", instanceId, pointInTime: point });
    const recoveries = recoveryListSchema.parse((await api.get(`/api/recoveries?instance_id=${instanceId}`)).body);
    expect(recoveries.recoveries.some((r) => r.pointInTime === point)).toBe(true);
    const watched = await watch(api, instanceId);
    expect(watched.statuses.at(-1)).toBe("ACTIVE");
  });

  it("takes an on-demand backup (202)", async () => {
    const answer = await api.post(`/api/instances/${instanceId}/backups`, { kind: "full", name: "on-demand" });
    expect(answer.status).toBe(202);
    expect(createBackupResponseSchema.parse(answer.body).backup).toMatchObject({ name: "on-demand", kind: "full", instanceId });
  });
});
