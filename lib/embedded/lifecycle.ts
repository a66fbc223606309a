/**
 * Life as time passes, and the operations that start it: instances build, backups run, logs are
 * written, restores and recoveries finish. Nothing runs in the background: `advance(now)` brings
 * the stored state up to `now` (on every request and on a timer), replaying each deadline at its
 * own time, so the outcome does not depend on when anybody looked.
 */
import { formatUtc } from "@/lib/recovery";
import { uuidFrom } from "./catalog";
import type { Engine, OperationResult, PreviewResult, PreviewSpec } from "./engine";
import { hash32 } from "./hash";
import { FRESH_INSTANCE, NO_OPERATION, type BackupRow, type InstanceRow, type LogEventRow, type RecoveryRow, type Store } from "./store";

export interface Timings {
  /** How long a restore with an injected fault runs before it fails. */
  failAfterMs: number;
  /** How often a simulated log is worth writing (the live segment length). */
  segmentMs: number;
}

/** A refusal the HTTP layer turns into Trove's error body. */
export class OperationError extends Error {
  constructor(
    readonly status: 400 | 404 | 422,
    message: string,
  ) {
    super(message);
  }
}

export const INTERRUPTED = "interrupted by backend restart";

export class Lifecycle {
  constructor(
    readonly store: Store,
    readonly engine: Engine,
    readonly timings: Timings,
  ) {}

  /** Brings everything up to `now`. Cheap when nothing is due. */
  advance(now: number): void {
    const { q, db } = this.store;
    db.transaction(() => {
      for (const inst of q.instancesBuildDue.all(now)) this.finishOperation(inst, now);
      for (const inst of q.instancesLogDue.all(now - this.timings.segmentMs)) {
        this.engine.writeLog(inst, now);
        q.updateInstance.run(inst);
      }
      for (const backup of q.backupsRunning.all()) this.progressBackup(backup, now);
    })();
  }

  /**
   * After a restart: what is due finishes; what is still running carries on when the engine can
   * resume it, and otherwise ends in ERROR (instances) or FAILED (backups), never stuck.
   */
  recoverAfterRestart(now: number): void {
    this.advance(now);
    const { q, db } = this.store;
    db.transaction(() => {
      for (const inst of q.instancesBuilding.all()) {
        const base = inst.op_backup_id ? q.backupById.get(inst.op_backup_id) : undefined;
        const resumable =
          (this.engine.resumes(inst.datastore_type) || inst.op_fail !== null) &&
          inst.op !== null &&
          inst.op_until_ms !== null &&
          (inst.op === "build" || base?.status === "COMPLETED");
        if (!resumable) this.fail(inst, now, INTERRUPTED);
      }
      for (const backup of q.backupsRunning.all()) {
        if (this.engine.resumes(backup.datastore_type)) continue;
        q.updateBackup.run({ ...backup, status: "FAILED", updated_ms: now });
        this.releaseInstance(backup.instance_id, now);
      }
    })();
  }

  createInstance(spec: {
    projectId: string;
    name: string;
    flavorId: string;
    datastoreType: string;
    datastoreVersion: string;
    volumeSize: number;
    restore: { base: BackupRow; pointMs: number; lsn?: string | null } | null;
    failWith: string | null;
    /** Added to the engine's time for the restore (a restore-slow fault). */
    delayMs?: number;
    now: number;
    /** The demo world's instances run the engine's workload and backup schedule. */
    workload?: boolean;
  }): InstanceRow {
    const { q } = this.store;
    const seq = (q.maxInstanceSeq.get()?.n ?? 0) + 1;
    // Derived, not random: with a fixed clock the same requests give the same ids (screenshots).
    const id = uuidFrom("instance", `${seq}:${spec.name}:${spec.now}`);
    const row: InstanceRow = {
      id,
      project_id: spec.projectId,
      name: spec.name,
      status: "BUILD",
      flavor_id: spec.flavorId,
      datastore_type: spec.datastoreType,
      datastore_version: spec.datastoreVersion,
      volume_size: spec.volumeSize,
      volume_used: null,
      created_ms: spec.now,
      updated_ms: spec.now,
      seq,
      fault_message: null,
      fault_details: null,
      fault_ms: null,
      op: spec.restore ? "restore" : "build",
      op_until_ms: null,
      op_fail: spec.failWith,
      op_backup_id: spec.restore?.base.id ?? null,
      op_point_ms: spec.restore?.pointMs ?? null,
      op_recovery_id: null,
      op_point_lsn: spec.restore?.lsn ?? null,
      log_timeline: 1,
      log_cursor_ms: null,
      log_cursor_lsn: null,
      log_rate: 20_000 + (hash32(id) % 180_000),
      ...FRESH_INSTANCE,
      workload: spec.workload ? 1 : 0,
    };
    row.op_until_ms = this.begin(row, spec.now) + (spec.delayMs ?? 0);
    q.insertInstance.run(row);
    return row;
  }

