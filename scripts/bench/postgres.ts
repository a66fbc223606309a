/**
 * The PostgreSQL engine, end to end through the Trove API: for a generated database of about
 * 100 MB and 1 GB, the time of a full backup, of an incremental after a change, of a restore into a
 * new instance at the backup's consistent point (files only) and at the end of a burst of WAL written
 * after it (files + replay), and the replay rate that difference gives. BENCH_SMOKE=1: 20 MB only.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { startBackend } from "../../test/helpers/backend";
import {
  pollUntil,
  signIn,
  troveGet,
  troveList,
  troveSend,
  type TroveBackup,
  type TroveSegment,
  type Upstream,
} from "../../test/server/upstream";

const exec = promisify(execFile);
const PSQL = "/usr/lib/postgresql/15/bin/psql";

interface Inst {
  id: string;
  status: string;
  ip?: string[];
  fault?: { message: string };
}

async function settled(up: Upstream, id: string): Promise<Inst> {
  return pollUntil(
    `instance ${id}`,
    async () => {
      const i = (await troveGet<{ instance: Inst }>(up, `/instances/${id}`)).body.instance;
      return i.status === "BUILD" ? null : i;
    },
    1_800_000,
    200,
  );
}

async function sqlOf(up: Upstream, id: string): Promise<(sql: string) => Promise<string>> {
  const inst = (await troveGet<{ instance: Inst }>(up, `/instances/${id}`)).body.instance;
  const user = ((await troveSend(up, "POST", `/instances/${id}/root`)).body as { user: { name: string; password: string } }).user;
  const conn = `host=${inst.ip![0]} port=5432 user=${user.name} password=${user.password} dbname=postgres`;
  return async (sql) =>
    (await exec(PSQL, ["-X", "-A", "-t", "-q", "-v", "ON_ERROR_STOP=1", conn, "-c", sql], { maxBuffer: 1 << 20 })).stdout.trim();
}

async function timedBackup(up: Upstream, id: string, incremental: boolean): Promise<{ seconds: number; backup: TroveBackup }> {
  const t = performance.now();
  const answer = await troveSend(up, "POST", "/backups", {
    backup: { name: incremental ? "bench-incr" : "bench-full", instance: id, ...(incremental ? { incremental: 1 } : {}) },
  });
  const bid = (answer.body as { backup: { id: string } }).backup.id;
  const backup = await pollUntil(
    "backup",
    async () => {
      const b = (await troveGet<{ backup: TroveBackup }>(up, `/backups/${bid}`)).body.backup;
      return b.status === "COMPLETED" || b.status === "FAILED" ? b : null;
    },
    1_800_000,
    200,
  );
  if (backup.status !== "COMPLETED") throw new Error("backup failed");
  return { seconds: (performance.now() - t) / 1000, backup };
}

async function timedRestore(up: Upstream, base: TroveBackup, point: string, name: string): Promise<number> {
  const t = performance.now();
  const answer = await troveSend(up, "POST", "/instances", {
    instance: {
      name,
      flavorRef: "2",
      volume: { size: 100 },
      datastore: { type: "postgresql", version: "15" },
      restorePoint: { backupRef: base.id, point_in_time: point },
    },
  });
  if (answer.status !== 200) throw new Error(`restore refused: ${JSON.stringify(answer.body)}`);
  const id = (answer.body as { instance: { id: string } }).instance.id;
  const done = await settled(up, id);
  if (done.status !== "ACTIVE") throw new Error(`restore failed: ${done.fault?.message}`);
  const seconds = (performance.now() - t) / 1000;
  await troveSend(up, "DELETE", `/instances/${id}`);
  return seconds;
}

export async function benchPostgresEngine({ smoke }: { smoke: boolean }): Promise<void> {
  const backend = await startBackend({
    env: { EMBEDDED_ENGINE: "postgres", EMBEDDED_WORLD: "empty", EMBEDDED_PG_NETWORK: "127.0.7", EMBEDDED_PG_ARCHIVE_TIMEOUT: "2" },
  });
  try {
    const up = await signIn(backend.keystoneUrl, "demo");
    console.log("PostgreSQL engine (pgBackRest lz4, process-max 2), through the Trove API:");
    console.log("  size     full    incr   restore@backup  restore@+WAL   WAL replayed  replay rate");
    for (const mb of smoke ? [20] : [100, 1000]) {
      const created = await troveSend(up, "POST", "/instances", {
        instance: { name: `bench-${mb}`, flavorRef: "2", volume: { size: 100 }, datastore: { type: "postgresql", version: "15" } },
      });
      const id = (created.body as { instance: { id: string } }).instance.id;
      await settled(up, id);
      const sql = await sqlOf(up, id);
      // About 140 bytes a row on disk, table and index.
      const rows = Math.round((mb * 1_000_000) / 140);
      await sql(
        `CREATE TABLE data (id bigint PRIMARY KEY, payload text NOT NULL); INSERT INTO data SELECT g, md5(g::text) || md5((g * 7)::text) FROM generate_series(1, ${rows}) g; CHECKPOINT`,
      );
      const dbSize = Number(await sql("SELECT pg_database_size('postgres')"));
      const full = await timedBackup(up, id, false);
      await sql(`UPDATE data SET payload = md5(payload) WHERE id % 50 = 0`);
      const incr = await timedBackup(up, id, true);
      const atBackup = await timedRestore(up, incr.backup, incr.backup.consistent_time!, `bench-${mb}-a`);
      // A burst of WAL after the backup, then one more commit later so its end is restorable.
      const before = BigInt(await sql("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn"));
      await sql(`UPDATE data SET payload = md5(payload) WHERE id % 4 = 0`);
      const walBytes = Number(BigInt(await sql("SELECT pg_current_wal_lsn() - '0/0'::pg_lsn")) - before);
      await new Promise((r) => setTimeout(r, 1500));
      await sql("CREATE TABLE marker (x int); INSERT INTO marker VALUES (1)");
      const target = await pollUntil(
        "the archive to hold the burst",
        async () => {
          const segs = await troveList<TroveSegment>(up, `/instances/${id}/transaction_logs?limit=1000`, "transaction_logs");
          const end = segs.at(-1)?.end;
          return end && BigInt(segs.at(-1)!.end_lsn) > before + BigInt(walBytes) ? end : null;
        },
        600_000,
        500,
      );
      const afterWal = await timedRestore(up, incr.backup, target, `bench-${mb}-b`);
      const rate = walBytes / 1e6 / Math.max(0.001, afterWal - atBackup);
      console.log(
        `  ${(dbSize / 1e6).toFixed(0).padStart(5)} MB ${full.seconds.toFixed(1).padStart(6)} s ${incr.seconds.toFixed(1).padStart(5)} s ${atBackup.toFixed(1).padStart(12)} s ${afterWal.toFixed(1).padStart(12)} s ${(walBytes / 1e6).toFixed(0).padStart(10)} MB ${rate.toFixed(0).padStart(8)} MB/s`,
      );
      await troveSend(up, "DELETE", `/instances/${id}`);
    }
  } finally {
    await backend.stop();
  }
}
