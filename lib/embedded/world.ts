/**
 * The demo world: identities, and instances with 14 days of history (nightly full backups,
 * incrementals every 4 h, 5-minute log segments), deterministic from the seed and laid out
 * relative to the moment it is generated. README.md says which instance shows what.
 */
import { scryptSync } from "node:crypto";
import { hexId, PROJECTS, USERS, uuidFrom } from "./catalog";
import type { Engine } from "./engine";
import { hash32 } from "./hash";
import { gigabytes, interpolate, segmentBytes } from "./simulated-engine";
import {
  FRESH_INSTANCE,
  lsnKey,
  NO_OPERATION,
  type BackupRow,
  type InstanceRow,
  type RecoveryRow,
  type SegmentRow,
  type Store,
} from "./store";

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
/** History is archived in 5-minute segments, whatever the live segment length. */
const HISTORY_SEGMENT_MS = 5 * MIN;

type Feature = "healthy" | "log-gap" | "lsn-discontinuity" | "failed-backups" | "no-backups" | "error" | "timeline-2" | "big-lsn";

interface Plan {
  project: (typeof PROJECTS)[number];
  name: string;
  datastore: string;
  version: string;
  days: number;
  feature: Feature;
  flavor: string;
  volume: number;
}

export const PLAN: readonly Plan[] = [
  { project: "demo", name: "orders-db", datastore: "mysql", version: "8.0", days: 14, feature: "healthy", flavor: "3", volume: 40 },
  { project: "demo", name: "billing-pg", datastore: "postgresql", version: "15", days: 14, feature: "log-gap", flavor: "3", volume: 20 },
  {
    project: "demo",
    name: "inventory-db",
    datastore: "mariadb",
    version: "10.6",
    days: 14,
    feature: "lsn-discontinuity",
    flavor: "2",
    volume: 10,
  },
  {
    project: "demo",
    name: "payments-pg",
    datastore: "postgresql",
    version: "14",
    days: 14,
    feature: "failed-backups",
    flavor: "4",
    volume: 50,
  },
  { project: "demo", name: "sessions-db", datastore: "mysql", version: "5.7.29", days: 3, feature: "no-backups", flavor: "2", volume: 5 },
  { project: "demo", name: "legacy-crm-db", datastore: "mysql", version: "5.7.29", days: 10, feature: "error", flavor: "2", volume: 10 },
  { project: "demo", name: "events-pg", datastore: "postgresql", version: "15", days: 14, feature: "timeline-2", flavor: "3", volume: 30 },
  { project: "alt", name: "catalog-db", datastore: "mariadb", version: "10.6", days: 14, feature: "healthy", flavor: "2", volume: 20 },
  { project: "alt", name: "search-db", datastore: "mysql", version: "8.0", days: 6, feature: "healthy", flavor: "3", volume: 25 },
  { project: "alt", name: "ledger-pg", datastore: "postgresql", version: "15", days: 14, feature: "big-lsn", flavor: "4", volume: 60 },
  {
    project: "admin",
    name: "ops-metrics-pg",
    datastore: "postgresql",
    version: "14",
    days: 14,
    feature: "healthy",
    flavor: "2",
    volume: 15,
  },
  { project: "admin", name: "audit-db", datastore: "mariadb", version: "10.6", days: 9, feature: "healthy", flavor: "2", volume: 10 },
];

/**
 * Destructive commits planted in the simulated log, at fixed times of day between scheduled backups,
 * so every screen shows "find the moment before the mistake" without PostgreSQL.
 */
const PLANTED_EVENTS: readonly { instance: string; kind: "drop" | "truncate"; daysAgo: number; atMs: number; relations: string[] }[] = [
  { instance: "orders-db", kind: "truncate", daysAgo: 1, atMs: 14 * HOUR + 3 * MIN + 12_480, relations: ["shop.cart_items"] },
  { instance: "billing-pg", kind: "drop", daysAgo: 2, atMs: 15 * HOUR + 41 * MIN + 7_250, relations: ["public.invoices_archive"] },
  {
    instance: "ops-metrics-pg",
    kind: "drop",
    daysAgo: 1,
    atMs: 11 * HOUR + 22 * MIN + 48_900,
    relations: ["public.metrics_2026_10", "public.metrics_2026_09"],
  },
];

