/**
 * The PostgreSQL engine: every instance is a real PostgreSQL cluster on its own loopback address,
 * archiving its WAL into its own pgBackRest repository. Trove backups are pgBackRest backups, the
 * transaction-log archive is the repository's WAL archive read segment by segment (pg_waldump gives
 * each segment's commit times), and restores are `pgbackrest restore --type=time` replayed by
 * PostgreSQL itself. Measured facts and pitfalls behind the choices: README.md, "The PostgreSQL engine".
 */
import { randomBytes } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import path from "node:path";
import type { ChildProcess } from "node:child_process";
import { uuidFrom } from "../catalog";
import {
  EngineRefusal,
  type BackupResult,
  type Engine,
  type LastCommit,
  type OperationResult,
  type PreviewResult,
  type PreviewSpec,
  type Settled,
} from "../engine";
import { gigabytes } from "../simulated-engine";
import { lsnKey, type BackupRow, type InstanceRow, type Store } from "../store";
import { Cluster } from "./cluster";
import { killAll, missingTools, ownedDir, pgBin, run, startLong } from "./run";
import {
  lsnText,
  parseLsnText,
  parseRelationPath,
  parseWaldumpCommits,
  parseWaldumpTruncates,
  recoveryTarget,
  segmentTimes,
  type ArchivedSegment,
  type Commit,
} from "./wal";

export interface PreviewLimits {
  /** A scratch cluster nobody queried for this long is removed. */
  idleMs: number;
  statementTimeoutMs: number;
  rowLimit: number;
  perInstance: number;
  overall: number;
}

export const DEFAULT_PREVIEW_LIMITS: PreviewLimits = {
  idleMs: 300_000,
  statementTimeoutMs: 5_000,
  rowLimit: 100,
  perInstance: 2,
  overall: 4,
};

/** A short-lived cluster restored to a point, for one user's read-only previews. */
interface Scratch {
  id: string;
  userId: string;
  instanceId: string;
  baseId: string;
  pointMs: number;
  lsn: string | null;
  cluster: Cluster;
  ready: Promise<void>;
  lastUsedMs: number;
  /** Previews being prepared or run on it: never idle, however long a restore under load takes. */
  inUse: number;
}

export interface PostgresSettings {
  /** Where clusters and repositories live. */
  root: string;
  preview?: PreviewLimits;
  /** The first three octets of the loopback addresses handed out, e.g. "127.0.1". */
  network: string;
  archiveTimeoutSeconds: number;
  /** The major version every instance runs, whatever version was asked for. */
  version: string;
}

interface Job<T> {
  result: Settled<T> | null;
}

interface WalFileRow {
  instance_id: string;
  name: string;
  timeline: number;
  segno: string;
  pushed_ms: number;
  first_commit_ms: number | null;
  last_commit_ms: number | null;
  commits: number;
}

/**
 * What a relation was called and which files it had, kept from the running cluster so a later DROP
 * can be named and a rewrite (its old files dropped, the table still there) recognised.
 */
interface RelationRow {
  instance_id: string;
  db_oid: number;
  rel_oid: number;
  filenode: number;
  name: string;
  /** 1 while the relation was there at the last look. */
  present: number;
}

const WAL_SCHEMA = `
CREATE TABLE IF NOT EXISTS pg_wal_files (
  instance_id TEXT NOT NULL, name TEXT NOT NULL, timeline INTEGER NOT NULL, segno TEXT NOT NULL, pushed_ms INTEGER NOT NULL,
  first_commit_ms INTEGER, last_commit_ms INTEGER, commits INTEGER NOT NULL, PRIMARY KEY (instance_id, name)
);
CREATE TABLE IF NOT EXISTS pg_relation_files (
  instance_id TEXT NOT NULL, db_oid INTEGER NOT NULL, rel_oid INTEGER NOT NULL, filenode INTEGER NOT NULL, name TEXT NOT NULL,
  present INTEGER NOT NULL, PRIMARY KEY (instance_id, db_oid, rel_oid, filenode)
);
CREATE INDEX IF NOT EXISTS pg_relation_files_filenode ON pg_relation_files (instance_id, db_oid, filenode);`;

const RELATIONS_EVERY_MS = 3000;

/** A database name as psql's `\c` takes it. */
function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

const RECOVERY_WAIT_MS = 180_000;
const PREVIEW_ROLE = "tpd_preview";

export class PostgresEngine implements Engine {
  readonly name = "postgres";
  private readonly operations = new Map<string, Job<OperationResult>>();
  private readonly backups = new Map<string, Job<BackupResult>>();
  private readonly workloads = new Map<string, ChildProcess>();
  private readonly syncing = new Set<string>();
  private readonly relationsReadAt = new Map<string, number>();
  /** The databases each cluster had at its last look, whose tables the next look reads. */
  private readonly relationDbs = new Map<string, string[]>();
  private readonly releasing = new Set<string>();
  /** Instances whose cluster the engine is stopping or replacing on purpose. */
  private readonly busy = new Set<string>();
  private readonly missing: string[];
  private timer: NodeJS.Timeout | null = null;
  /** One scratch cluster per user at most. */
  private readonly scratches = new Map<string, Scratch>();
  private closed = false;

  constructor(
    private readonly store: Store,
    private readonly clock: () => number,
    private readonly settings: PostgresSettings,
    private readonly events: { failed(instanceId: string, at: number, reason: string): void; log(line: string): void },
  ) {
    store.db.exec(WAL_SCHEMA);
    this.missing = missingTools(settings.version);
    if (this.missing.length) events.log(`PostgreSQL engine cannot run clusters: ${this.missing.join("; ")}`);
  }

  fabricatesHistory(): boolean {
    return false;
  }