  deleteInstance(inst: InstanceRow): void {
    const { db } = this.store;
    this.engine.removeInstance(inst);
    db.transaction(() => {
      this.store.sql("DELETE FROM segments WHERE instance_id = ? AND status = 'BUILDING'").run(inst.id);
      this.store.sql("DELETE FROM instances WHERE id = ?").run(inst.id);
    })();
  }

  /** Something inside a running instance broke (its database died): ERROR, with the reason. */
  instanceFailed(id: string, at: number, reason: string): void {
    const inst = this.store.q.instanceById.get(id);
    if (!inst || inst.status === "ERROR" || inst.status === "BUILD") return;
    this.fail(inst, at, reason);
  }

  /**
   * The backup schedule of instances that run the demo workload: a full every `fullMs`, an
   * incremental every `incrMs` in between, and only the newest `keepFulls` fulls (with their
   * incrementals) kept, as a scheduled-backup policy with retention would.
   */
  runSchedule(now: number, schedule: { fullMs: number; incrMs: number; keepFulls: number }): void {
    if (schedule.fullMs <= 0) return;
    const { q } = this.store;
    for (const inst of this.store.sql<InstanceRow>("SELECT * FROM instances WHERE workload = 1 AND status = 'ACTIVE'").all()) {
      const backups = q.allBackupsOfInstance.all(inst.id);
      const latest = backups[0];
      const lastFull = backups.find((b) => b.parent_id === null && b.status === "COMPLETED");
      const lastDone = backups.find((b) => b.status === "COMPLETED");
      const stamp = new Date(now).toISOString().slice(0, 16).replace("T", " ");
      if (!lastFull || now - lastFull.created_ms >= schedule.fullMs) {
        // A failed attempt is retried on the incremental cadence, not every second.
        if (!latest || latest.status === "COMPLETED" || now - latest.created_ms >= schedule.incrMs) {
          this.startBackup(inst, { name: `scheduled full ${stamp}`, description: "demo schedule", parentId: null, now });
        }
      } else if (lastDone && schedule.incrMs > 0 && now - (latest?.created_ms ?? 0) >= schedule.incrMs) {
        this.startBackup(inst, { name: `scheduled incremental ${stamp}`, description: "demo schedule", parentId: lastDone.id, now });
      }
      const fulls = backups.filter((b) => b.parent_id === null && b.status === "COMPLETED");
      for (const old of fulls.slice(Math.max(1, schedule.keepFulls))) this.deleteBackup(old);
    }
  }

  /**
   * A read-only look at the instance's data as it was at a point, in a scratch cluster the engine
   * keeps for a few minutes. Every preview is recorded (who, what, when, how it ended).
   */
  async preview(inst: InstanceRow, spec: PreviewSpec & { now: number }): Promise<PreviewResult> {
    if (inst.status === "BUILD") throw notAvailable(inst);
    const record = (outcome: string) =>
      this.store
        .sql(
          "INSERT INTO preview_audit (instance_id, user_id, backup_id, point_ms, lsn, db, query, created_ms, outcome) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .run(
          inst.id,
          spec.userId,
          spec.base.id,
          spec.pointMs,
          spec.lsn,
          spec.database,
          spec.query.slice(0, 2000),
          spec.now,
          outcome.slice(0, 500),
        );
    try {
      const result = await this.engine.preview(inst, spec);
      record(`${result.rows.length}${result.truncated ? "+" : ""} rows`);
      return result;
    } catch (error) {
      record(`refused: ${(error as Error).message}`);
      throw error;
    }
  }

  /** Superuser credentials that work against the instance's address (Trove's enable-root). */
  async enableRoot(inst: InstanceRow): Promise<{ name: string; password: string }> {
    if (inst.status !== "ACTIVE") throw notAvailable(inst);
    const user = await this.engine.enableRoot(inst);
    this.store.sql("UPDATE instances SET root_enabled = 1 WHERE id = ?").run(inst.id);
    return user;
  }

