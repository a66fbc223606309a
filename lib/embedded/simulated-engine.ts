/**
 * The simulated engine: no database runs, but the log an instance writes is fully determined by
 * its id, timeline and segment start, so the archive, the backups' consistent points and any
 * restore are reproducible and consistent with each other. Segments are `segmentMs` long, laid on
 * a grid that starts when the instance (or its timeline) came up.
 */
import { randomUUID } from "node:crypto";
import { EngineRefusal, type BackupResult, type Engine, type OperationResult, type PreviewResult, type Settled } from "./engine";
import { hash32 } from "./hash";
import { lsnKey, type BackupRow, type InstanceRow, type SegmentRow, type Store } from "./store";

export interface SimulatedTimings {
  buildMs: number;
  restoreMs: number;
  backupMs: number;
}

/** Bytes of log one segment carries: the instance's rate, varied ±40% per segment. */
export function segmentBytes(instanceId: string, timeline: number, startMs: number, rate: number, segmentMs: number): bigint {
  const u = hash32(`${instanceId}:${timeline}:${startMs}`) / 0x1_0000_0000;
  return BigInt(Math.max(1, Math.round((rate * segmentMs * (0.6 + 0.8 * u)) / 1000)));
}

/** Bytes as the GB figure Trove reports, two decimals, at least 0.01. */
export function gigabytes(bytes: number): number {
  return Math.max(0.01, Math.round(bytes / 1e7) / 100);
}

/** The LSN at `at` inside a segment, assuming the log was written evenly across it. */
export function interpolate(seg: Pick<SegmentRow, "start_ms" | "end_ms" | "start_lsn" | "end_lsn">, at: number): bigint {
  const start = BigInt(seg.start_lsn);
  const end = BigInt(seg.end_lsn);
  if (seg.end_ms <= seg.start_ms || at <= seg.start_ms) return start;
  if (at >= seg.end_ms) return end;
  return start + ((end - start) * BigInt(at - seg.start_ms)) / BigInt(seg.end_ms - seg.start_ms);
}

/** Where a new instance's log starts: a plausible, instance-specific LSN. */
export function initialLsn(instanceId: string): bigint {
  return 16_777_216n * BigInt(1 + (hash32(instanceId) % 64));
}

export class SimulatedEngine implements Engine {
  readonly name = "simulated";

  constructor(
    private readonly store: Store,
    private readonly segmentMs: number,
    private readonly timings: SimulatedTimings = { buildMs: 10_000, restoreMs: 20_000, backupMs: 10_000 },
    private readonly newId: () => string = randomUUID,
  ) {}

  fabricatesHistory(): boolean {
    return true;
  }

  // The simulated work is only a deadline in the database, so it can always carry on after a restart.
  resumes(): boolean {
    return true;
  }

  beginOperation(instance: InstanceRow, now: number): number {
    return now + (instance.op === "build" ? this.timings.buildMs : this.timings.restoreMs);
  }

  settleOperation(inst: InstanceRow, now: number): Settled<OperationResult> | null {
    const at = inst.op_until_ms ?? now;
    if (at > now) return null;
    if (inst.op !== "restore" && inst.op !== "recovery")
      return { ok: true, value: { at, timeline: 1, lsn: initialLsn(inst.id), lastCommit: null } };
    const base = inst.op_backup_id ? this.store.q.backupById.get(inst.op_backup_id) : undefined;
    // A restore to an LSN ends just before it; one to a time where the log had got to by then.
    const reached =
      base && inst.op_point_lsn !== null
        ? BigInt(inst.op_point_lsn)
        : base && inst.op_point_ms !== null
          ? this.restoreTo(base, inst.op_point_ms)
          : null;
    if (!base || reached === null || inst.op_point_ms === null) {
      return { ok: false, at, reason: `Restore failed: base backup ${inst.op_backup_id ?? "?"} is no longer available.` };
    }
    // An in-place recovery forks the instance's history: the next timeline after every one it wrote.
    const timeline = inst.op === "recovery" ? this.maxTimeline(inst.id) + 1 : 1;
    // The modelled workload commits every so often: the last commit before the point falls a
    // fraction of a second before it, never before the base was consistent.
    const before = 50 + (hash32(`${inst.id}:${inst.op_point_ms}`) % 900);
    const lastMs = Math.max(base.consistent_ms ?? inst.op_point_ms, inst.op_point_ms - before);
    return {
      ok: true,
      value: { at, timeline, lsn: reached, lastCommit: { timeMs: lastMs, lsn: (this.restoreTo(base, lastMs) ?? reached).toString() } },
    };
  }

  beginBackup(_instance: InstanceRow, _backup: BackupRow, now: number): { buildingAt: number; settleAt: number } {
    // NEW for a fifth of the run (the task is queued), then BUILDING.
    return { buildingAt: now + Math.floor(this.timings.backupMs / 5000) * 1000, settleAt: now + this.timings.backupMs };
  }

