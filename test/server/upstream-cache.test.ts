import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { instanceListSchema, timelineResponseSchema, type TimelineResponse } from "@/lib/api/schemas";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import { signIn, startBackend, troveList, type Backend, type Upstream } from "./upstream";

/**
 * The server's cache of immutable upstream data, through the built dashboard and the embedded
 * backend over real HTTP: what the lib/server unit tests prove against a fake Trove, end to end.
 */
let backend: Backend;
let dashboard: Dashboard;
let demo: ApiClient;
let demoUp: Upstream;
let ordersId: string;

async function timeline(client: ApiClient, id: string): Promise<TimelineResponse> {
  const answer = await client.get(`/api/instances/${id}/timeline`);
  expect(answer.status).toBe(200);
  return timelineResponseSchema.parse(answer.body);
}

beforeAll(async () => {
  backend = await startBackend();
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl });
  demoUp = await signIn(backend.keystoneUrl, "demo");
  demo = new ApiClient(dashboard.url);
  await demo.login("demo");
  const list = instanceListSchema.parse((await demo.get("/api/instances?health=0")).body);
  ordersId = list.instances.find((i) => i.name === "orders-db")?.id ?? "";
  expect(ordersId).not.toBe("");
});
afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
});

describe("cache of immutable upstream data, end to end", () => {
  it("never serves another project's data: alt cannot read demo's instance after demo's reads filled the cache", async () => {
    await timeline(demo, ordersId);
    await timeline(demo, ordersId);
    const alt = new ApiClient(dashboard.url);
    await alt.login("alt");
    expect((await alt.get(`/api/instances/${ordersId}/timeline`)).status).toBe(404);
    const altList = instanceListSchema.parse((await alt.get("/api/instances?health=0")).body);
    for (const i of altList.instances) {
      const t = await timeline(alt, i.id);
      const own = await troveList<{ id: string }>(await signIn(backend.keystoneUrl, "alt"), `/instances/${i.id}/backups`, "backups");
      expect(t.bases.map((b) => b.backupId).sort()).toEqual(own.map((b) => b.id).sort());
    }
  });

  it("shows a backup finished since the last read on the next read", async () => {
    const before = await timeline(demo, ordersId);
    const created = await demo.post(`/api/instances/${ordersId}/backups`, { kind: "full", name: "cache-check" });
    expect(created.status).toBe(202);
    const id = (created.body as { backup: { id: string } }).backup.id;
    expect(before.bases.map((b) => b.backupId)).not.toContain(id);
    let seen: string | undefined;
    for (let i = 0; i < 40 && seen !== "COMPLETED"; i++) {
      await new Promise((resolve) => setTimeout(resolve, 250));
      seen = (await timeline(demo, ordersId)).bases.find((b) => b.backupId === id)?.status;
    }
    expect(seen).toBe("COMPLETED");
    // And the timeline agrees with Trove's own full list.
    const direct = await troveList<{ id: string }>(demoUp, `/instances/${ordersId}/backups`, "backups");
    expect((await timeline(demo, ordersId)).bases.map((b) => b.backupId).sort()).toEqual(direct.map((b) => b.id).sort());
  });

  it("a deleted backup among the newest leaves the timeline on the next read", async () => {
    const t = await timeline(demo, ordersId);
    const newest = [...t.bases].sort((a, b) => b.created.localeCompare(a.created))[0]!;
    const res = await fetch(`${demoUp.endpoint}/backups/${newest.backupId}`, {
      method: "DELETE",
      headers: { "X-Auth-Token": demoUp.token },
    });
    expect(res.status).toBeLessThan(300);
    expect((await timeline(demo, ordersId)).bases.map((b) => b.backupId)).not.toContain(newest.backupId);
  });
});
