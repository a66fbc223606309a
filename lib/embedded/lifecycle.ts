/**
 * Life as time passes, and the operations that start it: instances build, backups run, logs are
 * written, restores and recoveries finish. Nothing runs in the background: `advance(now)` brings
 * the stored state up to `now` (on every request and on a timer), replaying each deadline at its
 * own time, so the outcome does not depend on when anybody looked.
 */
import { uuidFrom } from "./catalog";
import type { Engine } from "./engine";
import { hash32 } from "./simulated-engine";
import { NO_OPERATION, type BackupRow, type InstanceRow, type RecoveryRow, type Store } from "./store";

export interface Timings {
  buildMs: number;
  restoreMs: number;
  backupMs: number;
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

/** Where a new instance's log starts: a plausible, instance-specific LSN. */
export function initialLsn(instanceId: string): bigint {
  return 16_777_216n * BigInt(1 + (hash32(instanceId) % 64));
}

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
        const resumable = this.engine.resumable && inst.op !== null && inst.op_until_ms !== null && (inst.op === "build" || base?.status === "COMPLETED");
        if (!resumable) this.fail(inst, now, INTERRUPTED);
      }
      if (!this.engine.resumable) {
        for (const backup of q.backupsRunning.all()) {
          q.updateBackup.run({ ...backup, status: "FAILED", updated_ms: now });
          this.releaseInstance(backup.instance_id, now);
        }
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
    restore: { base: BackupRow; pointMs: number } | null;
    failWith: string | null;
    now: number;
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
      op_until_ms: spec.now + (spec.restore ? this.timings.restoreMs : this.timings.buildMs),
      op_fail: spec.failWith,
      op_backup_id: spec.restore?.base.id ?? null,
      op_point_ms: spec.restore?.pointMs ?? null,
      op_recovery_id: null,
      log_timeline: 1,
      log_cursor_ms: null,
      log_cursor_lsn: null,
      log_rate: 20_000 + (hash32(id) % 180_000),
    };
    q.insertInstance.run(row);
    return row;
  }

  deleteInstance(inst: InstanceRow): void {
    const { q, db } = this.store;
    db.transaction(() => {
      q.deleteBuildingSegments.run(inst.id);
      this.store.sql("DELETE FROM instances WHERE id = ?").run(inst.id);
    })();
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
      // NEW for a fifth of the run (the task is queued), then BUILDING.
      building_at_ms: spec.now + Math.floor(this.timings.backupMs / 5000) * 1000,
      complete_at_ms: spec.now + this.timings.backupMs,
      datastore_type: inst.datastore_type,
      datastore_version: inst.datastore_version,
      seq,
    };
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
    const deleted: string[] = [];
    db.transaction(() => {
      const pending = [backup.id];
      while (pending.length > 0) {
        const id = pending.pop()!;
        for (const child of q.backupChildren.all(id)) pending.push(child.id);
        q.deleteBackup.run(id);
        deleted.push(id);
      }
    })();
    return deleted;
  }

  startRecovery(inst: InstanceRow, spec: { base: BackupRow; pointMs: number; userId: string; failWith: string | null; now: number }): RecoveryRow {
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
        op_until_ms: spec.now + this.timings.restoreMs,
        op_fail: spec.failWith,
        op_backup_id: spec.base.id,
        op_point_ms: spec.pointMs,
        op_recovery_id: recovery.id,
      } satisfies Partial<InstanceRow>);
      q.updateInstance.run(inst);
      q.insertRecovery.run(recovery);
    })();
    return recovery;
  }

  private finishOperation(inst: InstanceRow, now: number): void {
    const at = inst.op_until_ms ?? now;
    if (inst.op_fail) return this.fail(inst, at, inst.op_fail);
    const { q } = this.store;
    let timeline = 1;
    let lsn = initialLsn(inst.id);
    if (inst.op === "restore" || inst.op === "recovery") {
      const base = inst.op_backup_id ? q.backupById.get(inst.op_backup_id) : undefined;
      const reached = base && inst.op_point_ms !== null ? this.engine.restoreTo(base, inst.op_point_ms) : null;
      if (reached === null) return this.fail(inst, at, `Restore failed: base backup ${inst.op_backup_id ?? "?"} is no longer available.`);
      lsn = reached;
      // An in-place recovery forks the instance's history: the next timeline after every one it wrote.
      if (inst.op === "recovery") timeline = this.maxTimeline(inst.id) + 1;
    }
    this.engine.startLog(inst, at, timeline, lsn);
    if (inst.op_recovery_id) q.finishRecovery.run("COMPLETED", at, inst.op_recovery_id);
    Object.assign(inst, { status: "ACTIVE", updated_ms: at, volume_used: inst.volume_used ?? Math.round(inst.volume_size * 0.2 * 100) / 100 });
    clearOp(inst);
    this.engine.writeLog(inst, now);
    q.updateInstance.run(inst);
  }

  private fail(inst: InstanceRow, at: number, message: string): void {
    const { q } = this.store;
    if (inst.log_cursor_ms !== null) this.engine.stopLog(inst, at);
    if (inst.op_recovery_id) q.finishRecovery.run("FAILED", at, inst.op_recovery_id);
    Object.assign(inst, { status: "ERROR", updated_ms: at, fault_message: message, fault_details: `${inst.op ?? "operation"} of instance ${inst.id} failed`, fault_ms: at });
    clearOp(inst);
    q.updateInstance.run(inst);
  }

  private progressBackup(backup: BackupRow, now: number): void {
    const { q } = this.store;
    const completeAt = backup.complete_at_ms ?? now;
    if (completeAt <= now) {
      const inst = q.instanceById.get(backup.instance_id);
      if (!inst || inst.log_cursor_ms === null) {
        q.updateBackup.run({ ...backup, status: "FAILED", updated_ms: completeAt });
      } else {
        const result = this.engine.finishBackup(inst, backup, completeAt);
        q.updateBackup.run({
          ...backup,
          status: "COMPLETED",
          updated_ms: completeAt,
          size: result.size,
          location_ref: result.locationRef,
          consistent_lsn: result.consistentLsn,
          consistent_ms: result.consistentMs,
          timeline: result.timeline,
        });
      }
      this.releaseInstance(backup.instance_id, completeAt);
    } else if (backup.status === "NEW" && backup.building_at_ms !== null && backup.building_at_ms <= now) {
      q.updateBackup.run({ ...backup, status: "BUILDING", updated_ms: backup.building_at_ms });
    }
  }

  private releaseInstance(instanceId: string, at: number): void {
    const inst = this.store.q.instanceById.get(instanceId);
    if (inst?.status === "BACKUP" && this.store.q.backupsRunningOf.all(instanceId).every((b) => b.complete_at_ms !== null && b.complete_at_ms <= at)) {
      this.store.q.updateInstance.run({ ...inst, status: "ACTIVE", updated_ms: at });
    }
  }

  private maxTimeline(instanceId: string): number {
    const row = this.store.sql<{ n: number | null }>("SELECT MAX(timeline) AS n FROM segments WHERE instance_id = ?").get(instanceId);
    return row?.n ?? 1;
  }
}

function clearOp(inst: InstanceRow): void {
  Object.assign(inst, NO_OPERATION);
}

function notAvailable(inst: InstanceRow): OperationError {
  return new OperationError(422, `Instance ${inst.id} is not currently available for an action to be performed (instance status was ${inst.status}).`);
}