  // Processes do not survive the backend: work in flight is failed explicitly on restart.
  resumes(): boolean {
    return false;
  }

  private readonly clusters = new Map<string, Cluster>();

  /** One object per cluster, so what it remembers (where its server's current log starts) lasts. */
  private cluster(instanceId: string): Cluster {
    let c = this.clusters.get(instanceId);
    if (!c) {
      c = new Cluster(this.settings.root, instanceId, this.settings.version);
      this.clusters.set(instanceId, c);
    }
    return c;
  }

  /** Stops what an earlier run left behind, starts every cluster that should run, and watches them. */
  async start(instances: readonly InstanceRow[]): Promise<void> {
    ownedDir(this.settings.root, 0o711);
    // A cluster whose instance this state does not know (a killed run, or --reset) is stopped and removed:
    // it would hold an address a new instance is given.
    const known = new Set(
      this.store
        .sql<{ id: string }>("SELECT id FROM instances")
        .all()
        .map((r) => r.id),
    );
    for (const id of readdirSync(this.settings.root)) {
      if (id === "previews" || known.has(id)) continue;
      const c = new Cluster(this.settings.root, id, this.settings.version);
      if (c.running()) await c.stop("immediate");
      const kept = this.store.sql<{ n: number }>("SELECT COUNT(*) AS n FROM backups WHERE instance_id = ?").get(id)!.n;
      if (kept === 0) c.remove();
    }
    // Scratch clusters never outlive the backend that made them.
    const scratchRoot = path.join(this.settings.root, "previews");
    if (existsSync(scratchRoot)) {
      for (const id of readdirSync(scratchRoot)) {
        const c = new Cluster(scratchRoot, id, this.settings.version);
        if (c.running()) await c.stop("immediate");
        c.remove();
      }
    }
    for (const inst of instances) {
      const c = this.cluster(inst.id);
      if (c.running()) await c.stop("fast");
    }
    await Promise.all(
      instances
        .filter((i) => i.status === "ACTIVE" || i.status === "BACKUP")
        .map(async (inst) => {
          try {
            const c = this.cluster(inst.id);
            if (inst.address) c.writeInstanceConf(inst.address, this.settings);
            await c.start();
            if (inst.workload) this.startWorkload(inst.id);
          } catch (error) {
            this.events.failed(inst.id, this.clock(), `PostgreSQL did not start: ${this.cluster(inst.id).failureReason(error)}`);
          }
        }),
    );
    this.timer = setInterval(() => this.tick(), 1000);
  }

  async close(): Promise<void> {
    this.closed = true;
    if (this.timer) clearInterval(this.timer);
    for (const w of this.workloads.values()) w.kill("SIGKILL");
    this.workloads.clear();
    killAll();
    const ids = this.store.sql<{ id: string }>("SELECT id FROM instances WHERE datastore_type = 'postgresql'").all();
    await Promise.all([
      ...ids.map(({ id }) => this.cluster(id).stop("fast")),
      ...[...this.scratches.values()].map((s) => this.dropScratch(s)),
    ]);
  }

  // ---- operations ---------------------------------------------------------------------------

  beginOperation(inst: InstanceRow, now: number): number {
    const job: Job<OperationResult> = { result: null };
    this.operations.set(inst.id, job);
    try {
      if (inst.op !== "recovery") inst.address = this.allocateAddress(inst.id);
    } catch (error) {
      job.result = { ok: false, at: now, reason: (error as Error).message };
      return now;
    }
    const snapshot = { ...inst };
    void this.perform(snapshot)
      .then((value) => (job.result = { ok: true, value }))
      .catch(
        (error: unknown) => (job.result = { ok: false, at: this.clock(), reason: error instanceof Error ? error.message : String(error) }),
      );
    return now;
  }

  settleOperation(inst: InstanceRow): Settled<OperationResult> | null {
    const job = this.operations.get(inst.id);
    if (!job)
      return { ok: false, at: this.clock(), reason: "the engine has no record of this operation (the backend restarted while it ran)" };
    if (!job.result) return null;
    this.operations.delete(inst.id);
    return job.result;
  }

  private async perform(inst: InstanceRow): Promise<OperationResult> {
    if (this.missing.length) throw new Error(`The PostgreSQL engine cannot run: ${this.missing.join("; ")}.`);
    this.busy.add(inst.id);
    try {
      if (inst.op === "build") return await this.build(inst);
      const base = inst.op_backup_id ? this.store.q.backupById.get(inst.op_backup_id) : undefined;
      if (!base || base.location_ref === null || base.timeline === null || inst.op_point_ms === null) {
        throw new Error(`Restore failed: base backup ${inst.op_backup_id ?? "?"} is no longer available.`);
      }
      return await this.restore(inst, base, inst.op_point_ms);
    } finally {
      this.busy.delete(inst.id);
    }
  }

  private async build(inst: InstanceRow): Promise<OperationResult> {
    const c = this.cluster(inst.id);
    c.prepare();
    await c.initdb();
    c.writeInstanceConf(inst.address!, this.settings);
    await c.start();
    await c.backrest(["stanza-create"], { timeoutMs: 60_000 });
    if (inst.workload) await this.createWorkload(c);
    const [lsn, timeline] = await this.position(c);
    if (inst.workload) this.startWorkload(inst.id);
    return { at: this.clock(), timeline, lsn, lastCommit: null };
  }