  /** The engine starts the work; an injected fault only waits and then fails it. */
  private begin(inst: InstanceRow, now: number): number {
    return inst.op_fail ? now + this.timings.failAfterMs : this.engine.beginOperation(inst, now);
  }

  startBackup(inst: InstanceRow, spec: { name: string; description: string | null; parentId: string | null; now: number }): BackupRow {
    const { q } = this.store;
    if (inst.status !== "ACTIVE") throw notAvailable(inst);
    const seq = (q.maxBackupSeq.get()?.n ?? 0) + 1;
    const backup: BackupRow = {
      id: uuidFrom("backup", `${seq}:${inst.id}:${spec.now}`),
      project_id: inst.project_id,
      instance_id: inst.id,
      name: spec.name,
      description: spec.description,
      parent_id: spec.parentId,
      status: "NEW",
      created_ms: spec.now,
      updated_ms: spec.now,
      size: null,
      location_ref: null,
      consistent_lsn: null,
      consistent_ms: null,
      timeline: null,
      building_at_ms: null,
      complete_at_ms: null,
      datastore_type: inst.datastore_type,
      datastore_version: inst.datastore_version,
      seq,
    };
    const { buildingAt, settleAt } = this.engine.beginBackup(inst, backup, spec.now);
    backup.building_at_ms = buildingAt;
    backup.complete_at_ms = settleAt;
    this.store.db.transaction(() => {
      q.insertBackup.run(backup);
      q.updateInstance.run({ ...inst, status: "BACKUP", updated_ms: spec.now });
    })();
    return backup;
  }

  /** Deletes a backup and every incremental built on it (as stock Trove does). Returns the ids. */
  deleteBackup(backup: BackupRow): string[] {
    const { q, db } = this.store;
    if (backup.status === "NEW" || backup.status === "BUILDING") {
      throw new OperationError(422, `Backup ${backup.id} cannot be deleted while it is ${backup.status}.`);
    }
    const deleted: BackupRow[] = [];
    db.transaction(() => {
      const pending = [backup];
      while (pending.length > 0) {
        const row = pending.pop()!;
        pending.push(...q.backupChildren.all(row.id));
        q.deleteBackup.run(row.id);
        deleted.push(row);
      }
    })();
    this.engine.removeBackups(q.instanceById.get(backup.instance_id), deleted);
    return deleted.map((b) => b.id);
  }

  startRecovery(
    inst: InstanceRow,
    spec: { base: BackupRow; pointMs: number; lsn?: string | null; userId: string; failWith: string | null; delayMs?: number; now: number },
  ): RecoveryRow {
    const { q, db } = this.store;
    if (inst.status !== "ACTIVE") throw notAvailable(inst);
    const recovery: RecoveryRow = {
      id: uuidFrom("recovery", `${inst.id}:${spec.now}`),
      instance_id: inst.id,
      project_id: inst.project_id,
      user_id: spec.userId,
      backup_id: spec.base.id,
      point_ms: spec.pointMs,
      status: "BUILDING",
      created_ms: spec.now,
      updated_ms: spec.now,
    };
    db.transaction(() => {
      this.engine.stopLog(inst, spec.now);
      Object.assign(inst, {
        status: "BUILD",
        updated_ms: spec.now,
        op: "recovery",
        op_until_ms: null,
        op_fail: spec.failWith,
        op_backup_id: spec.base.id,
        op_point_ms: spec.pointMs,
        op_recovery_id: recovery.id,
        op_point_lsn: spec.lsn ?? null,
      } satisfies Partial<InstanceRow>);
      inst.op_until_ms = this.begin(inst, spec.now) + (spec.delayMs ?? 0);
      q.updateInstance.run(inst);
      q.insertRecovery.run(recovery);
    })();
    return recovery;
  }

  private finishOperation(inst: InstanceRow, now: number): void {
    if (inst.op_fail) return this.fail(inst, inst.op_until_ms ?? now, inst.op_fail);
    const settled = this.engine.settleOperation(inst, now);
    if (settled === null) return;
    if (!settled.ok) return this.fail(inst, settled.at, settled.reason);
    const { at, timeline, lsn } = settled.value;
    const { q } = this.store;
    const restoredFrom = this.provenance(inst, settled.value);
    this.engine.startLog(inst, at, timeline, lsn);
    if (inst.op_recovery_id) q.finishRecovery.run("COMPLETED", at, inst.op_recovery_id);
    Object.assign(inst, {
      status: "ACTIVE",
      updated_ms: at,
      volume_used: inst.volume_used ?? Math.round(inst.volume_size * 0.2 * 100) / 100,
      restored_from: restoredFrom ?? inst.restored_from,
    });
    clearOp(inst);
    this.engine.writeLog(inst, now);
    q.updateInstance.run(inst);
  }

