/** Builders for the recovery core's tests: terse clock times on one UTC day, LSNs as numbers. */
import type { BackupRecord, LogSegment, RecoveryInput } from "./types";

export const DAY = "2026-11-20";

/** "10:05" or "10:05:30" on DAY → "2026-11-20T10:05:00Z"; full ISO strings pass through. */
export function at(clock: string): string {
  if (clock.includes("T")) return clock;
  return `${DAY}T${clock.length === 5 ? `${clock}:00` : clock}Z`;
}

export function seg(
  id: string,
  start: string,
  end: string,
  startLsn: number | bigint,
  endLsn: number | bigint,
  opts: { status?: string; timeline?: number } = {},
): LogSegment {
  return {
    id,
    timeline: opts.timeline ?? 1,
    status: opts.status ?? "COMPLETED",
    start: at(start),
    end: at(end),
    startLsn: String(startLsn),
    endLsn: String(endLsn),
  };
}

interface BackupOpts {
  name?: string;
  status?: string;
  timeline?: number;
  /** Consistent time; `updated` is the same instant unless given. */
  time: string;
  lsn: number | bigint | null;
  updated?: string;
}

export function backup(id: string, parentId: string | null, o: BackupOpts): BackupRecord {
  return {
    id,
    name: o.name ?? id,
    status: o.status ?? "COMPLETED",
    parentId,
    created: at(o.updated ?? o.time),
    updated: at(o.updated ?? o.time),
    consistentLsn: o.lsn === null ? null : String(o.lsn),
    consistentTime: at(o.time),
    timeline: o.timeline ?? 1,
  };
}

export function pitr(backups: BackupRecord[], segments: LogSegment[]): RecoveryInput {
  return { capability: "pitr", backups, segments };
}

/** Segments of `minutes` each from `start` on DAY, contiguous in LSN by `step`. */
export function run(
  prefix: string,
  startClock: string,
  count: number,
  opts: { minutes?: number; lsn?: number; step?: number; timeline?: number } = {},
): LogSegment[] {
  const minutes = opts.minutes ?? 5;
  const step = opts.step ?? 100;
  const t0 = Date.parse(at(startClock));
  const out: LogSegment[] = [];
  for (let i = 0; i < count; i++) {
    const s = new Date(t0 + i * minutes * 60_000).toISOString().replace(".000", "");
    const e = new Date(t0 + (i + 1) * minutes * 60_000).toISOString().replace(".000", "");
    const lsn = (opts.lsn ?? 0) + i * step;
    out.push(seg(`${prefix}${i}`, s, e, lsn, lsn + step, { timeline: opts.timeline }));
  }
  return out;
}
