/**
 * Point-in-time checks for restores and recoveries, made by the same recovery core the dashboard
 * uses (trove-api.md, "Recoverable windows"): one source of truth for what can be recovered.
 */
import {
  analyzeRecoverability,
  explainPoint,
  formatUtc,
  tryParseTroveTime,
  type BackupRecord,
  type LogSegment,
  type RecoveryInput,
} from "@/lib/recovery";
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
  return {
    id: s.id,
    timeline: s.timeline,
    status: s.status,
    start: formatUtc(s.start_ms),
    end: formatUtc(s.end_ms),
    startLsn: s.start_lsn,
    endLsn: s.end_lsn,
  };
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
    return {
      ok: false,
      message: `Backup '${base.name}' (${base.id}) cannot be restored: ${verdict?.reason ?? `its status is ${base.status}`}.`,
    };
  }
  if (point === undefined) {
    const at = verdict.consistentTime === null ? null : tryParseTroveTime(verdict.consistentTime);
    return at === null ? { ok: false, message: `Backup '${base.name}' has no consistent point to restore to.` } : { ok: true, pointMs: at };
  }
  const pointMs = tryParseTroveTime(point);
  if (pointMs === null)
    return { ok: false, message: `point_in_time ${JSON.stringify(point)} is not an ISO 8601 time, e.g. 2026-11-20T10:03:17Z.` };
  const iso = formatUtc(pointMs);
  const own = analysis.windows.filter((w) => w.baseId === base.id);
  if (own.some((w) => w.start <= iso && iso <= w.end)) return { ok: true, pointMs };
  const range = own.map((w) => (w.start === w.end ? w.start : `${w.start} – ${w.end}`)).join(", ");
  const explained = explainPoint(analysis, iso);
  const why = explained.recoverable ? ` Backup '${explained.base.name}' (${explained.base.backupId}) covers it.` : ` ${explained.reason}`;
  return { ok: false, message: `Point in time ${iso} is outside the recoverable window of backup '${base.name}' (${range}).${why}` };
}

export type LsnCheck = { ok: true; lsn: bigint; pointMs: number } | { ok: false; message: string };

/**
 * Whether `base` can be restored to just before the record at `lsnText` (a decimal LSN): at or after
 * the base's consistent LSN, on its timeline, inside the unbroken run of archived segments that starts
 * with the one holding that LSN. `pointMs` is when the log reached it, as far as the segments tell.
 */
export function checkLsn(store: Store, base: BackupRow, lsnText: string): LsnCheck {
  if (!/^\d{1,20}$/.test(lsnText) || BigInt(lsnText) >= 2n ** 64n)
    return { ok: false, message: `lsn ${JSON.stringify(lsnText)} is not a decimal log sequence number.` };
  const lsn = BigInt(lsnText);
  const verdict = analyzeRecoverability(recoveryInput(store, base.instance_id)).bases.find((b) => b.backupId === base.id);
  if (!verdict?.restorable || base.consistent_lsn === null || base.timeline === null) {
    return {
      ok: false,
      message: `Backup '${base.name}' (${base.id}) cannot be restored: ${verdict?.reason ?? `its status is ${base.status}`}.`,
    };
  }
  const from = BigInt(base.consistent_lsn);
  if (lsn < from)
    return { ok: false, message: `LSN ${lsnText} is before backup '${base.name}' is consistent (LSN ${base.consistent_lsn}).` };
  const segments = store
    .sql<SegmentRow>("SELECT * FROM segments WHERE instance_id = ? AND timeline = ? AND status = 'COMPLETED' ORDER BY lsn_key")
    .all(base.instance_id, base.timeline);
  let at = segments.findIndex((s) => BigInt(s.start_lsn) <= from && from <= BigInt(s.end_lsn));
  while (at >= 0 && at < segments.length) {
    const s = segments[at]!;
    if (lsn <= BigInt(s.end_lsn)) {
      const start = BigInt(s.start_lsn);
      const span = BigInt(s.end_lsn) - start;
      const share = span > 0n ? Number(((lsn - start) * 1000n) / span) / 1000 : 0;
      const pointMs = Math.max(base.consistent_ms ?? s.start_ms, Math.floor((s.start_ms + share * (s.end_ms - s.start_ms)) / 1000) * 1000);
      return { ok: true, lsn, pointMs };
    }
    const next = segments[at + 1];
    if (!next || next.start_lsn !== s.end_lsn) break;
    at++;
  }
  return {
    ok: false,
    message: `LSN ${lsnText} is not in the unbroken log that follows backup '${base.name}' on timeline ${base.timeline}.`,
  };
}
