/**
 * The embedded backend over time, through its HTTP API only: the demo world it promises (read with
 * the shared recovery core, so a gap is found for the reason the dashboard would give), the same
 * world from the same seed, and persistence across a restart, also in the middle of a restore.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startBackend, type BackendHandle } from "../helpers/backend";
import {
  analysisOf,
  signIn,
  troveGet,
  troveList,
  type TroveBackup as Backup,
  type TroveInstance as Instance,
  type Upstream,
} from "../server/upstream";

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

let backend: BackendHandle;
let admin: Upstream;

beforeAll(async () => {
  backend = await startBackend({ env: { EMBEDDED_RESTORE_SECONDS: "3" } });
  admin = await signIn(backend.keystoneUrl, "admin");
});
afterAll(async () => {
  await backend?.stop();
});

async function rowsOf(up: Upstream): Promise<Instance[]> {
  return (await troveGet<{ instances: Instance[] }>(up, "/mgmt/instances")).body.instances;
}

/** Backups per instance name, over every project: what "the same world" has to repeat. */
async function backupCounts(up: Upstream): Promise<Record<string, number>> {
  const names = new Map((await rowsOf(up)).map((r) => [r.id, r.name]));
  const counts: Record<string, number> = {};
  for (const b of await troveList<Backup>(up, "/backups?all_projects=true&limit=1000", "backups")) {
    const name = names.get(b.instance_id) ?? b.instance_id;
    counts[name] = (counts[name] ?? 0) + 1;
  }
  return counts;
}

const troveMs = (t: string) => Date.parse(/Z$|[+-]\d{2}:\d{2}$/.test(t) ? t : `${t}Z`);

describe("the demo world", () => {
  it("is the same from the same seed: two fresh starts give the same instances and backup counts", async () => {
    const twin = await startBackend();
    try {
      const twinAdmin = await signIn(twin.keystoneUrl, "admin");
      const mine = (await rowsOf(admin)).map((r) => `${r.id} ${r.tenant_id} ${r.name}`).sort();
      expect((await rowsOf(twinAdmin)).map((r) => `${r.id} ${r.tenant_id} ${r.name}`).sort()).toEqual(mine);
      expect(await backupCounts(twinAdmin)).toEqual(await backupCounts(admin));
    } finally {
      await twin.stop();
    }
  });

  it("holds what it promises: projects, datastores, 14 days, the backup schedule and every planted fault", async () => {
    const rows = await rowsOf(admin);
    expect(new Set(rows.map((r) => r.tenant_id)).size).toBeGreaterThanOrEqual(3);
    expect(rows.length).toBeGreaterThanOrEqual(12);
    expect(new Set(rows.map((r) => r.datastore.type))).toEqual(new Set(["mysql", "mariadb", "postgresql"]));
    const byName = new Map(rows.map((r) => [r.name, r]));
    const idOf = (name: string) => {
      const row = byName.get(name);
      if (!row) throw new Error(`the demo world has no ${name}`);
      return row.id;
    };

    // 14 days of log, a nightly full and incrementals 4 h apart chained on it.
    const orders = await analysisOf(admin, idOf("orders-db"));
    expect(Date.now() - troveMs(orders.segments[0]!.start)).toBeGreaterThan(13.5 * DAY);
    expect(orders.backups.length).toBeGreaterThan(60);
    const oldestFirst = [...orders.backups].reverse();
    const fulls = oldestFirst.filter((b) => b.parent_id === null);
    expect(fulls.length).toBeGreaterThanOrEqual(13);
    // The history's first backup is full whatever its hour (nothing to chain on); nightly ones follow a day apart.
    for (let i = 2; i < fulls.length; i++)
      expect(Math.abs(troveMs(fulls[i]!.created) - troveMs(fulls[i - 1]!.created) - DAY)).toBeLessThan(HOUR);
    for (let i = 1; i < oldestFirst.length; i++) {
      const b = oldestFirst[i]!;
      if (b.parent_id === null) continue;
      expect(b.parent_id).toBe(oldestFirst[i - 1]!.id);
      expect(Math.abs(troveMs(b.created) - troveMs(oldestFirst[i - 1]!.created) - 4 * HOUR)).toBeLessThan(HOUR);
    }
    expect(orders.analysis.gaps).toEqual([]);

    // The gap causes the dashboard would name, found by the same recovery core.
    const billing = await analysisOf(admin, idOf("billing-pg"));
    const missing = billing.analysis.gaps.find((g) => g.cause === "missing-segment");
    expect(missing, JSON.stringify(billing.analysis.gaps)).toBeTruthy();
    expect(troveMs(missing!.end) - troveMs(missing!.start)).toBe(35 * 60_000);
    const inventory = await analysisOf(admin, idOf("inventory-db"));
    expect(inventory.analysis.gaps.some((g) => g.cause === "lsn-discontinuity")).toBe(true);

    const payments = await analysisOf(admin, idOf("payments-pg"));
    expect(payments.backups.some((b) => b.status === "FAILED" && b.parent_id === null)).toBe(true);
    expect(payments.backups.some((b) => b.status === "FAILED" && b.parent_id !== null)).toBe(true);

    expect(await troveList<Backup>(admin, `/instances/${idOf("sessions-db")}/backups`, "backups")).toEqual([]);
    const crm = (await troveGet<{ instance: Instance }>(admin, `/instances/${idOf("legacy-crm-db")}`)).body.instance;
    expect(crm.status).toBe("ERROR");
    expect(crm.fault?.message).toBeTruthy();
    const events = await analysisOf(admin, idOf("events-pg"));
    expect(new Set(events.segments.map((s) => s.timeline))).toEqual(new Set([1, 2]));
    expect(events.segments.at(-1)!.timeline).toBe(2);
  });
});