  /**
   * A restore into a new instance, or an in-place recovery: pgBackRest lays down the base backup and
   * PostgreSQL replays the archive to the point, pausing there so the data's last commit can be read
   * before it is promoted onto a new timeline.
   */
  private async restore(inst: InstanceRow, base: BackupRow, pointMs: number): Promise<OperationResult> {
    const source = this.cluster(base.instance_id);
    const target = this.cluster(inst.id);
    const label = path.basename(base.location_ref!);
    const inPlace = inst.op === "recovery";
    if (inPlace) {
      this.stopWorkload(inst.id);
      await target.stop("fast");
    } else {
      target.prepare();
      rmSync(target.data, { recursive: true, force: true });
      ownedDir(target.data);
    }
    // A point with no archived commit after it (the base's window is an instant) can only be the
    // backup's own consistent point.
    const targetArgs = this.targetArgs(base, pointMs, inst.op_point_lsn);
    await source.backrest(
      [`--pg1-path=${target.data}`, `--set=${label}`, ...targetArgs, "--target-action=pause", ...(inPlace ? ["--delta"] : []), "restore"],
      { timeoutMs: 1_800_000 },
    );
    target.writeInstanceConf(inst.address!, this.settings);
    if (!inPlace) await target.backrest(["--no-online", "stanza-create"], { timeoutMs: 60_000 });
    await target.start();
    const lastCommit = await this.awaitTarget(target, base);
    await target.psql("SELECT pg_promote(true, 60)");
    await this.awaitPromotion(target);
    const [lsn, timeline] = await this.position(target);
    if (inst.workload) this.startWorkload(inst.id);
    return { at: this.clock(), timeline, lsn, lastCommit };
  }

  /** Waits until replay pauses at the target; PostgreSQL's FATAL (a gap, a target past the archive) fails it. */
  private async awaitTarget(c: Cluster, base: BackupRow): Promise<LastCommit | null> {
    const deadline = Date.now() + RECOVERY_WAIT_MS;
    while (Date.now() < deadline) {
      if (!c.running()) throw new Error(`PostgreSQL could not finish the recovery: ${c.lastFatal() ?? "the server stopped"}`);
      const state = await c.psql("SELECT pg_is_in_recovery(), pg_get_wal_replay_pause_state()").catch(() => "");
      if (state === "f|not paused") return null;
      if (state.endsWith("|paused")) return this.lastCommit(c, base);
      await sleep(100);
    }
    await c.stop("immediate");
    throw new Error(`PostgreSQL did not reach the recovery target within ${RECOVERY_WAIT_MS / 1000} s.`);
  }

  private async awaitPromotion(c: Cluster): Promise<void> {
    const deadline = Date.now() + 60_000;
    while (Date.now() < deadline) {
      if (!c.running()) throw new Error(`PostgreSQL stopped while it was promoted: ${c.lastFatal() ?? "no reason logged"}`);
      if ((await c.psql("SELECT pg_is_in_recovery()").catch(() => "t")) === "f") return;
      await sleep(100);
    }
    throw new Error("PostgreSQL was not promoted within 60 s.");
  }

  /**
   * Where the restored data ends, read from the paused cluster: its last replayed commit (kept by
   * track_commit_timestamp) and that commit's LSN from the archive. When replay met no commit after
   * the backup, the last commit before the replay position is found in the archive instead.
   */
  private async lastCommit(c: Cluster, base: BackupRow): Promise<LastCommit | null> {
    const row = await c.psql(
      "SELECT coalesce(xid::text, ''), coalesce(timestamp::text, ''), pg_last_wal_replay_lsn() FROM pg_last_committed_xact() RIGHT JOIN (SELECT 1) one ON true",
    );
    const [xid, time, replayText] = row.split("|");
    if (xid && time) {
      const timeMs = Date.parse(time.replace(" ", "T").replace(/\+00$/, "Z"));
      return { timeMs, lsn: await this.commitLsn(base, Number(xid), timeMs) };
    }
    const replay = parseLsnText(replayText ?? "");
    if (replay === null) return null;
    const files = this.store
      .sql<WalFileRow>(
        "SELECT * FROM pg_wal_files WHERE instance_id = ? AND timeline <= ? AND commits > 0 AND CAST(segno AS INTEGER) <= ? ORDER BY CAST(segno AS INTEGER) DESC, timeline DESC LIMIT 8",
      )
      .all(base.instance_id, base.timeline, Number(replay / 16_777_216n));
    for (const f of files) {
      const commits = (await this.readCommits(this.cluster(base.instance_id), f.name).catch(() => [])).filter((x) => x.lsn < replay);
      const last = commits[commits.length - 1];
      if (last) return { timeMs: last.timeMs, lsn: last.lsn.toString() };
    }
    return null;
  }

  /** The commit record's LSN, read from the source archive's segment that holds the commit time. */
  private async commitLsn(base: BackupRow, xid: number, timeMs: number): Promise<string | null> {
    const files = this.store
      .sql<WalFileRow>(
        "SELECT * FROM pg_wal_files WHERE instance_id = ? AND timeline = ? AND first_commit_ms <= ? AND last_commit_ms >= ? ORDER BY segno",
      )
      .all(base.instance_id, base.timeline, timeMs + 1, timeMs - 1);
    for (const f of files) {
      const commits = await this.readCommits(this.cluster(base.instance_id), f.name).catch(() => []);
      const hit = commits.find((c) => c.xid === xid);
      if (hit) return hit.lsn.toString();
    }
    return null;
  }

  private async position(c: Cluster): Promise<[bigint, number]> {
    const row = await c.psql("SELECT pg_current_wal_lsn(), pg_walfile_name(pg_current_wal_lsn())");
    const [lsnText, file] = row.split("|");
    return [parseLsnText(lsnText ?? "") ?? 0n, parseInt((file ?? "00000001").slice(0, 8), 16)];
  }

  // ---- backups ------------------------------------------------------------------------------

