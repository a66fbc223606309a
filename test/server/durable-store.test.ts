/**
 * The default store (SQLite in the data directory): one dashboard and a restart keep idempotency
 * records and the audit trail, as `npm start` does.
 */
import { mkdtempSync, rmSync } from "node:fs";
import { randomBytes } from "node:crypto";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { auditListSchema } from "@/lib/api/audit";
import { instanceListSchema, restoreResponseSchema } from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { signIn, startBackend, troveList, type Backend, type Upstream } from "./upstream";

let backend: Backend;
let dashboard: Dashboard;
let demoUp: Upstream;
let api: ApiClient;
let sourceId = "";
let point = "";
const dataDir = mkdtempSync(path.join(tmpdir(), "tpd-durable-"));
const env = { DASHBOARD_DATA_DIR: dataDir, SESSION_SECRET: randomBytes(32).toString("base64url"), STATUS_POLL_MS: "300" };

const instancesNamed = async (name: string) =>
  (await troveList<{ id: string; name: string }>(demoUp, "/instances", "instances")).filter((i) => i.name === name);

async function restart(): Promise<void> {
  await dashboard.stop();
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env });
  api = Object.assign(new ApiClient(dashboard.url), { cookie: api.cookie });
}

beforeAll(async () => {
  backend = await startBackend();
  demoUp = await signIn(backend.keystoneUrl, "demo");
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env });
  api = new ApiClient(dashboard.url);
  await api.login("demo");
  const list = instanceListSchema.parse((await api.get("/api/instances")).body);
  const source = list.instances.find((i) => i.status === "ACTIVE" && i.datastore.type === "mysql" && i.health?.latestRestorable);
  sourceId = source?.id ?? "";
  point = source?.health?.latestRestorable ?? "";
  expect(sourceId).not.toBe("");
});

afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
  rmSync(dataDir, { recursive: true, force: true });
});

describe("the default store (SQLite), one dashboard restarted", () => {
  it("creates one instance for a double submit and returns the first answer to the same key after a restart", async () => {
    const body = { mode: "new", point_in_time: point, name: "durable-copy" };
    const [a, b] = await Promise.all(
      [0, 1].map(() => api.post(`/api/instances/${sourceId}/restores`, body, { "Idempotency-Key": "durable-1" })),
    );
    expect([a?.status, b?.status]).toEqual([202, 202]);
    const first = restoreResponseSchema.parse(a?.body).restore;
    await restart();
    const replay = await api.post(`/api/instances/${sourceId}/restores`, body, { "Idempotency-Key": "durable-1" });
    expect(replay.status).toBe(202);
    expect(restoreResponseSchema.parse(replay.body).restore).toEqual(first);
    expect(await instancesNamed("durable-copy")).toHaveLength(1);
    const reused = await api.post(`/api/instances/${sourceId}/restores`, { ...body, name: "other" }, { "Idempotency-Key": "durable-1" });
    expect(reused.body).toMatchObject({ error: { code: "idempotency_key_reused" } });
  });

  it("keeps the audit trail across the restart, each restore with its final status and each backup recorded", async () => {
    const id = (await instancesNamed("durable-copy"))[0]!.id;
    // What the restore tracker does: watch until the instance settles.
    await (
      await fetch(`${api.baseUrl}/api/instances/${id}/status?stream=1`, {
        headers: { Cookie: api.cookie },
        signal: AbortSignal.timeout(60_000),
      })
    ).text();
    const backup = await api.post(`/api/instances/${sourceId}/backups`, { kind: "incremental" });
    expect(backup.status).toBe(202);
    await restart();
    const trail = auditListSchema.parse((await api.get("/api/audit")).body);
    expect(trail.scope).toBe("project");
    const restores = trail.records.filter((r) => r.action === "restore");
    expect(restores).toHaveLength(1);
    expect(restores[0]).toMatchObject({
      idempotencyKey: "durable-1",
      instanceId: sourceId,
      pointInTime: point,
      user: { name: "demo" },
      outcome: { status: "ACTIVE", final: true, resultId: id },
    });
    expect(trail.records.filter((r) => r.action === "backup")).toMatchObject([
      { backupKind: "incremental", outcome: { status: expect.any(String) } },
    ]);
  });

  it("ends the records nobody watched (a restore whose tracker was closed, a backup) from Trove when the trail is read", async () => {
    const asked = await api.post(
      `/api/instances/${sourceId}/restores`,
      { mode: "new", point_in_time: point, name: "durable-unwatched" },
      { "Idempotency-Key": "durable-2" },
    );
    expect(asked.status).toBe(202);
    const trail = () => api.get("/api/audit").then((r) => auditListSchema.parse(r.body));
    const open = (await trail()).records.find((r) => r.idempotencyKey === "durable-2");
    // The whole outcome, so that a failure says what the record held (a CI run once saw it final here).
    expect(open?.outcome).toMatchObject({ final: false });
    await expect
      .poll(
        async () =>
          (await trail()).records
            .filter((r) => r.idempotencyKey === "durable-2" || r.action === "backup")
            .map((r) => [r.action, r.outcome.status, r.outcome.final]),
        { timeout: 60_000, interval: 1000 },
      )
      .toEqual([
        ["restore", "ACTIVE", true],
        ["backup", "COMPLETED", true],
      ]);
  });
});