  /** The PITR extension's `restored_from`: where a restored instance's data came from and really ends. */
  private provenance(inst: InstanceRow, result: OperationResult): string | null {
    if ((inst.op !== "restore" && inst.op !== "recovery") || inst.op_point_ms === null) return null;
    const base = inst.op_backup_id ? this.store.q.backupById.get(inst.op_backup_id) : undefined;
    // A restore to just before a logged destructive commit names the transaction it left out.
    const excluded =
      inst.op_point_lsn && base
        ? this.store.sql<LogEventRow>("SELECT * FROM log_events WHERE instance_id = ? AND lsn = ?").get(base.instance_id, inst.op_point_lsn)
        : undefined;
    return JSON.stringify({
      instance_id: base?.instance_id ?? (inst.op === "recovery" ? inst.id : null),
      backup_id: inst.op_backup_id,
      point_in_time: formatUtc(inst.op_point_ms),
      ...(inst.op_point_lsn ? { point_lsn: inst.op_point_lsn } : {}),
      ...(excluded
        ? {
            excluded: {
              kind: excluded.kind,
              xid: excluded.xid,
              time: new Date(excluded.time_ms).toISOString(),
              lsn: excluded.lsn,
              relations: JSON.parse(excluded.relations) as string[],
            },
          }
        : {}),
      timeline: result.timeline,
      last_commit_time: result.lastCommit ? new Date(result.lastCommit.timeMs).toISOString() : null,
      last_commit_lsn: result.lastCommit?.lsn ?? null,
      recovered_at: formatUtc(result.at),
    });
  }

  private fail(inst: InstanceRow, at: number, message: string): void {
    const { q } = this.store;
    this.engine.stopLog(inst, at);
    if (inst.op_recovery_id) q.finishRecovery.run("FAILED", at, inst.op_recovery_id);
    Object.assign(inst, {
      status: "ERROR",
      updated_ms: at,
      fault_message: message,
      fault_details: `${inst.op ?? "operation"} of instance ${inst.id} failed`,
      fault_ms: at,
    });
    clearOp(inst);
    q.updateInstance.run(inst);
  }

  private progressBackup(backup: BackupRow, now: number): void {
    const { q } = this.store;
    if (backup.complete_at_ms !== null && backup.complete_at_ms <= now) {
      const settled = this.engine.settleBackup(backup, now);
      if (settled !== null) {
        if (!settled.ok) {
          q.updateBackup.run({ ...backup, status: "FAILED", updated_ms: settled.at });
        } else {
          const r = settled.value;
          q.updateBackup.run({
            ...backup,
            status: "COMPLETED",
            updated_ms: r.at,
            size: r.size,
            location_ref: r.locationRef,
            consistent_lsn: r.consistentLsn,
            consistent_ms: r.consistentMs,
            timeline: r.timeline,
            parent_id: r.parentId === undefined ? backup.parent_id : r.parentId,
          });
        }
        this.releaseInstance(backup.instance_id, settled.ok ? settled.value.at : settled.at);
        return;
      }
    }
    if (backup.status === "NEW" && backup.building_at_ms !== null && backup.building_at_ms <= now) {
      q.updateBackup.run({ ...backup, status: "BUILDING", updated_ms: backup.building_at_ms });
    }
  }

  private releaseInstance(instanceId: string, at: number): void {
    const inst = this.store.q.instanceById.get(instanceId);
    if (
      inst?.status === "BACKUP" &&
      this.store.q.backupsRunningOf.all(instanceId).every((b) => b.complete_at_ms !== null && b.complete_at_ms <= at)
    ) {
      this.store.q.updateInstance.run({ ...inst, status: "ACTIVE", updated_ms: at });
    }
  }
}

function clearOp(inst: InstanceRow): void {
  Object.assign(inst, NO_OPERATION);
}

function notAvailable(inst: InstanceRow): OperationError {
  return new OperationError(
    422,
    `Instance ${inst.id} is not currently available for an action to be performed (instance status was ${inst.status}).`,
  );
}
