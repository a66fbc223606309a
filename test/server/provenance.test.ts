import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  instanceDetailSchema,
  instanceListSchema,
  instanceStatusSchema,
  restoreResponseSchema,
  timelineResponseSchema,
  type InstanceDetail,
} from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { pollUntil, startBackend, type Backend } from "./upstream";

// The PITR extension's restored_from (trove-api.md, "Provenance of a restored or recovered
// instance") reaches the browser through GET /api/instances/:id, with names in place of ids.

let backend: Backend;
let dashboard: Dashboard;
let api: ApiClient;
let source: { id: string; name: string };
let point: string;

const iso = (ms: number) => new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(".000Z", "Z");

async function detail(id: string): Promise<{ raw: { instance: Record<string, unknown> }; parsed: InstanceDetail }> {
  const answer = await api.get<{ instance: Record<string, unknown> }>(`/api/instances/${id}`);
  expect(answer.status).toBe(200);
  return { raw: answer.body, parsed: instanceDetailSchema.parse(answer.body) };
}

async function untilActive(id: string): Promise<void> {
  await pollUntil(
    `${id} ACTIVE`,
    async () => {
      const status = instanceStatusSchema.parse((await api.get(`/api/instances/${id}/status`)).body);
      if (status.status === "ERROR") throw new Error(`${id} went to ERROR`);
      return status.status === "ACTIVE" ? status : null;
    },
    60_000,
    250,
  );
}

beforeAll(async () => {
  backend = await startBackend();
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl, env: { STATUS_POLL_MS: "300" } });
  api = new ApiClient(dashboard.url);
  await api.login("demo");
  const list = instanceListSchema.parse((await api.get("/api/instances")).body);
  const candidates = list.instances.filter((i) => i.status === "ACTIVE" && i.health?.latestRestorable);
  candidates.sort((a, b) => ((a.health?.latestRestorable ?? "") < (b.health?.latestRestorable ?? "") ? 1 : -1));
  const chosen = candidates[0];
  if (!chosen) throw new Error("no restorable ACTIVE instance in the demo world");
  source = { id: chosen.id, name: chosen.name };
  const timeline = timelineResponseSchema.parse((await api.get(`/api/instances/${source.id}/timeline`)).body);
  const last = timeline.recoverable.at(-1);
  if (!last) throw new Error("nothing recoverable");
  point = iso((Date.parse(last.start) + Date.parse(last.end)) / 2);
});
afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
});

describe("provenance of a restored instance (GET /api/instances/:id)", () => {
  it("omits restoredFrom for an instance never restored", async () => {
    const { raw, parsed } = await detail(source.id);
    expect(parsed.capability).toBe("pitr");
    expect("restoredFrom" in raw.instance).toBe(false);
  });

  it("passes restored_from through for a new instance restored to a point, naming its source and base backup", async () => {
    const answer = await api.post(
      `/api/instances/${source.id}/restores`,
      { mode: "new", point_in_time: point, name: "provenance-check" },
      { "Idempotency-Key": "provenance-new-1" },
    );
    expect(answer.status).toBe(202);
    const restore = restoreResponseSchema.parse(answer.body).restore;
    await untilActive(restore.instanceId);

    const { parsed } = await detail(restore.instanceId);
    const from = parsed.instance.restoredFrom;
    expect(from).toMatchObject({
      sourceInstanceId: source.id,
      sourceInstanceName: source.name,
      backupId: restore.baseBackupId,
      pointInTime: point,
    });
    expect(from?.backupName).toBeTruthy();
    expect(from?.timeline).toEqual(expect.any(Number));
    expect(from?.recoveredAt).toMatch(/Z$/);
    // Recovery targets are commit times: the last commit is at or before the point, to the millisecond.
    expect(from?.lastCommitTime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/);
    expect(Date.parse(from?.lastCommitTime ?? "")).toBeLessThanOrEqual(Date.parse(point));
    expect(from?.lastCommitLsn).toMatch(/^\d+$/);
  });

  it("an instance recovered in place names itself as the source", async () => {
    const answer = await api.post(
      `/api/instances/${source.id}/restores`,
      { mode: "in-place", point_in_time: point },
      { "Idempotency-Key": "provenance-in-place-1" },
    );
    expect(answer.status).toBe(202);
    await untilActive(source.id);
    const from = (await detail(source.id)).parsed.instance.restoredFrom;
    expect(from).toMatchObject({ sourceInstanceId: source.id, sourceInstanceName: source.name, pointInTime: point });
  });
});