/** mulberry32: small, fast and the same everywhere. */
function rng(seed: string): () => number {
  let a = hash32(seed);
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

function uuidGenerator(random: () => number): () => string {
  return () => {
    const hex = Array.from({ length: 32 }, () => Math.floor(random() * 16).toString(16)).join("");
    return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${"89ab"[Math.floor(random() * 4)]}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
  };
}

/** scrypt (node's defaults: N=16384, r=8, p=1), not a fast hash: a stolen database must not be cheap to guess through. */
export function hashPassword(password: string, salt: string): string {
  return scryptSync(password, salt, 32).toString("hex");
}

function iso(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

interface VirtualSegment extends Pick<SegmentRow, "timeline" | "start_ms" | "end_ms" | "start_lsn" | "end_lsn"> {
  archived: boolean;
  status: string;
}

export function seedIdentities(store: Store): void {
  const { q } = store;
  for (const name of PROJECTS) q.insertProject.run({ id: hexId("project", name), name });
  for (const u of USERS) {
    const salt = hexId("salt", u.name).slice(0, 16);
    q.insertUser.run({ id: hexId("user", u.name), name: u.name, password_hash: hashPassword(u.password, salt), salt });
    q.insertAssignment.run(hexId("user", u.name), hexId("project", u.project), u.role);
  }
}

/**
 * Writes the demo world as of `now`, then hands every running instance's log to the engine, which
 * writes on from there. Returns the names of the instances, for the log line.
 */
export function generateWorld(store: Store, engine: Engine, opts: { seed: string; now: number }): string[] {
  const random = rng(opts.seed);
  const newId = uuidGenerator(random);
  const histEnd = Math.floor(opts.now / HISTORY_SEGMENT_MS) * HISTORY_SEGMENT_MS;
  const { q } = store;
  let instanceSeq = 0;
  let backupSeq = 0;

  store.db.transaction(() => {
    seedIdentities(store);
    for (const plan of PLAN) {
      // A real engine cannot write a past: its instances are created live (main.ts, liveInstances).
      if (!engine.fabricatesHistory(plan.datastore)) continue;
      const id = newId();
      const projectId = hexId("project", plan.project);
      const start = histEnd - plan.days * DAY + Math.floor(random() * 12) * HISTORY_SEGMENT_MS;
      const rate = 20_000 + Math.floor(random() * 180_000);
      const used = Math.round(plan.volume * (0.2 + random() * 0.5) * 100) / 100;
      const errorAt = plan.feature === "error" ? histEnd - 2 * DAY + 3 * HOUR + 17 * MIN + 23_000 : null;
      const recoveryAt = plan.feature === "timeline-2" ? histEnd - 4 * DAY + 7 * HOUR : null;
      const recoveryDone = recoveryAt === null ? null : recoveryAt + 10 * MIN;
      const logEnd = errorAt ?? histEnd;

      // The log, including segments that will be missing from the archive (their LSNs are still used).
      const log: VirtualSegment[] = [];
      // The planted faults sit at fixed times of day, between the scheduled backups (01, 05, 09, 13,
      // 17, 21 h + up to 35 min), so the world reads the same whatever the hour it is generated at.
      const dayStart = (daysAgo: number) => Math.floor((histEnd - daysAgo * DAY) / DAY) * DAY;
      const gap = plan.feature === "log-gap" ? { from: dayStart(3) + 10 * HOUR + 10 * MIN, to: dayStart(3) + 10 * HOUR + 45 * MIN } : null;
      const jumpAt = plan.feature === "lsn-discontinuity" ? dayStart(2) + 11 * HOUR + 20 * MIN : null;
      const failedAt = plan.feature === "failed-backups" ? dayStart(6) + 15 * HOUR + 35 * MIN : null;
      let lsn =
        plan.feature === "big-lsn" ? 4_611_686_018_427_387_904n + 123_456_789n : 16_777_216n * BigInt(1 + Math.floor(random() * 64));
      let timeline = 1;
      const writeSegments = (from: number, to: number) => {
        for (let t = from; t < to; t += HISTORY_SEGMENT_MS) {
          const end = Math.min(t + HISTORY_SEGMENT_MS, to);
          let bytes = segmentBytes(id, timeline, t, rate, HISTORY_SEGMENT_MS);
          if (end - t < HISTORY_SEGMENT_MS) bytes = (bytes * BigInt(end - t)) / BigInt(HISTORY_SEGMENT_MS);
          if (t === jumpAt) lsn += 1_048_576n;
          const archived = !(gap && t >= gap.from && t < gap.to);
          log.push({
            timeline,
            start_ms: t,
            end_ms: end,
            start_lsn: lsn.toString(),
            end_lsn: (lsn + bytes).toString(),
            archived,
            status: t === failedAt ? "FAILED" : "COMPLETED",
          });
          lsn += bytes;
        }
      };
      const lsnAt = (tl: number, at: number): bigint | null => {
        const seg = log.find((s) => s.timeline === tl && s.start_ms <= at && at <= s.end_ms);
        return seg ? interpolate(seg, at) : null;
      };

      let recovery: RecoveryRow | null = null;
      let recoveryPoint = 0;
      if (recoveryAt !== null && recoveryDone !== null) {
        writeSegments(start, recoveryAt);
        recoveryPoint = recoveryAt - 20 * HOUR + 12 * MIN + 41_000;
        lsn = lsnAt(1, recoveryPoint)!;
        timeline = 2;
        writeSegments(recoveryDone, histEnd);
      } else {
        writeSegments(start, logEnd);
      }

      // Backups: a nightly full at 01:00 and incrementals at 05, 09, 13, 17 and 21 h, each chained
      // on the latest completed backup, as Trove's `incremental: 1` does.
      const backups: BackupRow[] = [];
      if (plan.feature !== "no-backups") {
        let lastCompleted: BackupRow | null = null;
        const firstDay = Math.floor(start / DAY) * DAY;
        for (let day = firstDay; day < logEnd; day += DAY) {
          for (const hour of [1, 5, 9, 13, 17, 21]) {
            const full = hour === 1;
            const begin = day + hour * HOUR + Math.floor(random() * 20) * MIN + Math.floor(random() * 60) * 1000;
            const duration = (full ? 6 + random() * 9 : 1 + random() * 3) * MIN;
            const end = begin + Math.floor(duration / 1000) * 1000;
            if (begin < start + 30 * MIN || end > logEnd) continue;
            if (recoveryAt !== null && recoveryDone !== null && end > recoveryAt && begin < recoveryDone + 5 * MIN) continue;
            const afterRecovery = recoveryDone !== null && begin >= recoveryDone;
            // The first backup on the new timeline is a full one: nothing from the old history chains into it.
            const forceFull = afterRecovery && lastCompleted !== null && (lastCompleted.timeline ?? 1) < timeline;
            const isFull = full || forceFull || lastCompleted === null;
            const failed =
              plan.feature === "failed-backups" &&
              ((isFull && day === Math.floor((histEnd - 5 * DAY) / DAY) * DAY) ||
                (!isFull && hour === 13 && day === Math.floor((histEnd - 3 * DAY) / DAY) * DAY));
            const tl = afterRecovery ? timeline : 1;
            const consistent = failed ? null : lsnAt(tl, end);
            const backupId = newId();
            const row: BackupRow = {
              id: backupId,
              project_id: projectId,
              instance_id: id,
              name: isFull ? `nightly-${iso(day)}` : `inc-${iso(day)}-${String(hour).padStart(2, "0")}00`,
              description: isFull ? "Scheduled nightly full backup" : "Scheduled incremental backup",
              parent_id: isFull ? null : lastCompleted!.id,
              status: failed ? "FAILED" : "COMPLETED",
              created_ms: begin,
              updated_ms: failed ? begin + Math.floor(duration / 2000) * 1000 : end,
              size: failed ? null : gigabytes(used * 1e9 * (isFull ? 0.8 : 0.05 + random() * 0.1)),
              location_ref: failed ? null : `swift://database_backups/${backupId}.xbstream.gz.enc`,
              consistent_lsn: consistent === null ? null : consistent.toString(),
              consistent_ms: consistent === null ? null : end,
              timeline: consistent === null ? null : tl,
              building_at_ms: null,
              complete_at_ms: null,
              datastore_type: plan.datastore,
              datastore_version: plan.version,
              seq: ++backupSeq,
            };
            backups.push(row);
            if (!failed) lastCompleted = row;
          }
        }
      }

      if (recoveryAt !== null && recoveryDone !== null) {
        const base = [...backups]
          .reverse()
          .find((b) => b.status === "COMPLETED" && b.timeline === 1 && b.consistent_ms !== null && b.consistent_ms <= recoveryPoint);
        if (base) {
          recovery = {
            id: newId(),
            instance_id: id,
            project_id: projectId,
            user_id: hexId("user", plan.project === "demo" ? "demo" : "admin"),
            backup_id: base.id,
            point_ms: recoveryPoint,
            status: "COMPLETED",
            created_ms: recoveryAt,
            updated_ms: recoveryDone,
          };
        }
      }

      const row: InstanceRow = {
        id,
        project_id: projectId,
        name: plan.name,
        status: errorAt !== null ? "ERROR" : "ACTIVE",
        flavor_id: plan.flavor,
        datastore_type: plan.datastore,
        datastore_version: plan.version,
        volume_size: plan.volume,
        volume_used: used,
        created_ms: start - 10 * MIN,
        updated_ms: errorAt ?? recoveryDone ?? start,
        seq: ++instanceSeq,
        fault_message:
          errorAt !== null
            ? "Guest agent heartbeat lost: the host rebooted and mysqld failed to start (InnoDB: redo log is corrupted)."
            : null,
        fault_details: errorAt !== null ? "Instance legacy-crm-db went to ERROR; restore it from a backup into a new instance." : null,
        fault_ms: errorAt,
        ...NO_OPERATION,
        log_timeline: timeline,
        log_cursor_ms: null,
        log_cursor_lsn: null,
        log_rate: rate,
        ...FRESH_INSTANCE,
      };
      q.insertInstance.run(row);
      for (const b of backups) q.insertBackup.run(b);
      if (recovery) q.insertRecovery.run(recovery);
      for (const s of log) {
        if (!s.archived) continue;
        q.insertSegment.run({
          id: newId(),
          instance_id: id,
          timeline: s.timeline,
          status: s.status,
          start_ms: s.start_ms,
          end_ms: s.end_ms,
          start_lsn: s.start_lsn,
          end_lsn: s.end_lsn,
          lsn_key: lsnKey(BigInt(s.start_lsn)),
          size: Math.max(0.001, Math.round(Number(BigInt(s.end_lsn) - BigInt(s.start_lsn)) / 1e6) / 1000),
        });
      }
      for (const planted of PLANTED_EVENTS.filter((e) => e.instance === plan.name)) {
        const at = dayStart(planted.daysAgo) + planted.atMs;
        const seg = store
          .sql<SegmentRow>("SELECT * FROM segments WHERE instance_id = ? AND start_ms <= ? AND end_ms >= ? ORDER BY timeline DESC LIMIT 1")
          .get(id, at, at);
        if (!seg || at > logEnd) continue;
        const eventLsn = interpolate(seg, at);
        q.insertLogEvent.run({
          // Not from the seeded generator: the instances' ids stay what they were before events existed.
          id: uuidFrom("log-event", `${id}:${at}`),
          instance_id: id,
          timeline: seg.timeline,
          kind: planted.kind,
          time_ms: at,
          lsn: eventLsn.toString(),
          lsn_key: lsnKey(eventLsn),
          xid: 700_000 + (hash32(`${id}:${at}`) % 100_000),
          relations: JSON.stringify(planted.relations),
        });
      }
      if (errorAt === null) {
        engine.startLog(row, histEnd, timeline, lsn);
        q.updateInstance.run(row);
      }
    }
    q.setMeta.run("world", JSON.stringify({ seed: opts.seed, generatedAt: new Date(opts.now).toISOString() }));
  })();
  return PLAN.map((p) => p.name);
}

/**
 * The demo world's instances of datastores the engine runs for real: created as new instances that
 * run the engine's workload and the backup schedule, so their history grows while one watches.
 */
export function liveInstances(engine: Engine): { project: string; name: string; datastore: string; flavor: string; volume: number }[] {
  return PLAN.filter((p) => !engine.fabricatesHistory(p.datastore)).map((p) => ({
    project: p.project,
    name: p.name,
    datastore: p.datastore,
    flavor: p.flavor,
    volume: p.volume,
  }));
}
