import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  instanceDetailSchema,
  instanceListSchema,
  instanceStatusSchema,
  logEventsResponseSchema,
  restoreResponseSchema,
} from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { pollUntil, startBackend, type Backend } from "./upstream";

// Destructive commits found in the log reach the browser, and "restore to just before" one stops
// at its LSN: the restored instance's provenance names the transaction left out.

let backend: Backend;
let dashboard: Dashboard;
let api: ApiClient;

beforeAll(async () => {
  backend = await startBackend();
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env: { STATUS_POLL_MS: "300" } });
  api = new ApiClient(dashboard.url);
  await api.login("demo");
});
afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
});

async function idOf(name: string): Promise<string> {
  const list = instanceListSchema.parse((await api.get("/api/instances")).body);
  return list.instances.find((i) => i.name === name)!.id;
}

describe("destructive changes in the log", () => {
  it("are listed with the commit's exact time and LSN, and an instance without any has an empty list", async () => {
    const billing = logEventsResponseSchema.parse((await api.get(`/api/instances/${await idOf("billing-pg")}/log-events`)).body);
    expect(billing.supported).toBe(true);
    expect(billing.events).toHaveLength(1);
    expect(billing.events[0]).toMatchObject({ kind: "drop", relations: ["public.invoices_archive"] });
    expect(billing.events[0]!.time).toMatch(/:41:07\.250Z$/);
    const sessions = logEventsResponseSchema.parse((await api.get(`/api/instances/${await idOf("sessions-db")}/log-events`)).body);
    expect(sessions.events).toEqual([]);
    expect((await api.get("/api/instances/no-such-instance/log-events")).status).toBe(404);
  });

  it("restore to just before one: the LSN reaches Trove, and the provenance names the transaction left out", async () => {
    const id = await idOf("billing-pg");
    const drop = logEventsResponseSchema.parse((await api.get(`/api/instances/${id}/log-events`)).body).events[0]!;
    const at = drop.time.replace(/\.\d{3}Z$/, "Z");
    const bad = await api.post(
      `/api/instances/${id}/restores`,
      { mode: "new", point_in_time: at, lsn: "0x10" },
      { "Idempotency-Key": "lsn-bad" },
    );
    expect(bad.status).toBe(400);
    const answer = await api.post(
      `/api/instances/${id}/restores`,
      { mode: "new", point_in_time: at, lsn: drop.lsn, name: "billing-before-drop" },
      { "Idempotency-Key": "lsn-1" },
    );
    expect(answer.status).toBe(202);
    const restore = restoreResponseSchema.parse(answer.body).restore;
    expect(restore.lsn).toBe(drop.lsn);
    await pollUntil(
      "restored ACTIVE",
      async () =>
        instanceStatusSchema.parse((await api.get(`/api/instances/${restore.instanceId}/status`)).body).status === "ACTIVE" ? true : null,
      60_000,
      250,
    );
    const restored = instanceDetailSchema.parse((await api.get(`/api/instances/${restore.instanceId}`)).body).instance;
    expect(restored.restoredFrom?.excluded).toMatchObject({
      kind: "drop",
      xid: drop.xid,
      relations: ["public.invoices_archive"],
      time: drop.time,
    });
  });
});
