/**
 * The dashboard against a genuine OpenStack control plane: Debian's Keystone 22 and Trove 18
 * (../shared/real-trove, started and seeded by scripts/real-cloud.sh), configured only by
 * OS_AUTH_URL like any OpenStack client. Stock Trove has no PITR: everything must degrade honestly.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  instanceListSchema,
  recoveryOverviewSchema,
  restoreResponseSchema,
  timelineResponseSchema,
  type TimelineResponse,
} from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { pollUntil, signIn, troveGet, troveList } from "../server/upstream";

const KEYSTONE = process.env.REAL_OS_AUTH_URL ?? "http://127.0.0.1:5000/v3";
let dashboard: Dashboard;

beforeAll(async () => {
  dashboard = await startDashboard({ keystoneUrl: KEYSTONE, env: { UPSTREAM_TIMEOUT_MS: "20000", STATUS_POLL_MS: "1000" } });
});
afterAll(async () => {
  await dashboard?.stop();
});

async function as(user: string, project = user === "viewer" ? "demo" : user): Promise<ApiClient> {
  const api = new ApiClient(dashboard.url);
  await api.login(user, user, project);
  return api;
}

const until = <T>(what: string, fn: () => Promise<T | null>, timeoutMs = 90_000) => pollUntil(what, fn, timeoutMs, 1000);

async function instanceId(api: ApiClient, name: string): Promise<string> {
  const list = instanceListSchema.parse((await api.get("/api/instances")).body);
  const found = list.instances.find((i) => i.name === name);
  if (!found) throw new Error(`no instance ${name} in ${list.instances.map((i) => i.name).join(", ")}`);
  return found.id;
}

/** orders-db's timeline as the dashboard answers it now: each test reads its own, so any runs alone (`-t`). */
async function timelineOf(api: ApiClient, id: string): Promise<TimelineResponse> {
  return timelineResponseSchema.parse((await api.get(`/api/instances/${id}/timeline`)).body);
}