describe("restarts", () => {
  it("keep every instance and backup, and a restore in flight at the restart still ends (never stuck in BUILD)", async () => {
    let demo = await signIn(backend.keystoneUrl, "demo");
    const orders = (await troveList<Instance>(demo, "/instances", "instances")).find((i) => i.name === "orders-db")!;
    const base = (await troveList<Backup>(demo, `/instances/${orders.id}/backups`, "backups")).find(
      (b) => b.status === "COMPLETED" && b.parent_id === null,
    )!;
    const res = await fetch(`${demo.endpoint}/instances`, {
      method: "POST",
      headers: { "X-Auth-Token": demo.token, "Content-Type": "application/json", Accept: "application/json" },
      body: JSON.stringify({
        instance: {
          name: "across-restart",
          flavorRef: "2",
          volume: { size: 100 },
          datastore: orders.datastore,
          restorePoint: { backupRef: base.id },
        },
      }),
    });
    expect(res.status).toBe(200);
    const restoring = ((await res.json()) as { instance: Instance }).instance;
    expect(restoring.status).toBe("BUILD");
    const instancesBefore = (await rowsOf(admin)).map((r) => r.id).sort();
    const backupsBefore = (await troveList<Backup>(admin, "/backups?all_projects=true&limit=1000", "backups")).map((b) => b.id).sort();

    await backend.restart();
    admin = await signIn(backend.keystoneUrl, "admin");
    demo = await signIn(backend.keystoneUrl, "demo");
    expect((await rowsOf(admin)).map((r) => r.id).sort()).toEqual(instancesBefore);
    expect((await troveList<Backup>(admin, "/backups?all_projects=true&limit=1000", "backups")).map((b) => b.id).sort()).toEqual(
      backupsBefore,
    );
    expect(backend.logs()).toMatch(/resumed the state/);

    const deadline = Date.now() + 20_000;
    let status = "BUILD";
    while (status === "BUILD" && Date.now() < deadline) {
      status = (await troveGet<{ instance: Instance }>(demo, `/instances/${restoring.id}`)).body.instance.status;
      if (status === "BUILD") await new Promise((r) => setTimeout(r, 200));
    }
    expect(["ACTIVE", "ERROR"]).toContain(status);
    // The simulated engine resumes its work, so this restore finishes rather than failing.
    expect(status).toBe("ACTIVE");
  });
});
