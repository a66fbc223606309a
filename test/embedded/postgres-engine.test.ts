/**
 * The PostgreSQL engine, for real: clusters on loopback addresses, pgBackRest backups and WAL
 * archive, restores replayed by PostgreSQL, and every claim checked by SQL on the restored data.
 * Runs the backend with `EMBEDDED_ENGINE=postgres`, and the dashboard in front of it.
 */
import { execFile } from "node:child_process";
import { readdirSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import path from "node:path";
import { promisify } from "node:util";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { restoreResponseSchema, timelineResponseSchema } from "@/lib/api/schemas";
import { startBackend, type BackendHandle } from "../helpers/backend";
import { ApiClient, startDashboard, type Dashboard } from "../helpers/dashboard";
import {
  analysisOf,
  pollUntil,
  signIn,
  troveGet,
  troveList,
  troveSend,
  type TroveBackup,
  type TroveSegment,
  type Upstream,
} from "../server/upstream";

const exec = promisify(execFile);
const PSQL = "/usr/lib/postgresql/15/bin/psql";
const NETWORK = process.env.TEST_PG_NETWORK ?? "127.0.9";

interface PgInstance {
  id: string;
  name: string;
  status: string;
  ip?: string[];
  fault?: { message: string };
  restored_from?: {
    instance_id: string;
    backup_id: string;
    point_in_time: string;
    point_lsn?: string;
    timeline: number;
    last_commit_time: string | null;
    last_commit_lsn: string | null;
  };
}

let backend: BackendHandle;
let dashboard: Dashboard;
let demo: Upstream;
let api: ApiClient;

const until = <T>(what: string, fn: () => Promise<T | null>, timeoutMs = 90_000) => pollUntil(what, fn, timeoutMs, 250);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const iso = (ms: number) => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");

async function instance(id: string): Promise<PgInstance> {
  return (await troveGet<{ instance: PgInstance }>(demo, `/instances/${id}`)).body.instance;
}

async function settled(id: string): Promise<PgInstance> {
  return until(`instance ${id} to leave BUILD`, async () => {
    const i = await instance(id);
    return i.status === "BUILD" ? null : i;
  });
}

/** Root credentials through Trove's enable-root call, then SQL over TCP to the instance's own address. */
async function connect(id: string): Promise<(sql: string) => Promise<string>> {
  const inst = await instance(id);
  const answer = await troveSend(demo, "POST", `/instances/${id}/root`);
  expect(answer.status).toBe(200);
  const user = (answer.body as { user: { name: string; password: string } }).user;
  const host = inst.ip![0]!;
  return async (sql) =>
    (
      await exec(PSQL, [
        "-X",
        "-A",
        "-t",
        "-q",
        "-v",
        "ON_ERROR_STOP=1",
        `host=${host} port=5432 user=${user.name} password=${user.password} dbname=postgres`,
        "-c",
        sql,
      ])
    ).stdout.trim();
}

async function backup(id: string, incremental: boolean): Promise<TroveBackup> {
  const answer = await troveSend(demo, "POST", "/backups", {
    backup: { name: incremental ? "incr" : "full", instance: id, ...(incremental ? { incremental: 1 } : {}) },
  });
  expect(answer.status).toBe(202);
  const bid = (answer.body as { backup: { id: string } }).backup.id;
  return until(`backup ${bid}`, async () => {
    const b = (await troveGet<{ backup: TroveBackup }>(demo, `/backups/${bid}`)).body.backup;
    return b.status === "COMPLETED" || b.status === "FAILED" ? b : null;
  });
}

async function segments(id: string): Promise<TroveSegment[]> {
  return troveList<TroveSegment>(demo, `/instances/${id}/transaction_logs?limit=1000`, "transaction_logs");
}

/** Inserts a row and answers its commit time (the row's clock_timestamp is taken just before the commit). */
async function insertRow(sql: (s: string) => Promise<string>, n: number): Promise<number> {
  return Date.parse(
    await sql(`INSERT INTO items (n) VALUES (${n}) RETURNING to_char(at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`),
  );
}

let source: string;
let sourceSql: (sql: string) => Promise<string>;
const rows: { n: number; at: number }[] = [];

beforeAll(async () => {
  backend = await startBackend({
    env: {
      EMBEDDED_ENGINE: "postgres",
      EMBEDDED_WORLD: "empty",
      EMBEDDED_PG_NETWORK: NETWORK,
      EMBEDDED_PG_ARCHIVE_TIMEOUT: "1",
      EMBEDDED_PREVIEW_TIMEOUT_SECONDS: "2",
      EMBEDDED_PREVIEW_IDLE_SECONDS: "8",
      EMBEDDED_PREVIEW_MAX: "1",
    },
  });
  dashboard = await startDashboard({ keystoneUrl: backend.keystoneUrl });
  demo = await signIn(backend.keystoneUrl, "demo");
  api = new ApiClient(dashboard.url);
  expect((await api.login("demo")).status).toBe(200);
}, 240_000);

afterAll(async () => {
  await dashboard?.stop();
  await backend?.stop();
  // Stopping the backend stops every cluster it started.
  const { stdout } = await exec("ss", ["-ltnH"]);
  expect(stdout).not.toContain(`${NETWORK}.`);
}, 60_000);

describe("the PostgreSQL engine", { timeout: 180_000 }, () => {
  it("creates a real cluster on its own loopback address, with working root credentials", async () => {
    const created = await troveSend(demo, "POST", "/instances", {
      instance: { name: "pg-source", flavorRef: "2", volume: { size: 5 }, datastore: { type: "postgresql", version: "15" } },
    });
    expect(created.status).toBe(200);
    source = (created.body as { instance: { id: string } }).instance.id;
    const inst = await settled(source);
    expect(inst.status).toBe("ACTIVE");
    expect(inst.ip?.[0]).toMatch(new RegExp(`^${NETWORK.replaceAll(".", "\\.")}\\.\\d+$`));
    sourceSql = await connect(source);
    expect(await sourceSql("SELECT current_setting('server_version_num')::int / 10000")).toBe("15");
    expect((await troveGet<{ rootEnabled: boolean }>(demo, `/instances/${source}/root`)).body.rootEnabled).toBe(true);
    await sourceSql("CREATE TABLE items (n int PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp())");
  });

  it("takes pgBackRest full and incremental backups with their real stop LSN, time and chain", async () => {
    for (let n = 1; n <= 3; n++) rows.push({ n, at: await insertRow(sourceSql, n) });
    const full = await backup(source, false);
    expect(full.status).toBe("COMPLETED");
    expect(full.parent_id).toBeNull();
    expect(full.locationRef).toMatch(/\/repo\/backup\/db\/\d{8}-\d{6}F$/);
    // Rows more than a second apart, so a chosen second falls cleanly between two of them.
    for (let n = 4; n <= 9; n++) {
      await sleep(1100);
      rows.push({ n, at: await insertRow(sourceSql, n) });
      if (n === 5 || n === 7) {
        const incr = await backup(source, true);
        expect(incr.status).toBe("COMPLETED");
        expect(incr.parent_id).not.toBeNull();
        expect(incr.locationRef).toMatch(/I$/);
      }
    }
    const backups = await troveList<TroveBackup>(demo, `/instances/${source}/backups`, "backups");
    expect(backups.filter((b) => b.status === "COMPLETED")).toHaveLength(3);
    for (const b of backups) {
      expect(BigInt(b.consistent_lsn!)).toBeGreaterThan(0n);
      expect(b.timeline).toBe(1);
    }
    const [incr2, incr1] = backups;
    expect(incr2!.parent_id).toBe(incr1!.id);
  });

  it("lists the archive's real segments, contiguous by LSN, covering the rows once archived", async () => {
    // Keep committing so the last row's second is followed by an archived commit.
    await sleep(1100);
    rows.push({ n: 10, at: await insertRow(sourceSql, 10) });
    const last = rows.find((r) => r.n === 9)!.at;
    const segs = await until("the archive to cover the rows", async () => {
      const s = await segments(source);
      return s.length && Date.parse(s.at(-1)!.end) >= last ? s : null;
    });
    for (const s of segs) {
      expect(BigInt(s.end_lsn) - BigInt(s.start_lsn)).toBe(16_777_216n);
      expect(s.status).toBe("COMPLETED");
    }
    const timeline = timelineResponseSchema.parse((await api.get(`/api/instances/${source}/timeline`)).body);
    expect(timeline.capability).toBe("pitr");
    expect(Date.parse(timeline.latest!)).toBeGreaterThanOrEqual(Math.floor(last / 1000) * 1000);
  });

  it("restores into a new instance at a chosen second: exactly the rows committed by then, and says where the data ends", async () => {
    // The second just after row k, well before row k+1.
    const k = rows.findIndex(
      (r, i) => i >= 4 && r.at % 1000 < 700 && rows[i + 1] && rows[i + 1]!.at - (Math.floor(r.at / 1000) + 1) * 1000 > 150,
    );
    expect(k).toBeGreaterThan(0);
    const point = (Math.floor(rows[k]!.at / 1000) + 1) * 1000;
    const answer = await api.post(
      `/api/instances/${source}/restores`,
      { mode: "new", point_in_time: iso(point), name: "pg-restored" },
      { "Idempotency-Key": "pg-restore-1" },
    );
    expect(answer.status).toBe(202);
    const restore = restoreResponseSchema.parse(answer.body).restore;
    const restored = await settled(restore.instanceId);
    expect(restored.fault?.message).toBeUndefined();
    expect(restored.status).toBe("ACTIVE");
    const sql = await connect(restore.instanceId);
    expect(await sql("SELECT count(*) || ':' || max(n) FROM items")).toBe(`${k + 1}:${rows[k]!.n}`);
    const from = restored.restored_from!;
    expect(from.instance_id).toBe(source);
    expect(from.point_in_time).toBe(iso(point));
    expect(Date.parse(from.last_commit_time!)).toBeLessThanOrEqual(point);
    expect(Date.parse(from.last_commit_time!)).toBeGreaterThanOrEqual(Math.floor(rows[k]!.at));
    expect(from.last_commit_lsn).toMatch(/^\d+$/);
    expect(from.timeline).toBe(Number(await sql("SELECT ('x' || substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8))::bit(32)::int")));
  });

  it("reaches the earliest and the latest points the API reports", async () => {
    const timeline = timelineResponseSchema.parse((await api.get(`/api/instances/${source}/timeline`)).body);
    for (const [label, point] of [
      ["earliest", timeline.earliest!],
      ["latest", timeline.latest!],
    ] as const) {
      const answer = await api.post(
        `/api/instances/${source}/restores`,
        { mode: "new", point_in_time: point, name: `pg-${label}` },
        { "Idempotency-Key": `pg-${label}` },
      );
      expect(answer.status).toBe(202);
      const restored = await settled(restoreResponseSchema.parse(answer.body).restore.instanceId);
      expect(restored.fault?.message, label).toBeUndefined();
      expect(restored.status).toBe("ACTIVE");
      const sql = await connect(restored.id);
      const expected = rows.filter((r) => r.at <= Date.parse(point)).length;
      expect(Number(await sql("SELECT count(*) FROM items")), label).toBe(expected);
      expect(Date.parse(restored.restored_from!.last_commit_time!)).toBeLessThanOrEqual(Date.parse(point));
      expect((await troveSend(demo, "DELETE", `/instances/${restored.id}`)).status).toBe(202);
      // A deleted instance's cluster stops and frees its address.
      await until(
        `${label}'s cluster to stop`,
        async () => ((await exec("ss", ["-ltnH"])).stdout.includes(`${restored.ip![0]}:5432`) ? null : true),
        30_000,
      );
    }
  });

  it("finds DROP TABLE and TRUNCATE in the log, named, and restores to just before the drop by LSN", async () => {
    await sourceSql(
      "CREATE TABLE victims (id int PRIMARY KEY, note text); INSERT INTO victims SELECT g, 'row ' || g FROM generate_series(1, 500) g",
    );
    await sourceSql("CREATE TABLE scratch (id int); INSERT INTO scratch VALUES (1), (2)");
    // The engine reads table names from the running cluster every few seconds.
    await sleep(3500);
    rows.push({ n: 50, at: await insertRow(sourceSql, 50) });
    await sleep(1100);
    await sourceSql("TRUNCATE scratch");
    await sleep(1100);
    await sourceSql("VACUUM FULL items");
    await sleep(1100);
    await sourceSql("DROP TABLE victims");
    await sleep(1100);
    rows.push({ n: 51, at: await insertRow(sourceSql, 51) });
    await sleep(1500);
    rows.push({ n: 52, at: await insertRow(sourceSql, 52) });
    type Ev = { kind: string; time: string; lsn: string; xid: number; relations: string[]; timeline: number };
    const events = await until("the drop and the truncate in log_events", async () => {
      const e = await troveList<Ev>(demo, `/instances/${source}/log_events`, "log_events");
      return e.length >= 2 ? e : null;
    });
    // The rewrite by VACUUM FULL is not a destructive change.
    expect(events.map((e) => [e.kind, e.relations])).toEqual([
      ["truncate", ["public.scratch"]],
      ["drop", ["public.victims"]],
    ]);
    const drop = events[1]!;
    expect(Date.parse(drop.time)).toBeGreaterThan(rows.find((r) => r.n === 50)!.at);
    expect(Date.parse(drop.time)).toBeLessThan(rows.find((r) => r.n === 51)!.at);
    await until("the log past the drop", async () =>
      (await segments(source)).some((x) => Date.parse(x.end) >= Math.ceil(Date.parse(drop.time) / 1000) * 1000) ? true : null,
    );

    const base = (await troveList<TroveBackup>(demo, `/instances/${source}/backups`, "backups")).find((b) => b.status === "COMPLETED")!;
    const byLsn = await troveSend(demo, "POST", "/instances", {
      instance: {
        name: "pg-before-drop",
        flavorRef: "2",
        volume: { size: 5 },
        datastore: { type: "postgresql", version: "15" },
        restorePoint: { backupRef: base.id, lsn: drop.lsn },
      },
    });
    expect(byLsn.status).toBe(200);
    const before = await settled((byLsn.body as { instance: { id: string } }).instance.id);
    expect(before.fault?.message).toBeUndefined();
    const beforeSql = await connect(before.id);
    expect(await beforeSql("SELECT count(*) FROM victims")).toBe("500");
    expect(await beforeSql("SELECT count(*) FROM scratch")).toBe("0");
    expect(before.restored_from!.point_lsn).toBe(drop.lsn);
    expect(BigInt(before.restored_from!.last_commit_lsn!)).toBeLessThan(BigInt(drop.lsn));

    // At the drop's commit time (the second after it) the table is gone.
    const atDrop = iso(Math.ceil(Date.parse(drop.time) / 1000) * 1000);
    const byTime = await api.post(
      `/api/instances/${source}/restores`,
      { mode: "new", point_in_time: atDrop, name: "pg-after-drop" },
      { "Idempotency-Key": "pg-after-drop" },
    );
    expect(byTime.status).toBe(202);
    const after = await settled(restoreResponseSchema.parse(byTime.body).restore.instanceId);
    const afterSql = await connect(after.id);
    expect(await afterSql("SELECT to_regclass('public.victims') IS NULL")).toBe("t");
    for (const id of [before.id, after.id]) await troveSend(demo, "DELETE", `/instances/${id}`);

    // An LSN before the base is consistent is refused, as is one that is not a number.
    expect(
      (
        await troveSend(demo, "POST", "/instances", {
          instance: {
            name: "x",
            flavorRef: "2",
            volume: { size: 5 },
            datastore: { type: "postgresql", version: "15" },
            restorePoint: { backupRef: base.id, lsn: "1" },
          },
        })
      ).status,
    ).toBe(400);
    expect(
      (
        await troveSend(demo, "POST", "/instances", {
          instance: {
            name: "x",
            flavorRef: "2",
            volume: { size: 5 },
            datastore: { type: "postgresql", version: "15" },
            restorePoint: { backupRef: base.id, lsn: "0/1" },
          },
        })
      ).status,
    ).toBe(400);
  });

  it("previews the data at two points read-only, with a timeout, limits, and nothing left behind", async () => {
    type Ev = { kind: string; time: string; lsn: string };
    const drop = (await troveList<Ev>(demo, `/instances/${source}/log_events`, "log_events")).find((e) => e.kind === "drop")!;
    const base = (await troveList<TroveBackup>(demo, `/instances/${source}/backups`, "backups")).find((b) => b.status === "COMPLETED")!;
    const preview = (user: Upstream, body: Record<string, unknown>) =>
      troveSend(user, "POST", `/instances/${source}/previews`, { preview: { backup: base.id, ...body } });
    type Answer = { preview: { columns: string[]; rows: string[][]; truncated: boolean; reused: boolean } };
    // Another project's instance with a backup, ready before demo's previews, to meet the backend's cap.
    const alt = await signIn(backend.keystoneUrl, "alt");
    const altCreated = await troveSend(alt, "POST", "/instances", {
      instance: { name: "alt-pg", flavorRef: "2", volume: { size: 5 }, datastore: { type: "postgresql", version: "15" } },
    });
    const altId = (altCreated.body as { instance: { id: string } }).instance.id;
    await until("alt-pg ACTIVE", async () =>
      (await troveGet<{ instance: PgInstance }>(alt, `/instances/${altId}`)).body.instance.status === "ACTIVE" ? true : null,
    );
    const altBackup = await troveSend(alt, "POST", "/backups", { backup: { name: "alt-full", instance: altId } });
    const altBackupId = (altBackup.body as { backup: { id: string } }).backup.id;
    const altBase = await until("alt backup", async () => {
      const b = (await troveGet<{ backup: TroveBackup }>(alt, `/backups/${altBackupId}`)).body.backup;
      return b.status === "COMPLETED" ? b : null;
    });

    const before = await preview(demo, { lsn: drop.lsn, query: "SELECT count(*) AS victims FROM victims" });
    expect(before.status, JSON.stringify(before.body)).toBe(200);
    expect((before.body as Answer).preview).toMatchObject({ columns: ["victims"], rows: [["500"]], truncated: false, reused: false });
    const again = await preview(demo, { lsn: drop.lsn, query: "SELECT n FROM items ORDER BY n" });
    expect((again.body as Answer).preview.reused).toBe(true);
    expect((again.body as Answer).preview.rows.map((r) => Number(r[0]))).toEqual(
      rows
        .filter((r) => r.at < Date.parse(drop.time))
        .map((r) => r.n)
        .sort((a, b) => a - b),
    );
    // The same question at two points, two answers.
    const exists = "SELECT count(*) AS tables FROM pg_class WHERE relname = 'victims'";
    const afterPoint = iso(Math.ceil(Date.parse(drop.time) / 1000) * 1000);
    expect(((await preview(demo, { lsn: drop.lsn, query: exists })).body as Answer).preview.rows).toEqual([["1"]]);
    expect(((await preview(demo, { point_in_time: afterPoint, query: exists })).body as Answer).preview.rows).toEqual([["0"]]);
    const afterDrop = await preview(demo, { point_in_time: afterPoint, query: "SELECT count(*) FROM victims" });
    expect(afterDrop.status).toBe(400);
    expect(JSON.stringify(afterDrop.body)).toMatch(/relation \\"victims\\" does not exist/);

    // Read-only, bounded in time; the source keeps its data.
    const write = await preview(demo, {
      lsn: drop.lsn,
      query: "WITH x AS (INSERT INTO items (n) VALUES (999) RETURNING n) SELECT * FROM x",
    });
    expect(write.status).toBe(400);
    const files = await preview(demo, { lsn: drop.lsn, query: "SELECT pg_read_file('/etc/hostname')" });
    expect(files.status).toBe(400);
    expect(JSON.stringify(files.body)).toMatch(/permission denied/);
    const slow = await preview(demo, { lsn: drop.lsn, query: "SELECT pg_sleep(10)" });
    expect(slow.status).toBe(400);
    expect(JSON.stringify(slow.body)).toMatch(/statement timeout/);
    expect(await sourceSql("SELECT count(*) FROM items WHERE n = 999")).toBe("0");

    // Readers may not preview (it restores data); the backend's cap (1 here) holds for another project.
    const viewer = await signIn(backend.keystoneUrl, "viewer");
    expect((await preview(viewer, { lsn: drop.lsn, query: "SELECT 1" })).status).toBe(403);
    const capped = await troveSend(alt, "POST", `/instances/${altId}/previews`, {
      preview: { backup: altBase.id, point_in_time: altBase.consistent_time, query: "SELECT 1" },
    });
    expect(capped.status).toBe(429);
    expect(JSON.stringify(capped.body)).toMatch(/previews/);
    const altIp = (await troveGet<{ instance: PgInstance }>(alt, `/instances/${altId}`)).body.instance.ip![0]!;
    await troveSend(alt, "DELETE", `/instances/${altId}`);
    await until(
      "alt-pg's cluster to stop",
      async () => ((await exec("ss", ["-ltnH"])).stdout.includes(`${altIp}:5432`) ? null : true),
      30_000,
    );

    // Idle for longer than EMBEDDED_PREVIEW_IDLE_SECONDS: the scratch cluster is stopped and removed.
    const scratchRoot = path.join(path.dirname(backend.db), "pg", "previews");
    await until("the idle preview cluster to go", async () => (readdirSync(scratchRoot).length === 0 ? true : null), 60_000);
  });

  it("refuses a point in a real gap (a segment removed from the archive), and restores just before it", async () => {
    // More history, spread over several segments (archive_timeout is 1 s).
    for (let n = 11; n <= 18; n++) {
      await sleep(1100);
      rows.push({ n, at: await insertRow(sourceSql, n) });
    }
    await sleep(2500);
    rows.push({ n: 19, at: await insertRow(sourceSql, 19) });
    const before = await until("segments with commits after row 11", async () => {
      const s = await segments(source);
      return s.filter((x) => Date.parse(x.start) > rows.find((r) => r.n === 11)!.at && x.start !== x.end).length >= 3 ? s : null;
    });
    const victim = before.filter((x) => Date.parse(x.start) > rows.find((r) => r.n === 11)!.at && x.start !== x.end)[1]!;
    const name = `00000001${(BigInt(victim.start_lsn) >> 32n).toString(16).toUpperCase().padStart(8, "0")}${((BigInt(victim.start_lsn) & 0xffffffffn) / 16_777_216n).toString(16).toUpperCase().padStart(8, "0")}`;
    const archive = path.join(path.dirname(backend.db), "pg", source, "repo", "archive", "db", "15-1", name.slice(0, 16));
    const file = readdirSync(archive).find((f) => f.startsWith(name))!;
    rmSync(path.join(archive, file));
    // Trove shows the gap at once; the dashboard's cached timeline sees a deletion only at its next
    // full re-read, but a restore is always judged against Trove's current answer.
    const { analysis } = await until("the gap to show in the archive", async () => {
      const a = await analysisOf(demo, source);
      return a.analysis.gaps.some((g) => g.cause === "missing-segment") ? a : null;
    });
    const gap = analysis.gaps.find((g) => g.cause === "missing-segment")!;
    const inside = iso(Math.floor((Date.parse(gap.start) + Date.parse(gap.end)) / 2000) * 1000);
    const refused = await api.post(
      `/api/instances/${source}/restores`,
      { mode: "new", point_in_time: inside, name: "pg-gap" },
      { "Idempotency-Key": "pg-gap-1" },
    );
    expect(refused.status).toBe(422);
    const base = (await troveList<TroveBackup>(demo, `/instances/${source}/backups`, "backups"))[0]!;
    const direct = await troveSend(demo, "POST", "/instances", {
      instance: {
        name: "pg-gap-direct",
        flavorRef: "2",
        volume: { size: 5 },
        datastore: { type: "postgresql", version: "15" },
        restorePoint: { backupRef: base.id, point_in_time: inside },
      },
    });
    expect(direct.status).toBe(400);
    // Just before the gap: the last second the archive before the hole can reach.
    const justBefore = gap.start;
    const answer = await api.post(
      `/api/instances/${source}/restores`,
      { mode: "new", point_in_time: justBefore, name: "pg-before-gap" },
      { "Idempotency-Key": "pg-gap-2" },
    );
    expect(answer.status).toBe(202);
    const restored = await settled(restoreResponseSchema.parse(answer.body).restore.instanceId);
    expect(restored.fault?.message).toBeUndefined();
    expect(restored.status).toBe("ACTIVE");
    const sql = await connect(restored.id);
    const expected = rows.filter((r) => r.at <= Date.parse(justBefore)).length;
    expect(Number(await sql("SELECT count(*) FROM items"))).toBe(expected);
  });

  it("recovers the running instance in place onto timeline 2, in the log, the timeline API and the data", async () => {
    const k = rows.findIndex((r) => r.n === 6);
    const point = (Math.floor(rows[k]!.at / 1000) + 1) * 1000;
    const answer = await api.post(
      `/api/instances/${source}/restores`,
      { mode: "in-place", point_in_time: iso(point) },
      { "Idempotency-Key": "pg-in-place-1" },
    );
    expect(answer.status).toBe(202);
    const done = await settled(source);
    expect(done.fault?.message).toBeUndefined();
    expect(done.status).toBe("ACTIVE");
    expect(done.restored_from?.timeline).toBe(2);
    sourceSql = await connect(source);
    expect(await sourceSql("SELECT max(n) FROM items")).toBe("6");
    expect(await sourceSql("SELECT substr(pg_walfile_name(pg_current_wal_lsn()), 1, 8)")).toBe("00000002");
    await sourceSql("INSERT INTO items (n) VALUES (100)");
    await until("timeline 2 in the archive", async () => ((await segments(source)).some((s) => s.timeline === 2) ? true : null));
    const timeline = timelineResponseSchema.parse((await api.get(`/api/instances/${source}/timeline`)).body);
    expect(timeline.timelines.map((t) => t.timeline)).toContain(2);
  });

  it("says why when a cluster dies or its address is taken, and keeps serving every other instance", async () => {
    const victim = (await troveList<PgInstance>(demo, "/instances", "instances")).find((i) => i.name === "pg-restored")!;
    const pidFile = path.join(path.dirname(backend.db), "pg", victim.id, "data", "postmaster.pid");
    const pid = Number((await exec("head", ["-1", pidFile])).stdout.trim());
    process.kill(pid, "SIGKILL");
    const dead = await until("the dead cluster to show ERROR", async () => {
      const i = await instance(victim.id);
      return i.status === "ERROR" ? i : null;
    });
    expect(dead.fault?.message).toMatch(/PostgreSQL stopped unexpectedly/);
    expect((await instance(source)).status).toBe("ACTIVE");

    // Someone else listens on the address the next instance would get.
    const used = new Set((await troveList<PgInstance>(demo, "/instances", "instances")).flatMap((i) => i.ip ?? []));
    let n = 1;
    while (used.has(`${NETWORK}.${n}`)) n++;
    const squatter = createServer().listen(5432, `${NETWORK}.${n}`);
    await new Promise((r) => squatter.once("listening", r));
    try {
      const created = await troveSend(demo, "POST", "/instances", {
        instance: { name: "pg-squatted", flavorRef: "2", volume: { size: 5 }, datastore: { type: "postgresql", version: "15" } },
      });
      const failed = await settled((created.body as { instance: { id: string } }).instance.id);
      expect(failed.status).toBe("ERROR");
      expect(failed.fault?.message).toMatch(/Address already in use/);
    } finally {
      squatter.close();
    }
    expect((await instance(source)).status).toBe("ACTIVE");
  });

  it("fails a restore explicitly when the backend restarts in the middle of it, and leaves nothing running", async () => {
    const base = (await troveList<TroveBackup>(demo, `/instances/${source}/backups`, "backups")).find(
      (b) => b.timeline === 1 && b.status === "COMPLETED",
    )!;
    const started = await troveSend(demo, "POST", "/instances", {
      instance: {
        name: "pg-interrupted",
        flavorRef: "2",
        volume: { size: 5 },
        datastore: { type: "postgresql", version: "15" },
        restorePoint: { backupRef: base.id, point_in_time: base.consistent_time },
      },
    });
    expect(started.status).toBe(200);
    const id = (started.body as { instance: { id: string; status: string } }).instance.id;
    await backend.restart();
    demo = await signIn(backend.keystoneUrl, "demo");
    const after = await settled(id);
    expect(after.status).toBe("ERROR");
    expect(after.fault?.message).toMatch(/restart/);
    // The source came back up with the backend.
    expect((await instance(source)).status).toBe("ACTIVE");
    const sql = await connect(source);
    expect(await sql("SELECT max(n) FROM items")).toBe("100");
  });

  it("deletes a full backup with the incrementals on it, in Trove and in the pgBackRest repository", async () => {
    const backups = await troveList<TroveBackup>(demo, `/instances/${source}/backups`, "backups");
    const full = backups.filter((b) => b.parent_id === null && b.status === "COMPLETED").at(-1)!;
    const chain = backups.filter((b) => b.parent_id === full.id);
    expect(chain.length).toBeGreaterThan(0);
    expect((await troveSend(demo, "DELETE", `/backups/${full.id}`)).status).toBe(202);
    const left = new Set((await troveList<TroveBackup>(demo, `/instances/${source}/backups`, "backups")).map((b) => b.id));
    for (const b of [full, ...chain]) expect(left.has(b.id)).toBe(false);
    // The next incremental cannot hang on the deleted chain: with no full left, pgBackRest takes a full.
    const next = await backup(source, true);
    expect(next.status).toBe("COMPLETED");
    expect(next.parent_id).toBeNull();
    const repo = path.join(path.dirname(backend.db), "pg", source, "repo", "backup", "db");
    const label = path.basename(full.locationRef!);
    await until("pgBackRest to expire the set", async () => (readdirSync(repo).some((d) => d.startsWith(label)) ? null : true), 30_000);
  });
});