  beginBackup(inst: InstanceRow, backup: BackupRow, now: number): { buildingAt: number; settleAt: number } {
    const job: Job<BackupResult> = { result: null };
    this.backups.set(backup.id, job);
    void this.takeBackup(inst, backup)
      .then((value) => (job.result = { ok: true, value }))
      .catch(
        (error: unknown) => (job.result = { ok: false, at: this.clock(), reason: error instanceof Error ? error.message : String(error) }),
      );
    return { buildingAt: now, settleAt: now };
  }

  settleBackup(backup: BackupRow): Settled<BackupResult> | null {
    const job = this.backups.get(backup.id);
    if (!job) return { ok: false, at: this.clock(), reason: "interrupted by backend restart" };
    if (!job.result) return null;
    this.backups.delete(backup.id);
    if (!job.result.ok) this.events.log(`backup ${backup.id} failed: ${job.result.reason}`);
    return job.result;
  }

  private async takeBackup(inst: InstanceRow, backup: BackupRow): Promise<BackupResult> {
    if (this.missing.length) throw new Error(this.missing.join("; "));
    const c = this.cluster(inst.id);
    const before = await this.backrestSets(c);
    await c.backrest([`--type=${backup.parent_id ? this.incrementalType(inst.id, before) : "full"}`, "backup"], { timeoutMs: 3_600_000 });
    const sets = await this.backrestSets(c);
    const set = sets[sets.length - 1];
    if (!set) throw new Error("pgBackRest reported no backup after the backup command succeeded.");
    if (set.error) throw new Error(`pgBackRest found page checksum errors in backup ${set.label}.`);
    const stop = parseLsnText(set.lsn.stop);
    if (stop === null) throw new Error(`pgBackRest gave an unreadable stop LSN ${set.lsn.stop}.`);
    const parent = set.prior ? (this.liveBackupOf(inst.id, set.prior) ?? null) : null;
    // Sets whose Trove backups were deleted while pgBackRest still built on them can go now.
    void this.expireOrphans(inst.id, c, set.label);
    return {
      at: this.clock(),
      consistentLsn: stop.toString(),
      // pgBackRest's stop time has whole seconds; a commit in that second may still precede the stop LSN.
      consistentMs: (set.timestamp.stop + 1) * 1000,
      timeline: parseInt(set.archive.stop.slice(0, 8), 16),
      size: gigabytes(set.info.size),
      locationRef: `file://${path.join(c.repo, "backup", c.stanza, set.label)}`,
      parentId: parent,
    };
  }

  private async backrestSets(c: Cluster): Promise<BackrestInfo["backup"]> {
    const info = JSON.parse(await c.backrest(["--output=json", "info"])) as BackrestInfo[];
    return info[0]?.backup ?? [];
  }

  /** The Trove backup a pgBackRest set is, while it has not been deleted through the API. */
  private liveBackupOf(instanceId: string, label: string): string | undefined {
    return this.store
      .sql<{ id: string }>("SELECT id FROM backups WHERE instance_id = ? AND location_ref LIKE ?")
      .get(instanceId, `%/${label}`)?.id;
  }

  /**
   * pgBackRest chains an incremental on its newest set and a differential on its newest full. When
   * the API deleted those (pgBackRest keeps its newest set until another exists), an incremental
   * there would hang on a backup nobody can see: a differential on the full, or a new full, instead.
   */
  private incrementalType(instanceId: string, sets: BackrestInfo["backup"]): "incr" | "diff" | "full" {
    const newest = sets[sets.length - 1];
    if (newest && this.liveBackupOf(instanceId, newest.label)) return "incr";
    const full = [...sets].reverse().find((s) => s.type === "full");
    return full && this.liveBackupOf(instanceId, full.label) ? "diff" : "full";
  }

  private async expireOrphans(instanceId: string, c: Cluster, newest: string): Promise<void> {
    const sets = await this.backrestSets(c).catch(() => []);
    for (const s of sets) {
      if (s.label === newest || this.liveBackupOf(instanceId, s.label)) continue;
      await c.backrest([`--set=${s.label}`, "expire"]).catch((error: unknown) => this.events.log(`expire ${s.label}: ${String(error)}`));
    }
  }

  removeBackups(inst: InstanceRow | undefined, backups: readonly BackupRow[]): void {
    const top = backups[0];
    if (!top?.location_ref || !top.location_ref.startsWith("file://")) return;
    const c = this.cluster(top.instance_id);
    const label = path.basename(top.location_ref);
    // pgBackRest refuses to expire its newest set: then it goes after the next backup (expireOrphans).
    void c
      .backrest([`--set=${label}`, "expire"])
      .catch((error: unknown) =>
        this.events.log(`expire ${label} of ${inst?.name ?? top.instance_id} (retried after the next backup): ${String(error)}`),
      );
  }

  // ---- the log ------------------------------------------------------------------------------

  startLog(inst: InstanceRow, _at: number, timeline: number): void {
    inst.log_timeline = timeline;
  }

  writeLog(): void {}

  stopLog(): void {}

