/**
 * The embedded backend's PITR extension over real HTTP: the log archive, point-in-time restores and
 * in-place recoveries validated by the shared recovery core, fault injection and token expiry.
 * Restarts and the demo world are in lifecycle.test.ts.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type BackendHandle } from "../helpers/backend";
import {
  analysisOf,
  clearFaults,
  injectFault,
  pollUntil,
  signIn,
  troveGet,
  troveList,
  troveSend as send,
  type TroveBackup as Backup,
  type TroveInstance as Instance,
  type TroveSegment as Segment,
  type Upstream,
} from "../server/upstream";

const until = <T>(what: string, fn: () => Promise<T | null>, timeoutMs = 30_000) => pollUntil(what, fn, timeoutMs, 150);

let backend: BackendHandle;
let demo: Upstream;
let admin: Upstream;

beforeAll(async () => {
  // Restores long enough (3 s) that "still BUILD right after the request" is not a race with the clock's second.
  backend = await startBackend({ env: { EMBEDDED_RESTORE_SECONDS: "3" } });
  demo = await signIn(backend.keystoneUrl, "demo");
  admin = await signIn(backend.keystoneUrl, "admin");
});
afterAll(async () => {
  await backend?.stop();
});

async function named(up: Upstream, name: string): Promise<Instance> {
  const found = (await troveList<Instance>(up, "/instances", "instances")).find((i) => i.name === name);
  if (!found) throw new Error(`no instance ${name}`);
  return found;
}

const statusOf = async (id: string) => (await troveGet<{ instance: Instance }>(demo, `/instances/${id}`)).body.instance;

describe("the PITR extension", () => {
  it("lists the destructive commits found in an instance's log, oldest first, paged and filtered by time", async () => {
    const ext = await troveGet<{ extensions: { alias: string }[] }>(demo, "/extensions");
    expect(ext.body.extensions.map((e) => e.alias)).toContain("PITR-LOG-EVENTS");
    const billing = await named(demo, "billing-pg");
    const events = await troveList<{ kind: string; time: string; lsn: string; xid: number; relations: string[]; timeline: number }>(
      demo,
      `/instances/${billing.id}/log_events`,
      "log_events",
    );
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({ kind: "drop", relations: ["public.invoices_archive"], timeline: 1 });
    expect(events[0]!.time).toMatch(/T15:41:07\.250Z$/);
    expect(BigInt(events[0]!.lsn)).toBeGreaterThan(0n);
    const after = await troveGet<{ log_events: unknown[] }>(
      demo,
      `/instances/${billing.id}/log_events?since=${events[0]!.time.replace(/\d\d\.250Z$/, "08Z")}`,
    );
    expect(after.body.log_events).toHaveLength(0);
    expect((await troveGet(demo, `/instances/${billing.id}/log_events?until=soon`)).status).toBe(400);
    const orders = await named(demo, "orders-db");
    const truncates = await troveList<{ kind: string; relations: string[] }>(demo, `/instances/${orders.id}/log_events`, "log_events");
    expect(truncates.map((e) => [e.kind, e.relations])).toEqual([["truncate", ["shop.cart_items"]]]);
    // The simulated engine has no data to preview, and says so instead of inventing rows.
    const base = (await troveList<Backup>(demo, `/instances/${billing.id}/backups`, "backups")).find((b) => b.status === "COMPLETED")!;
    const preview = await send(demo, "POST", `/instances/${billing.id}/previews`, {
      preview: { backup: base.id, point_in_time: base.consistent_time, query: "SELECT 1" },
    });
    expect(preview.status).toBe(400);
    expect(JSON.stringify(preview.body)).toMatch(/not available on the simulated engine/);
    // Another project's instance is not found, as for every other read.
    const alt = await signIn(backend.keystoneUrl, "alt");
    expect((await troveGet(alt, `/instances/${billing.id}/log_events`)).status).toBe(404);
  });

  it("is advertised under the alias PITR", async () => {
    const ext = await troveGet<{ extensions: { alias: string }[] }>(demo, "/extensions");
    expect(ext.status).toBe(200);
    expect(ext.body.extensions.map((e) => e.alias)).toContain("PITR");
  });

  it("serves the log archive sorted by LSN, paged, filtered by since/until, and backups with their consistent point", async () => {
    const orders = await named(demo, "orders-db");
    const page = await troveGet<{ transaction_logs: Segment[]; links?: { href: string }[] }>(
      demo,
      `/instances/${orders.id}/transaction_logs`,
    );
    expect(page.body.transaction_logs).toHaveLength(20);
    expect(page.body.links?.[0]?.href).toMatch(/marker=20/);
    const all = await troveList<Segment>(demo, `/instances/${orders.id}/transaction_logs?limit=1000`, "transaction_logs");
    expect(all.length).toBeGreaterThan(14 * 288 - 300);
    const lsns = all.map((s) => BigInt(s.start_lsn));
    for (let i = 1; i < lsns.length; i++) expect(lsns[i]! >= lsns[i - 1]!).toBe(true);
    expect(all.at(-1)!.status).toBe("BUILDING");
    const since = all[100]!.start;
    const until = all[110]!.end;
    const window = await troveList<Segment>(
      demo,
      `/instances/${orders.id}/transaction_logs?since=${since}&until=${until}`,
      "transaction_logs",
    );
    expect(window.length).toBeGreaterThanOrEqual(10);
    expect(window.length).toBeLessThanOrEqual(13);
    const backup = (await troveList<Backup>(demo, `/instances/${orders.id}/backups`, "backups")).find((b) => b.status === "COMPLETED")!;
    expect(backup.consistent_lsn).toMatch(/^\d+$/);
    expect(backup.consistent_time).toMatch(/Z$/);
    expect(backup.timeline).toBe(1);
    expect((await troveGet(demo, `/instances/${orders.id}/transaction_logs?since=yesterday`)).status).toBe(400);
  });

  it("restores into a new instance at a point inside a window, and refuses one in a gap with the reason", async () => {
    const billing = await named(demo, "billing-pg");
    const { analysis } = await analysisOf(demo, billing.id);
    const gap = analysis.gaps.find((g) => g.cause === "missing-segment")!;
    expect(gap).toBeTruthy();
    const inGap = new Date((Date.parse(gap.start) + Date.parse(gap.end)) / 2).toISOString().replace(/\.\d{3}Z$/, "Z");
    const beforeGap = analysis.windows.find((w) => w.end === gap.start)!;
    const refused = await send(demo, "POST", "/instances", {
      instance: {
        name: "in-the-gap",
        flavorRef: "2",
        volume: { size: 50 },
        datastore: billing.datastore,
        restorePoint: { backupRef: beforeGap.baseId, point_in_time: inGap },
      },
    });
    expect(refused.status).toBe(400);
    expect(JSON.stringify(refused.body)).toMatch(/outside the recoverable window/);
    const point = new Date(Date.parse(gap.start) - 60_000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const made = await send(demo, "POST", "/instances", {
      instance: {
        name: "before-the-gap",
        flavorRef: "2",
        volume: { size: 50 },
        datastore: billing.datastore,
        restorePoint: { backupRef: beforeGap.baseId, point_in_time: point },
      },
    });
    expect(made.status, JSON.stringify(made.body)).toBe(200);
    const id = (made.body as { instance: Instance }).instance.id;
    expect((await statusOf(id)).status).toBe("BUILD");
    expect(await until("ACTIVE", async () => ((await statusOf(id)).status === "ACTIVE" ? true : null))).toBe(true);
  });

  it("recovers a running instance in place: 202 BUILDING, then ACTIVE on the next timeline", async () => {
    const inventory = await named(demo, "inventory-db");
    const { analysis } = await analysisOf(demo, inventory.id);
    // The widest window, not the last: the last can be minutes long, depending on the hour the world was made.
    const window = analysis.windows.reduce((a, b) =>
      Date.parse(b.end) - Date.parse(b.start) > Date.parse(a.end) - Date.parse(a.start) ? b : a,
    );
    const middle = (Date.parse(window.start) + Date.parse(window.end)) / 2;
    const point = new Date(Math.ceil(middle / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
    const answer = await send(demo, "POST", "/recovery", {
      recovery: { instance: inventory.id, backup: window.baseId, point_in_time: point },
    });
    expect(answer.status).toBe(202);
    expect(answer.body).toMatchObject({
      recovery: {
        id: inventory.id,
        name: "inventory-db",
        status: "BUILDING",
        datastore: "mariadb",
        recovered_from_backup: window.baseId,
        point_in_time: point,
      },
    });
    expect((await statusOf(inventory.id)).status).toBe("BUILD");
    const again = await send(demo, "POST", "/recovery", { recovery: { instance: inventory.id, backup: window.baseId } });
    expect(again.status).toBe(422);
    await until("ACTIVE", async () => ((await statusOf(inventory.id)).status === "ACTIVE" ? true : null));
    await until("the new timeline's log", async () => {
      const segs = await troveList<Segment>(demo, `/instances/${inventory.id}/transaction_logs?limit=1000`, "transaction_logs");
      return segs.some((s) => s.timeline === 2) ? true : null;
    });
    const listed = await troveGet<{ recoveries: { instance_id: string; point_in_time: string; status: string }[] }>(
      demo,
      `/recovery?instance_id=${inventory.id}`,
    );
    expect(listed.body.recoveries[0]).toMatchObject({ instance_id: inventory.id, point_in_time: point, status: "COMPLETED" });
    expect((await troveGet(demo, "/recovery?all_projects=true")).status).toBe(403);
    const fleet = await troveGet<{ recoveries: unknown[] }>(admin, "/recovery?all_projects=true");
    expect(fleet.body.recoveries.length).toBeGreaterThanOrEqual(2);
  });

  it("refuses to recover an instance that is not ACTIVE (422)", async () => {
    const broken = await named(demo, "legacy-crm-db");
    const backup = (await troveList<Backup>(demo, `/instances/${broken.id}/backups`, "backups")).find((b) => b.status === "COMPLETED")!;
    const answer = await send(demo, "POST", "/recovery", { recovery: { instance: broken.id, backup: backup.id } });
    expect(answer.status).toBe(422);
    expect(answer.body).toMatchObject({ unprocessableEntity: { message: expect.stringContaining("ERROR") } });
  });
});

describe("fault injection (admin only)", () => {
  it("injects latency, error statuses, malformed bodies and failing restores on chosen routes", async () => {
    expect((await send(demo, "POST", "/mgmt/faults", { fault: { path: "/flavors", kind: "status" } })).status).toBe(401);
    expect((await send(admin, "POST", "/mgmt/faults", { fault: { path: "/flavors", kind: "status", status: 503, count: 1 } })).status).toBe(
      201,
    );
    expect((await troveGet(demo, "/flavors")).status).toBe(503);
    expect((await troveGet(demo, "/flavors")).status).toBe(200);
    await injectFault(admin, { path: "/datastores", kind: "malformed", count: 1 });
    const garbage = await fetch(`${demo.endpoint}/datastores`, { headers: { "X-Auth-Token": demo.token } });
    await expect(garbage.json()).rejects.toThrow();
    await injectFault(admin, { path: "/extensions", kind: "latency", ms: 400, count: 1 });
    const t = performance.now();
    await troveGet(demo, "/extensions");
    expect(performance.now() - t).toBeGreaterThanOrEqual(380);

    await injectFault(admin, { path: "/instances", method: "POST", kind: "restore-error", count: 1 });
    const orders = await named(demo, "orders-db");
    const base = (await troveList<Backup>(demo, `/instances/${orders.id}/backups`, "backups")).find((b) => b.status === "COMPLETED")!;
    const made = await send(demo, "POST", "/instances", {
      instance: {
        name: "doomed",
        flavorRef: "2",
        volume: { size: 100 },
        datastore: orders.datastore,
        restorePoint: { backupRef: base.id },
      },
    });
    expect(made.status).toBe(200);
    const id = (made.body as { instance: Instance }).instance.id;
    const failed = await until("ERROR", async () => {
      const s = await statusOf(id);
      return s.status === "ERROR" ? s : null;
    });
    expect(failed.fault?.message).toMatch(/injected fault/);
    await clearFaults(admin);
    expect((await troveGet<{ faults: unknown[] }>(admin, "/mgmt/faults")).body.faults).toEqual([]);
  });

  it("applies faults only to authenticated requests, so no stranger can trigger or use one up", async () => {
    await injectFault(admin, { path: "/flavors", kind: "status", status: 503, count: 1 });
    try {
      const stranger = await fetch(`${demo.endpoint}/flavors`, { headers: { Accept: "application/json" } });
      expect(stranger.status).toBe(401);
      const forged = await fetch(`${demo.endpoint}/flavors`, { headers: { Accept: "application/json", "X-Auth-Token": "gAAAAAforged" } });
      expect(forged.status).toBe(401);
      expect((await troveGet(demo, "/flavors")).status).toBe(503);
    } finally {
      await clearFaults(admin);
    }
  });

  it("takes path globs, and refuses regular expressions' braces it cannot read", async () => {
    expect((await send(admin, "POST", "/mgmt/faults", { fault: { path: "/instances/{a,{b}}", kind: "status" } })).status).toBe(400);
    await injectFault(admin, { path: "/instances/*/backups", method: "GET", kind: "status", status: 500, count: 1 });
    try {
      const orders = await named(demo, "orders-db");
      expect((await troveGet(demo, `/instances/${orders.id}/backups`)).status).toBe(500);
      expect((await troveGet(demo, `/instances/${orders.id}/backups`)).status).toBe(200);
    } finally {
      await clearFaults(admin);
    }
  });
});

describe("tokens", () => {
  it("expires tokens after EMBEDDED_TOKEN_TTL_SECONDS", async () => {
    const short = await startBackend({ env: { EMBEDDED_TOKEN_TTL_SECONDS: "2" } });
    try {
      const up = await signIn(short.keystoneUrl, "demo");
      expect((await troveGet(up, "/instances")).status).toBe(200);
      await new Promise((r) => setTimeout(r, 2500));
      const after = await troveGet(up, "/instances");
      expect(after.status).toBe(401);
      expect(after.body).toMatchObject({ error: { code: 401, title: "Unauthorized" } });
    } finally {
      await short.stop();
    }
  });
});