describe("the dashboard on real Keystone 22 + Trove 18", () => {
  let demo: ApiClient;
  let ordersId: string;

  beforeAll(async () => {
    demo = await as("demo");
    ordersId = await instanceId(demo, "orders-db");
  });

  it("signs in through real Keystone and sees no PITR capability", async () => {
    const session = await demo.get<{ session: { roles: string[]; canWrite: boolean } }>("/api/session");
    expect(session.status).toBe(200);
    expect(session.body.session.roles).toEqual(expect.arrayContaining(["member", "reader"]));
    const list = instanceListSchema.parse((await demo.get("/api/instances")).body);
    expect(list.capability).toBe("stock");
    expect(list.instances.map((i) => i.name).sort()).toEqual(expect.arrayContaining(["billing-db", "no-backups-db", "orders-db"]));
    expect(list.instances.find((i) => i.name === "no-backups-db")?.health?.level).toBe("critical");
  });

  it("builds the timeline from every backup of a paginated history, as restore instants", async () => {
    const timeline = await timelineOf(demo, ordersId);
    const up = await signIn(KEYSTONE, "demo");
    const all = await troveList<{ id: string; status: string }>(up, `/instances/${ordersId}/backups`, "backups");
    expect(all.length).toBeGreaterThan(60);
    const firstPage = await troveGet<{ backups: unknown[]; links?: { href: string }[] }>(up, `/instances/${ordersId}/backups`);
    expect(firstPage.body.backups).toHaveLength(20);
    expect(timeline.capability).toBe("stock");
    expect(timeline.bases.map((b) => b.backupId).sort()).toEqual(all.map((b) => b.id).sort());
    expect(timeline.gaps).toEqual([]);
    for (const w of timeline.windows) expect(w.start).toBe(w.end);
    expect(timeline.bases.some((b) => b.kind === "incremental" && b.restorable)).toBe(true);
    const failed = timeline.bases.filter((b) => b.status === "FAILED");
    expect(failed.length).toBeGreaterThan(0);
    expect(failed.every((b) => !b.restorable)).toBe(true);
  });

  it("refuses a point between two restore points, and in-place recovery, before anything reaches Trove", async () => {
    const timeline = await timelineOf(demo, ordersId);
    const [a, b] = timeline.recoverable.slice(-2);
    const between = new Date((Date.parse(a!.start) + Date.parse(b!.start)) / 2).toISOString().replace(/\.\d{3}Z$/, "Z");
    const refused = await demo.post(
      `/api/instances/${ordersId}/restores`,
      { mode: "new", point_in_time: between },
      { "Idempotency-Key": `real-between-${Date.now()}` },
    );
    expect(refused.status).toBe(422);
    const inPlace = await demo.post(
      `/api/instances/${ordersId}/restores`,
      { mode: "in-place", point_in_time: b!.start },
      { "Idempotency-Key": `real-inplace-${Date.now()}` },
    );
    expect(inPlace.status).toBe(422);
    expect((inPlace.body as { error: { code: string } }).error.code).toBe("in_place_unsupported");
  });

  it("refuses a volume smaller than the base backup with the size it needs, before Trove's 403", async () => {
    const timeline = await timelineOf(demo, ordersId);
    const newest = timeline.recoverable.at(-1)!.start;
    const answer = await demo.post(
      `/api/instances/${ordersId}/restores`,
      { mode: "new", point_in_time: newest, volume: { size: 1 } },
      { "Idempotency-Key": `real-small-${Date.now()}` },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(422);
    expect((answer.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: "volume_too_small",
      message: expect.stringMatching(/at least \d+ GB/),
    });
  });

  it("restores an incremental backup into a new instance that reaches ACTIVE", async () => {
    const timeline = await timelineOf(demo, ordersId);
    // The largest incremental: the seed's sizes run up to 3.5 GB on a 2 GB source, so the volume must grow to fit.
    const up = await signIn(KEYSTONE, "demo");
    const sizes = new Map(
      (await troveList<{ id: string; size: number | null }>(up, `/instances/${ordersId}/backups`, "backups")).map((b) => [
        b.id,
        b.size ?? 0,
      ]),
    );
    const incremental = timeline.bases
      .filter((b) => b.kind === "incremental" && b.restorable)
      .sort((x, y) => (sizes.get(y.backupId) ?? 0) - (sizes.get(x.backupId) ?? 0))[0]!;
    expect(sizes.get(incremental.backupId)).toBeGreaterThan(2);
    const point = timeline.windows.find((w) => w.baseId === incremental.backupId)!.start;
    const name = `real-restore-${Date.now()}`;
    const answer = await demo.post(
      `/api/instances/${ordersId}/restores`,
      { mode: "new", point_in_time: point, name },
      { "Idempotency-Key": `real-${name}` },
    );
    expect(answer.status, JSON.stringify(answer.body)).toBe(202);
    const { restore } = restoreResponseSchema.parse(answer.body);
    expect(restore.baseBackupId).toBe(incremental.backupId);
    const final = await until("the restored instance to be ACTIVE", async () => {
      const s = await demo.get<{ status: string; done: boolean }>(`/api/instances/${restore.instanceId}/status`);
      return s.body.done ? s.body.status : null;
    });
    expect(final).toBe("ACTIVE");
    const restored = await troveGet<{ instance: { volume: { size: number } } }>(up, `/instances/${restore.instanceId}`);
    expect(restored.body.instance.volume.size).toBeGreaterThanOrEqual(Math.ceil(sizes.get(incremental.backupId)!));
    // Clean up so re-runs start from the seed's fleet.
    await fetch(`${up.endpoint}/instances/${restore.instanceId}`, { method: "DELETE", headers: { "X-Auth-Token": up.token } });
  });

  it("refuses a second backup while one runs, with Trove's reason", async () => {
    const billing = await instanceId(demo, "billing-db");
    const first = await demo.post(`/api/instances/${billing}/backups`, { kind: "incremental" });
    expect(first.status, JSON.stringify(first.body)).toBe(202);
    const second = await demo.post(`/api/instances/${billing}/backups`, { kind: "full" });
    expect(second.status).toBe(422);
    expect((second.body as { error: { code: string; message: string } }).error).toMatchObject({
      code: "upstream_rejected",
      message: expect.stringMatching(/BACKUP|not currently available/),
    });
    await until("the backup to finish", async () => {
      const s = await demo.get<{ status: string }>(`/api/instances/${billing}/status`);
      return s.body.status === "ACTIVE" ? true : null;
    });
    const up = await signIn(KEYSTONE, "demo");
    const created = (first.body as { backup: { id: string } }).backup.id;
    const removed = await fetch(`${up.endpoint}/backups/${created}`, { method: "DELETE", headers: { "X-Auth-Token": up.token } });
    expect(removed.status).toBe(202);
  });

  it("refuses the reader in the dashboard's own server, although Trove 18's policy would let it write", async () => {
    const timeline = await timelineOf(demo, ordersId);
    const viewer = await as("viewer", "demo");
    const answer = await viewer.post(`/api/instances/${ordersId}/backups`, { kind: "full" });
    expect(answer.status).toBe(403);
    const restore = await viewer.post(
      `/api/instances/${ordersId}/restores`,
      { mode: "new", point_in_time: timeline.recoverable.at(-1)!.start },
      { "Idempotency-Key": "real-viewer" },
    );
    expect(restore.status).toBe(403);
  });

  it("gives the admin the overview of every project from /mgmt/instances and all-project backups, projects by name from Keystone", async () => {
    const admin = await as("admin");
    const answer = await admin.request("GET", "/api/admin/recovery-overview?refresh=1", {
      headers: { "X-Requested-With": "trove-pitr-dashboard" },
    });
    expect(answer.status).toBe(200);
    const overview = recoveryOverviewSchema.parse(answer.body);
    expect(overview.capability).toBe("stock");
    const names = overview.rows.map((r) => r.instanceName);
    expect(names).toEqual(expect.arrayContaining(["orders-db", "billing-db", "no-backups-db", "alt-db"]));
    expect(new Set(overview.rows.map((r) => r.projectId)).size).toBeGreaterThanOrEqual(2);
    expect(overview.rows.find((r) => r.instanceName === "orders-db")?.lastFullBackup).not.toBeNull();
    // Read with the admin's token from Keystone 22's GET /v3/projects.
    expect(overview.rows.find((r) => r.instanceName === "orders-db")?.projectName).toBe("demo");
    expect(overview.rows.find((r) => r.instanceName === "alt-db")?.projectName).toBe("alt");
    expect((await demo.get("/api/admin/recovery-overview")).status).toBe(403);
  });
});