  private tick(): void {
    if (this.closed) return;
    for (const s of this.scratches.values()) {
      if (s.inUse === 0 && Date.now() - s.lastUsedMs > this.limits.idleMs) void this.dropScratch(s);
    }
    const rows = this.store.sql<InstanceRow>("SELECT * FROM instances WHERE datastore_type = 'postgresql'").all();
    for (const inst of rows) {
      if (!this.syncing.has(inst.id)) {
        this.syncing.add(inst.id);
        void this.syncArchive(inst.id)
          .catch((error: unknown) => this.events.log(`archive of ${inst.name}: ${String(error)}`))
          .finally(() => this.syncing.delete(inst.id));
      }
      const live = (inst.status === "ACTIVE" || inst.status === "BACKUP") && !this.busy.has(inst.id);
      if (live && Date.now() - (this.relationsReadAt.get(inst.id) ?? 0) >= RELATIONS_EVERY_MS) {
        this.relationsReadAt.set(inst.id, Date.now());
        void this.readRelations(inst.id).catch(() => this.relationsReadAt.set(inst.id, 0));
      }
      if (live && !this.cluster(inst.id).running()) {
        this.stopWorkload(inst.id);
        this.events.failed(
          inst.id,
          this.clock(),
          `PostgreSQL stopped unexpectedly: ${this.cluster(inst.id).lastFatal() ?? "no reason logged"}`,
        );
      }
    }
  }

  /**
   * Mirrors the repository's WAL archive into the segments the API lists: new files are read once
   * with pg_waldump for their commit times; files gone from the archive (expired, or removed by
   * hand) leave a gap, as they would for a real restore.
   */
  async syncArchive(instanceId: string): Promise<void> {
    const c = this.cluster(instanceId);
    const files = c.archivedSegments();
    const known = new Map(
      this.store
        .sql<WalFileRow>("SELECT * FROM pg_wal_files WHERE instance_id = ?")
        .all(instanceId)
        .map((r) => [r.name, r]),
    );
    const present = new Set(files.map((f) => f.name));
    let changed = false;
    for (const f of files) {
      if (known.has(f.name)) continue;
      const commits = await this.readCommits(c, f.name);
      // Names are read again first, so a table created and dropped since the last look is named too.
      if (commits.some((x) => x.droppedRelations.length > 0)) await this.readRelations(instanceId).catch(() => undefined);
      await this.recordEvents(instanceId, c, f.name, f.timeline, commits);
      const row: WalFileRow = {
        instance_id: instanceId,
        name: f.name,
        timeline: f.timeline,
        segno: f.segno.toString(),
        pushed_ms: Math.floor(f.pushedMs),
        first_commit_ms: commits.length ? commits[0]!.timeMs : null,
        last_commit_ms: commits.length ? commits[commits.length - 1]!.timeMs : null,
        commits: commits.length,
      };
      if (this.store.q.instanceById.get(instanceId) === undefined && !this.closed) return;
      this.store
        .sql(
          "INSERT OR REPLACE INTO pg_wal_files VALUES (@instance_id, @name, @timeline, @segno, @pushed_ms, @first_commit_ms, @last_commit_ms, @commits)",
        )
        .run(row);
      known.set(f.name, row);
      changed = true;
    }
    for (const name of known.keys()) {
      if (present.has(name)) continue;
      this.store.sql("DELETE FROM pg_wal_files WHERE instance_id = ? AND name = ?").run(instanceId, name);
      known.delete(name);
      changed = true;
    }
    if (changed) this.writeSegments(instanceId, [...known.values()]);
  }

  /**
   * Every table of every database, by OID and file number, as the running cluster has them now. One
   * psql run per look (it is every few seconds per live cluster): it lists the databases for the
   * next look and reads the tables of those it knew, switching with `\c`; a psql run per database
   * was most of the engine's program starts.
   */
  private async readRelations(instanceId: string): Promise<void> {
    const c = this.cluster(instanceId);
    if (!c.running()) return;
    const known = this.relationDbs.get(instanceId) ?? ["postgres"];
    const tables =
      "SELECT 'rel|' || d.oid || '|' || c.oid || '|' || coalesce(pg_relation_filenode(c.oid), 0) || '|' || n.nspname || '.' || c.relname " +
      "FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace JOIN pg_database d ON d.datname = current_database() " +
      "WHERE c.relkind IN ('r', 'p', 'm') AND n.nspname NOT IN ('pg_catalog', 'information_schema') AND n.nspname NOT LIKE 'pg_toast%'";
    let out: string;
    try {
      out = await c.psqlCommands([
        "SELECT 'db|' || datname FROM pg_database WHERE datallowconn AND NOT datistemplate",
        ...known.flatMap((db) => [`\\c ${quoteIdent(db)}`, tables]),
      ]);
    } catch (error) {
      // A database dropped since the last look fails the switch: list them afresh next time.
      this.relationDbs.delete(instanceId);
      throw error;
    }
    const dbs: string[] = [];
    const seen: RelationRow[] = [];
    for (const line of out.split("\n")) {
      const [kind, ...rest] = line.split("|");
      if (kind === "db" && rest.length) dbs.push(rest.join("|"));
      if (kind !== "rel" || rest.length < 4) continue;
      const [db, rel, filenode, ...name] = rest;
      seen.push({
        instance_id: instanceId,
        db_oid: Number(db),
        rel_oid: Number(rel),
        filenode: Number(filenode || 0),
        name: name.join("|"),
        present: 1,
      });
    }
    if (dbs.length) this.relationDbs.set(instanceId, dbs);
    this.store.db.transaction(() => {
      this.store.sql("UPDATE pg_relation_files SET present = 0 WHERE instance_id = ?").run(instanceId);
      const upsert = this.store.sql(
        "INSERT INTO pg_relation_files VALUES (@instance_id, @db_oid, @rel_oid, @filenode, @name, @present) ON CONFLICT (instance_id, db_oid, rel_oid, filenode) DO UPDATE SET name = excluded.name, present = 1",
      );
      for (const r of seen) upsert.run(r);
    })();
  }

