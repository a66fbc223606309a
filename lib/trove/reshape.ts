/** Wire → app conversions (vercel/commerce's reshape*): zone-less Trove times become "…Z" UTC. */
import type { Instance, Recovery, RestoredFrom } from "@/lib/api/schemas";
import type { BackupRecord, LogSegment } from "@/lib/recovery";
import { formatUtc, tryParseTroveTime } from "@/lib/recovery";
import { instanceTone } from "@/lib/domain/status";
import { UpstreamError } from "@/lib/domain/errors";
import type { TroveBackup, TroveInstance, TroveLogSegment, TroveRecovery, TroveRestoredFrom } from "./schemas";

/** Trove's "2026-11-20T10:03:17" is UTC; anything unreadable is an unexpected answer. */
export function utc(value: string, field: string): string {
  const ms = tryParseTroveTime(value);
  if (ms === null) throw new UpstreamError("unexpected", `The database service answered something unexpected (${field}: not a time).`);
  return formatUtc(ms);
}

function utcOrNull(value: string | null | undefined, field: string): string | null {
  return value ? utc(value, field) : null;
}

/** Like utc() but keeps the milliseconds ("…16.842Z"): a last commit is known to the millisecond. */
function utcWithMillis(value: string, field: string): string {
  const fraction = /^.{19}\.(\d+)/.exec(value)?.[1] ?? "";
  return new Date(Date.parse(utc(value, field)) + Number(fraction.padEnd(3, "0").slice(0, 3))).toISOString();
}

/** Source and backup names are the detail service's to fill: they cost an upstream read each. */
export function toRestoredFrom(raw: TroveRestoredFrom): RestoredFrom {
  return {
    sourceInstanceId: raw.instance_id ?? null,
    sourceInstanceName: null,
    backupId: raw.backup_id ?? null,
    backupName: null,
    pointInTime: utc(raw.point_in_time, "restored_from.point_in_time"),
    timeline: raw.timeline ?? null,
    lastCommitTime: raw.last_commit_time ? utcWithMillis(raw.last_commit_time, "restored_from.last_commit_time") : null,
    lastCommitLsn: raw.last_commit_lsn ?? null,
    recoveredAt: utcOrNull(raw.recovered_at, "restored_from.recovered_at"),
    excluded: raw.excluded
      ? {
          kind: raw.excluded.kind,
          xid: raw.excluded.xid ?? null,
          time: utcWithMillis(raw.excluded.time, "restored_from.excluded.time"),
          relations: raw.excluded.relations,
        }
      : null,
  };
}

export function toInstance(raw: TroveInstance): Instance {
  const optional: Pick<Instance, "addresses" | "restoredFrom"> = {};
  if (raw.ip && raw.ip.length > 0) optional.addresses = raw.ip;
  if (raw.restored_from) optional.restoredFrom = toRestoredFrom(raw.restored_from);
  return {
    id: raw.id,
    name: raw.name,
    status: raw.status,
    tone: instanceTone(raw.status),
    datastore: { type: raw.datastore.type, version: raw.datastore.version },
    flavorId: raw.flavor?.id ?? null,
    volumeSize: raw.volume?.size ?? null,
    region: raw.region ?? null,
    created: utc(raw.created, "instance.created"),
    updated: utc(raw.updated, "instance.updated"),
    fault: raw.fault
      ? { message: raw.fault.message, created: utcOrNull(raw.fault.created, "fault.created"), details: raw.fault.details ?? null }
      : null,
    projectId: raw.tenant_id ?? null,
    ...optional,
  };
}

export function toBackupRecord(raw: TroveBackup): BackupRecord {
  return {
    id: raw.id,
    name: raw.name,
    status: raw.status,
    parentId: raw.parent_id ?? null,
    created: utc(raw.created, "backup.created"),
    updated: utc(raw.updated, "backup.updated"),
    consistentLsn: raw.consistent_lsn ?? null,
    consistentTime: utcOrNull(raw.consistent_time, "backup.consistent_time"),
    timeline: raw.timeline ?? null,
  };
}

/** Segment times go to the recovery core as sent: it parses millions of them faster than we could reshape. */
export function toLogSegment(raw: TroveLogSegment): LogSegment {
  return {
    id: raw.id,
    timeline: raw.timeline,
    status: raw.status,
    start: raw.start,
    end: raw.end,
    startLsn: raw.start_lsn,
    endLsn: raw.end_lsn,
  };
}

export function toRecovery(raw: TroveRecovery): Recovery {
  return {
    id: raw.id,
    instanceId: raw.instance_id,
    projectId: raw.project_id ?? null,
    userId: raw.user_id ?? null,
    backupId: raw.backup_id ?? null,
    pointInTime: utcOrNull(raw.point_in_time, "recovery.point_in_time"),
    status: raw.status,
    tone: instanceTone(raw.status),
    created: utc(raw.created, "recovery.created"),
    updated: utc(raw.updated, "recovery.updated"),
  };
}
