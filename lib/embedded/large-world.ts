/**
 * A large fleet for the admin overview's benchmark (EMBEDDED_WORLD=large): by default 2,000
 * instances in 100 projects, each with 2 days of history (a nightly full backup, incrementals every
 * 4 h, 5-minute log segments), a few with a log gap or a failed backup. Deterministic from the seed.
 */
import { createHash } from "node:crypto";
import { hexId } from "./catalog";
import type { Engine } from "./engine";
import { hash32 } from "./hash";
import { gigabytes, segmentBytes } from "./simulated-engine";
import { FRESH_INSTANCE, lsnKey, NO_OPERATION, type InstanceRow, type Store } from "./store";
import { seedIdentities } from "./world";

const MIN = 60_000;
const HOUR = 60 * MIN;
const SEGMENT = 5 * MIN;
const DATASTORES = [
  ["mysql", "8.0"],
  ["mariadb", "10.6"],
  ["postgresql", "15"],
] as const;

export interface LargeWorldOptions {
  seed: string;
  now: number;
  projects?: number;
  instancesPerProject?: number;
  hours?: number;
}

function uuid(seed: string, kind: string, n: number): string {
  const h = createHash("sha256").update(`${seed}:${kind}:${n}`).digest("hex");
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export function generateLargeWorld(store: Store, engine: Engine, opts: LargeWorldOptions): string[] {
  const projects = opts.projects ?? 100;
  const perProject = opts.instancesPerProject ?? 20;
  const hours = opts.hours ?? 48;
  const end = Math.floor(opts.now / SEGMENT) * SEGMENT;
  const start = end - hours * HOUR;
  const { q, db } = store;
  const names: string[] = [];
  let seq = 0;
  let backupSeq = 0;
  db.transaction(() => {
    seedIdentities(store);
    for (let p = 0; p < projects; p++) {
      const projectName = `fleet-${String(p).padStart(3, "0")}`;
      const projectId = hexId("project", projectName);
      q.insertProject.run({ id: projectId, name: projectName });
      for (let i = 0; i < perProject; i++) {
        const n = seq++;
        const id = uuid(opts.seed, "instance", n);
        const [type, version] = DATASTORES[n % DATASTORES.length]!;
        const rate = 20_000 + (hash32(`${id}:rate`) % 180_000);
        // Every 25th instance lost 20 minutes of log 6 hours ago; every 40th has a failed last full.
        const gapAt = n % 25 === 7 ? end - 6 * HOUR : null;
        const failFull = n % 40 === 11;
        let lsn = 16_777_216n * BigInt(1 + (n % 64));
        const lsnAt = new Map<number, bigint>();
        for (let t = start; t < end; t += SEGMENT) {
          const bytes = segmentBytes(id, 1, t, rate, SEGMENT);
          lsnAt.set(t, lsn);
          if (!(gapAt !== null && t >= gapAt && t < gapAt + 20 * MIN)) {
            // The instance's id with the segment's index: unique without hashing a million times.
            q.insertSegment.run({
              id: `${id.slice(0, 24)}${((t - start) / SEGMENT).toString(16).padStart(12, "0")}`,
              instance_id: id,
              timeline: 1,
              status: "COMPLETED",
              start_ms: t,
              end_ms: t + SEGMENT,
              start_lsn: lsn.toString(),
              end_lsn: (lsn + bytes).toString(),
              lsn_key: lsnKey(lsn),
              size: 0.01,
            });
          }
          lsn += bytes;
        }
        let parent: string | null = null;
        for (let t = Math.ceil(start / (4 * HOUR)) * 4 * HOUR + HOUR; t < end - 10 * MIN; t += 4 * HOUR) {
          const full = new Date(t).getUTCHours() === 1 || parent === null;
          const failed = failFull && full && t > end - 24 * HOUR;
          const backupId = uuid(opts.seed, "backup", backupSeq);
          const at = t + 5 * MIN;
          const consistent = lsnAt.get(Math.floor(at / SEGMENT) * SEGMENT);
          q.insertBackup.run({
            id: backupId,
            project_id: projectId,
            instance_id: id,
            name: full ? `nightly-${new Date(t).toISOString().slice(0, 10)}` : `inc-${new Date(t).toISOString().slice(0, 13)}00`,
            description: null,
            parent_id: full ? null : parent,
            status: failed ? "FAILED" : "COMPLETED",
            created_ms: t,
            updated_ms: at,
            size: failed ? null : gigabytes(5e9),
            location_ref: failed ? null : `swift://database_backups/${backupId}.xbstream.gz.enc`,
            consistent_lsn: failed || consistent === undefined ? null : consistent.toString(),
            consistent_ms: failed || consistent === undefined ? null : Math.floor(at / SEGMENT) * SEGMENT,
            timeline: failed ? null : 1,
            building_at_ms: null,
            complete_at_ms: null,
            datastore_type: type,
            datastore_version: version,
            seq: ++backupSeq,
          });
          if (!failed) parent = backupId;
        }
        const row: InstanceRow = {
          id,
          project_id: projectId,
          name: `${type === "postgresql" ? "pg" : "db"}-${projectName}-${String(i).padStart(2, "0")}`,
          status: "ACTIVE",
          flavor_id: "2",
          datastore_type: type,
          datastore_version: version,
          volume_size: 10,
          volume_used: 2,
          created_ms: start - 10 * MIN,
          updated_ms: start,
          seq: n + 1,
          fault_message: null,
          fault_details: null,
          fault_ms: null,
          ...NO_OPERATION,
          log_timeline: 1,
          log_cursor_ms: null,
          log_cursor_lsn: null,
          log_rate: rate,
          ...FRESH_INSTANCE,
        };
        q.insertInstance.run(row);
        engine.startLog(row, end, 1, lsn);
        q.updateInstance.run(row);
        names.push(row.name);
      }
    }
    q.setMeta.run("world", JSON.stringify({ seed: opts.seed, kind: "large", generatedAt: new Date(opts.now).toISOString() }));
  })();
  return names;
}