  /**
   * Commits that dropped relation files are DROPs, TRUNCATEs or rewrites (VACUUM FULL, CLUSTER).
   * A TRUNCATE leaves a heap TRUNCATE record in its transaction; a DROP drops the statistics of
   * the relations it removes, which no longer exist; a rewrite's old files belong to a table that still does.
   */
  private async recordEvents(instanceId: string, c: Cluster, segment: string, timeline: number, commits: Commit[]): Promise<void> {
    const candidates = commits.filter((x) => x.droppedRelations.length > 0);
    if (candidates.length === 0) return;
    const byOid = this.store.sql<RelationRow>(
      "SELECT * FROM pg_relation_files WHERE instance_id = ? AND db_oid = ? AND rel_oid = ? ORDER BY present DESC LIMIT 1",
    );
    const byFile = this.store.sql<RelationRow>("SELECT * FROM pg_relation_files WHERE instance_id = ? AND db_oid = ? AND filenode = ?");
    let truncates: { xid: number; relids: number[] }[] | null = null;
    for (const commit of candidates) {
      const files = commit.droppedRelations.map(parseRelationPath).filter((x): x is { db: number; filenode: number } => x !== null);
      const db = files[0]?.db ?? commit.droppedStats[0]?.db;
      if (db === undefined) continue;
      truncates ??= await this.readTruncates(c, segment);
      const truncated = truncates.find((t) => t.xid === commit.xid);
      let kind: "drop" | "truncate";
      let names: string[];
      if (truncated) {
        kind = "truncate";
        names = truncated.relids.map((oid) => byOid.get(instanceId, db, oid)?.name ?? `relation ${oid} (name unknown)`);
      } else {
        const known = commit.droppedStats.map((s) => byOid.get(instanceId, s.db, s.oid)).filter((r): r is RelationRow => r !== undefined);
        // A file of a table that is still there (under a newer file) was rewritten, not dropped.
        const stillThere = (r: RelationRow | undefined) => r !== undefined && byOid.get(instanceId, r.db_oid, r.rel_oid)?.present === 1;
        const rewritten = files
          .map((f) => byFile.get(instanceId, f.db, f.filenode))
          .some((r) => stillThere(r) && !known.some((k) => k.rel_oid === r!.rel_oid));
        if (known.length === 0 && (rewritten || commit.droppedStats.length === 0)) continue;
        kind = "drop";
        names = known.length ? known.map((r) => r.name) : commit.droppedStats.map((s) => `relation ${s.oid} (name unknown)`);
      }
      this.store.q.insertLogEvent.run({
        id: uuidFrom("log-event", `${instanceId}:${timeline}:${commit.lsn}`),
        instance_id: instanceId,
        timeline,
        kind,
        time_ms: commit.timeMs,
        lsn: commit.lsn.toString(),
        lsn_key: lsnKey(commit.lsn),
        xid: commit.xid,
        relations: JSON.stringify(names),
      });
    }
  }

  /** Heap TRUNCATE records of one archived segment (only read when a commit in it dropped files). */
  private async readTruncates(c: Cluster, name: string): Promise<{ xid: number; relids: number[] }[]> {
    return parseWaldumpTruncates(await this.waldump(c, name, "Heap"));
  }

  private async readCommits(c: Cluster, name: string): Promise<Commit[]> {
    return parseWaldumpCommits(await this.waldump(c, name, "Transaction"));
  }

  /** One archived segment fetched from the repository and read with pg_waldump, one resource manager's records. */
  private async waldump(c: Cluster, name: string, rmgr: "Transaction" | "Heap"): Promise<string> {
    const dir = mkdtempSync(path.join(tmpdir(), "tpd-wal-"));
    try {
      ownedDir(dir);
      const file = path.join(dir, name);
      await c.backrest(["archive-get", name, file], { timeoutMs: 60_000 });
      // A record that runs into the next segment makes pg_waldump complain at the end; the records before it stand.
      return (await run(pgBin(c.version, "pg_waldump"), ["-r", rmgr, file], { allowFail: true, timeoutMs: 120_000 })).stdout;
    } finally {
      // Asynchronously: unlinking a 16 MB segment on a loaded machine held the event loop for a while.
      await rm(dir, { recursive: true, force: true });
    }
  }

  private writeSegments(instanceId: string, rows: WalFileRow[]): void {
    const sorted = rows
      .map((r): ArchivedSegment & { row: WalFileRow } => {
        const segno = BigInt(r.segno);
        return {
          row: r,
          name: r.name,
          timeline: r.timeline,
          segno,
          startLsn: segno * 16_777_216n,
          endLsn: (segno + 1n) * 16_777_216n,
          pushedMs: r.pushed_ms,
          firstCommitMs: r.first_commit_ms,
          lastCommitMs: r.last_commit_ms,
        };
      })
      .sort((a, b) => a.timeline - b.timeline || (a.segno < b.segno ? -1 : a.segno > b.segno ? 1 : 0));
    const times = segmentTimes(sorted);
    this.store.db.transaction(() => {
      this.store.sql("DELETE FROM segments WHERE instance_id = ?").run(instanceId);
      sorted.forEach((s, i) => {
        this.store.q.insertSegment.run({
          id: uuidFrom("segment", `${instanceId}:${s.name}`),
          instance_id: instanceId,
          timeline: s.timeline,
          status: "COMPLETED",
          start_ms: times[i]!.startMs,
          end_ms: times[i]!.endMs,
          start_lsn: s.startLsn.toString(),
          end_lsn: s.endLsn.toString(),
          lsn_key: lsnKey(s.startLsn),
          size: 0.016,
        });
      });
    })();
  }

  // ---- the demo workload --------------------------------------------------------------------

