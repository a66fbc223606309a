/**
 * Point-in-time checks for restores and recoveries, made by the same recovery core the dashboard
 * uses (trove-api.md, "Recoverable windows"): one source of truth for what can be recovered.
 */
import { analyzeRecoverability, explainPoint, formatUtc, tryParseTroveTime, type BackupRecord, type LogSegment, type RecoveryInput } from "@/lib/recovery";
import type { BackupRow, SegmentRow, Store } from "./store";

export function toBackupRecord(b: BackupRow): BackupRecord {
  return {
    id: b.id,
    name: b.name,
    status: b.status,
    parentId: b.parent_id,
    created: formatUtc(b.created_ms),
    updated: formatUtc(b.updated_ms),
    consistentLsn: b.consistent_lsn,
    consistentTime: b.consistent_ms === null ? null : formatUtc(b.consistent_ms),
    timeline: b.timeline,
  };
}

export function toLogSegment(s: SegmentRow): LogSegment {
  return { id: s.id, timeline: s.timeline, status: s.status, start: formatUtc(s.start_ms), end: formatUtc(s.end_ms), startLsn: s.start_lsn, endLsn: s.end_lsn };
}

export function recoveryInput(store: Store, instanceId: string): RecoveryInput {
  return {
    capability: "pitr",
    backups: store.q.allBackupsOfInstance.all(instanceId).map(toBackupRecord),
    segments: store.q.allSegmentsOfInstance.all(instanceId).map(toLogSegment),
  };
}

export type PointCheck = { ok: true; pointMs: number } | { ok: false; message: string };

/**
 * Whether `base` can be restored to `point` (its consistent instant when `point` is undefined).
 * Refusals say why, in the recovery core's words.
 */
export function checkPoint(store: Store, base: BackupRow, point: string | undefined): PointCheck {
  const analysis = analyzeRecoverability(recoveryInput(store, base.instance_id));
  const verdict = analysis.bases.find((b) => b.backupId === base.id);
  if (!verdict?.restorable) {
    return { ok: false, message: `Backup '${base.name}' (${base.id}) cannot be restored: ${verdict?.reason ?? `its status is ${base.status}`}.` };
  }
  if (point === undefined) {
    const at = verdict.consistentTime === null ? null : tryParseTroveTime(verdict.consistentTime);
    return at === null ? { ok: false, message: `Backup '${base.name}' has no consistent point to restore to.` } : { ok: true, pointMs: at };
  }
  const pointMs = tryParseTroveTime(point);
  if (pointMs === null) return { ok: false, message: `point_in_time ${JSON.stringify(point)} is not an ISO 8601 time, e.g. 2026-11-20T10:03:17Z.` };
  const iso = formatUtc(pointMs);
  const own = analysis.windows.filter((w) => w.baseId === base.id);
  if (own.some((w) => w.start <= iso && iso <= w.end)) return { ok: true, pointMs };
  const range = own.map((w) => (w.start === w.end ? w.start : `${w.start} – ${w.end}`)).join(", ");
  const explained = explainPoint(analysis, iso);
  const why = explained.recoverable
    ? ` Backup '${explained.base.name}' (${explained.base.backupId}) covers it.`
    : ` ${explained.reason}`;
  return { ok: false, message: `Point in time ${iso} is outside the recoverable window of backup '${base.name}' (${range}).${why}` };
}