  settleBackup(backup: BackupRow, now: number): Settled<BackupResult> | null {
    const at = backup.complete_at_ms ?? now;
    if (at > now) return null;
    const inst = this.store.q.instanceById.get(backup.instance_id);
    if (!inst || inst.log_cursor_ms === null) return { ok: false, at, reason: "the instance stopped writing before the backup finished" };
    return { ok: true, value: this.finishBackup(inst, backup, at) };
  }

  removeBackups(): void {}

  // No data exists to look at: an answer made up here would be a lie about the user's database.
  async preview(): Promise<PreviewResult> {
    throw new EngineRefusal(
      400,
      "Previews are not available on the simulated engine: it models the transaction log but holds no data to query.",
    );
  }

  async enableRoot(): Promise<{ name: string; password: string }> {
    return { name: "root", password: randomUUID().replaceAll("-", "").slice(0, 24) };
  }

  removeInstance(instance: InstanceRow): void {
    this.store.q.deleteBuildingSegments.run(instance.id);
  }

  async close(): Promise<void> {}

  private maxTimeline(instanceId: string): number {
    const row = this.store.sql<{ n: number | null }>("SELECT MAX(timeline) AS n FROM segments WHERE instance_id = ?").get(instanceId);
    return row?.n ?? 1;
  }

  startLog(instance: InstanceRow, at: number, timeline: number, lsn: bigint): void {
    instance.log_timeline = timeline;
    instance.log_cursor_ms = at;
    instance.log_cursor_lsn = lsn.toString();
    this.openSegment(instance);
  }

  writeLog(instance: InstanceRow, now: number): void {
    if (instance.log_cursor_ms === null || instance.log_cursor_lsn === null) return;
    let cursor = instance.log_cursor_ms;
    if (cursor + this.segmentMs > now) return;
    let lsn = BigInt(instance.log_cursor_lsn);
    this.store.q.deleteBuildingSegments.run(instance.id);
    while (cursor + this.segmentMs <= now) {
      const bytes = segmentBytes(instance.id, instance.log_timeline, cursor, instance.log_rate, this.segmentMs);
      this.insert(instance, "COMPLETED", cursor, cursor + this.segmentMs, lsn, lsn + bytes);
      cursor += this.segmentMs;
      lsn += bytes;
    }
    instance.log_cursor_ms = cursor;
    instance.log_cursor_lsn = lsn.toString();
    this.openSegment(instance);
  }

  stopLog(instance: InstanceRow, at: number): void {
    if (instance.log_cursor_ms === null) return;
    this.writeLog(instance, at);
    const open = this.store.q.buildingSegment.get(instance.id);
    this.store.q.deleteBuildingSegments.run(instance.id);
    if (open && at > open.start_ms) {
      this.insert(instance, "COMPLETED", open.start_ms, at, BigInt(open.start_lsn), interpolate(open, at));
    }
    instance.log_cursor_ms = null;
    instance.log_cursor_lsn = null;
  }

  positionAt(instanceId: string, timeline: number, at: number): bigint | null {
    const seg = this.store.q.segmentAt.get(instanceId, timeline, at, at);
    return seg ? interpolate(seg, at) : null;
  }

  finishBackup(instance: InstanceRow, backup: BackupRow, at: number): BackupResult {
    const lsn = this.positionAt(instance.id, instance.log_timeline, at) ?? BigInt(instance.log_cursor_lsn ?? "0");
    const used = instance.volume_used ?? instance.volume_size * 0.3;
    // An incremental carries what changed since its parent: a slice of the data.
    const share = backup.parent_id ? 0.05 + (hash32(backup.id) % 10) / 100 : 0.8;
    return {
      at,
      consistentLsn: lsn.toString(),
      consistentMs: at,
      timeline: instance.log_timeline,
      size: gigabytes(used * share * 1e9),
      locationRef: `swift://database_backups/${backup.id}.xbstream.gz.enc`,
    };
  }

  restoreTo(base: BackupRow, pointMs: number): bigint | null {
    if (base.consistent_lsn === null || base.timeline === null) return null;
    if (pointMs === base.consistent_ms) return BigInt(base.consistent_lsn);
    return this.positionAt(base.instance_id, base.timeline, pointMs);
  }

  private openSegment(instance: InstanceRow): void {
    const start = instance.log_cursor_ms!;
    const lsn = BigInt(instance.log_cursor_lsn!);
    const bytes = segmentBytes(instance.id, instance.log_timeline, start, instance.log_rate, this.segmentMs);
    this.store.q.deleteBuildingSegments.run(instance.id);
    this.insert(instance, "BUILDING", start, start + this.segmentMs, lsn, lsn + bytes);
  }

  private insert(instance: InstanceRow, status: string, startMs: number, endMs: number, startLsn: bigint, endLsn: bigint): void {
    this.store.q.insertSegment.run({
      id: this.newId(),
      instance_id: instance.id,
      timeline: instance.log_timeline,
      status,
      start_ms: startMs,
      end_ms: endMs,
      start_lsn: startLsn.toString(),
      end_lsn: endLsn.toString(),
      lsn_key: lsnKey(startLsn),
      size: Math.max(0.001, Math.round(Number(endLsn - startLsn) / 1e6) / 1000),
    });
  }
}