  private async createWorkload(c: Cluster): Promise<void> {
    await c.psql("CREATE DATABASE app");
    await c.psql(
      `CREATE TABLE ticks (seq bigint PRIMARY KEY, at timestamptz NOT NULL DEFAULT clock_timestamp());
       CREATE SEQUENCE ticks_seq OWNED BY ticks.seq;
       ALTER TABLE ticks ALTER COLUMN seq SET DEFAULT nextval('ticks_seq');
       CREATE PROCEDURE tick_forever(pause float8) LANGUAGE plpgsql AS $$
       BEGIN
         LOOP
           INSERT INTO ticks DEFAULT VALUES;
           COMMIT;
           PERFORM pg_sleep(pause);
         END LOOP;
       END $$;`,
      "app",
    );
  }

  /** A few rows a second into app.ticks, each its own commit, for as long as the cluster runs. */
  private startWorkload(instanceId: string): void {
    if (this.closed || this.workloads.has(instanceId)) return;
    const c = this.cluster(instanceId);
    const child = startLong(pgBin(c.version, "psql"), [
      "-X",
      "-q",
      "-h",
      c.sock,
      "-p",
      "5432",
      "-U",
      "postgres",
      "-d",
      "app",
      "-c",
      "CALL tick_forever(0.3)",
    ]);
    this.workloads.set(instanceId, child);
    child.on("close", () => {
      if (this.workloads.get(instanceId) === child) this.workloads.delete(instanceId);
    });
  }

  private stopWorkload(instanceId: string): void {
    this.workloads.get(instanceId)?.kill("SIGKILL");
    this.workloads.delete(instanceId);
  }

  // ---- previews ----------------------------------------------------------------------------

  private get limits(): PreviewLimits {
    return this.settings.preview ?? DEFAULT_PREVIEW_LIMITS;
  }

  async preview(inst: InstanceRow, spec: PreviewSpec): Promise<PreviewResult> {
    if (this.missing.length)
      throw new EngineRefusal(400, `Previews need the PostgreSQL engine, which cannot run: ${this.missing.join("; ")}.`);
    const started = Date.now();
    let scratch = this.scratches.get(spec.userId);
    const same =
      scratch &&
      scratch.instanceId === inst.id &&
      scratch.baseId === spec.base.id &&
      scratch.pointMs === spec.pointMs &&
      scratch.lsn === spec.lsn;
    if (scratch && !same) {
      await this.dropScratch(scratch);
      scratch = undefined;
    }
    const reused = scratch !== undefined;
    if (!scratch) {
      const onInstance = [...this.scratches.values()].filter((s) => s.instanceId === inst.id).length;
      if (onInstance >= this.limits.perInstance) {
        throw new EngineRefusal(
          429,
          `${inst.name} already has ${onInstance} previews open (at most ${this.limits.perInstance}); try again when one has been idle for ${Math.round(this.limits.idleMs / 1000)} s.`,
        );
      }
      if (this.scratches.size >= this.limits.overall) {
        throw new EngineRefusal(
          429,
          `The backend already runs ${this.scratches.size} previews (at most ${this.limits.overall}); try again in a few minutes.`,
        );
      }
      scratch = this.openScratch(inst, spec);
    }
    scratch.inUse += 1;
    let result: Awaited<ReturnType<typeof this.runReadOnly>>;
    try {
      try {
        await scratch.ready;
      } catch (error) {
        await this.dropScratch(scratch);
        throw new EngineRefusal(400, `The data at that point could not be prepared: ${(error as Error).message}`);
      }
      result = await this.runReadOnly(scratch.cluster, spec.database, spec.query);
    } finally {
      scratch.inUse -= 1;
      scratch.lastUsedMs = Date.now();
    }
    return { ...result, reused, elapsedMs: Date.now() - started, expiresAtMs: this.clock() + this.limits.idleMs };
  }

  private openScratch(inst: InstanceRow, spec: PreviewSpec): Scratch {
    const id = `p${randomBytes(8).toString("hex")}`;
    const cluster = new Cluster(path.join(this.settings.root, "previews"), id, this.settings.version);
    const scratch: Scratch = {
      id,
      userId: spec.userId,
      instanceId: inst.id,
      baseId: spec.base.id,
      pointMs: spec.pointMs,
      lsn: spec.lsn,
      cluster,
      ready: Promise.resolve(),
      lastUsedMs: Date.now(),
      inUse: 0,
    };
    this.scratches.set(spec.userId, scratch);
    scratch.ready = (async () => {
      ownedDir(path.join(this.settings.root, "previews"));
      cluster.prepare();
      ownedDir(cluster.data);
      const source = this.cluster(spec.base.instance_id);
      await source.backrest(
        [
          `--pg1-path=${cluster.data}`,
          `--set=${path.basename(spec.base.location_ref!)}`,
          ...this.targetArgs(spec.base, spec.pointMs, spec.lsn),
          "--target-action=pause",
          "restore",
        ],
        { timeoutMs: 1_800_000 },
      );
      // Socket only, nothing archived: it is nobody's instance and must not write into any repository.
      cluster.writeScratchConf();
      await cluster.start();
      await this.awaitTarget(cluster, spec.base);
      // Promoted, so a transaction cut off at the point (a DROP's lock) is rolled back rather than
      // blocking every read; queries then run as a role that can read every table and nothing else
      // (a superuser could read the server's files).
      await cluster.psql("SELECT pg_promote(true, 60)");
      await this.awaitPromotion(cluster);
      await cluster.psql(
        `CREATE ROLE ${PREVIEW_ROLE} LOGIN NOSUPERUSER; GRANT pg_read_all_data TO ${PREVIEW_ROLE}; ALTER ROLE ${PREVIEW_ROLE} SET default_transaction_read_only = on`,
      );
    })();
    return scratch;
  }

  private async dropScratch(s: Scratch): Promise<void> {
    if (this.scratches.get(s.userId) === s) this.scratches.delete(s.userId);
    await s.ready.catch(() => undefined);
    await s.cluster.stop("immediate");
    s.cluster.remove();
  }

  /**
   * The query runs as a role that may only read tables, in a read-only transaction, through a cursor
   * (so only a SELECT or VALUES is accepted, and only rowLimit + 1 rows are ever fetched), under a
   * statement timeout, in a cluster that archives nothing and listens on no address.
   */
  private async runReadOnly(
    c: Cluster,
    database: string,
    query: string,
  ): Promise<Omit<PreviewResult, "reused" | "elapsedMs" | "expiresAtMs">> {
    const limit = this.limits.rowLimit;
    const body = query.trim().replace(/;\s*$/, "");
    if (!body) throw new EngineRefusal(400, "The query is empty.");
    if (body.includes(";")) throw new EngineRefusal(400, "A preview runs one query: remove the ';'.");
    const r = await run(
      pgBin(c.version, "psql"),
      [
        "-X",
        "-q",
        "--csv",
        "-v",
        "ON_ERROR_STOP=1",
        "-h",
        c.sock,
        "-p",
        "5432",
        "-U",
        PREVIEW_ROLE,
        "-d",
        database,
        "-c",
        "BEGIN TRANSACTION READ ONLY",
        "-c",
        `SET LOCAL statement_timeout = ${this.limits.statementTimeoutMs}`,
        "-c",
        `DECLARE preview NO SCROLL CURSOR FOR ${body}`,
        "-c",
        `FETCH ${limit + 1} FROM preview`,
        "-c",
        "COMMIT",
      ],
      { allowFail: true, timeoutMs: this.limits.statementTimeoutMs + 30_000 },
    );
    if (r.code !== 0) {
      const said =
        r.stderr
          .split("\n")
          .find((l) => /ERROR:/.test(l))
          ?.replace(/^.*ERROR:\s*/, "") ?? r.stderr.trim().slice(0, 300);
      throw new EngineRefusal(400, `PostgreSQL refused the query: ${said}`);
    }
    const [header, ...lines] = parseCsv(r.stdout);
    const rows = lines.slice(0, limit);
    return { columns: header ?? [], rows, truncated: lines.length > limit, rowLimit: limit };
  }

  private targetArgs(base: BackupRow, pointMs: number, lsn: string | null): string[] {
    if (lsn !== null) return ["--type=lsn", `--target=${lsnText(BigInt(lsn))}`, "--target-exclusive", `--target-timeline=${base.timeline}`];
    const later = this.store
      .sql<{ n: number }>("SELECT COUNT(*) AS n FROM segments WHERE instance_id = ? AND timeline = ? AND end_ms >= ?")
      .get(base.instance_id, base.timeline!, pointMs)!.n;
    return later > 0 ? ["--type=time", `--target=${recoveryTarget(pointMs)}`, `--target-timeline=${base.timeline}`] : ["--type=immediate"];
  }

  // ---- root, removal, addresses -------------------------------------------------------------

  async enableRoot(inst: InstanceRow): Promise<{ name: string; password: string }> {
    const password = randomBytes(18).toString("base64url");
    const c = this.cluster(inst.id);
    await c.psql(
      `DO $$ BEGIN
         IF EXISTS (SELECT FROM pg_roles WHERE rolname = 'root') THEN ALTER ROLE root WITH SUPERUSER LOGIN PASSWORD '${password}';
         ELSE CREATE ROLE root WITH SUPERUSER LOGIN PASSWORD '${password}'; END IF;
       END $$`,
    );
    return { name: "root", password };
  }

  removeInstance(inst: InstanceRow): void {
    this.stopWorkload(inst.id);
    this.busy.add(inst.id);
    // Its address stays taken until its server has let go of it.
    const address = inst.address;
    if (address) this.releasing.add(address);
    const c = this.cluster(inst.id);
    void c
      .stop("immediate")
      .then(() => {
        // Backups outlive their instance, as in Trove: the repository stays while any of them does.
        const kept = this.store.sql<{ n: number }>("SELECT COUNT(*) AS n FROM backups WHERE instance_id = ?").get(inst.id)!.n;
        if (kept > 0) rmSync(c.data, { recursive: true, force: true });
        else c.remove();
      })
      .finally(() => {
        this.busy.delete(inst.id);
        if (address) this.releasing.delete(address);
      });
  }

  /** The lowest free address of the engine's network: each instance its own, as a cloud gives. */
  private allocateAddress(instanceId: string): string {
    const taken = new Set(
      this.store
        .sql<{ address: string }>("SELECT address FROM instances WHERE address IS NOT NULL AND id != ?")
        .all(instanceId)
        .map((r) => r.address),
    );
    for (let n = 1; n < 255; n++) {
      const candidate = `${this.settings.network}.${n}`;
      if (!taken.has(candidate) && !this.releasing.has(candidate)) return candidate;
    }
    throw new Error(`every address of ${this.settings.network}.0/24 is in use`);
  }
}

interface BackrestInfo {
  backup: {
    label: string;
    type: string;
    prior: string | null;
    error?: boolean;
    lsn: { start: string; stop: string };
    timestamp: { start: number; stop: number };
    archive: { start: string; stop: string };
    info: { size: number; delta: number; repository: { size: number } };
  }[];
}

/** RFC 4180 as psql --csv writes it: quoted fields may hold commas, quotes ("") and newlines. */
export function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = "";
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else field += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ",") {
      row.push(field);
      field = "";
    } else if (ch === "\n") {
      row.push(field);
      rows.push(row);
      row = [];
      field = "";
    } else if (ch !== "\r") field += ch;
  }
  if (field !== "" || row.length) {
    row.push(field);
    rows.push(row);
  }
  return rows;
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
