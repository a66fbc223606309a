/**
 * What the PostgreSQL engine reads off its WAL archive, as pure functions: segment names to LSN
 * ranges, pg_waldump's commit lines to commit times, pgBackRest's LSN text to numbers, and the time
 * range each archived segment can honestly claim.
 */

/** 16 MiB: the WAL segment size of a default initdb. */
export const SEGMENT_BYTES = 16n * 1024n * 1024n;
const SEGMENTS_PER_XLOGID = 0x1_0000_0000n / SEGMENT_BYTES;

export interface SegmentName {
  name: string;
  timeline: number;
  /** The segment number: its start LSN divided by the segment size. */
  segno: bigint;
  startLsn: bigint;
  endLsn: bigint;
}

/** `TTTTTTTTLLLLLLLLSSSSSSSS` (optionally with pgBackRest's `-<sha1>.<ext>` suffix) → its LSN range. */
export function parseSegmentName(file: string): SegmentName | null {
  const m = /^([0-9A-F]{8})([0-9A-F]{8})([0-9A-F]{8})(?:-[0-9a-f]{40}(?:\.[a-z0-9]+)?)?$/.exec(file);
  if (!m) return null;
  const timeline = parseInt(m[1]!, 16);
  const log = BigInt(`0x${m[2]}`);
  const seg = BigInt(`0x${m[3]}`);
  if (timeline === 0 || seg >= SEGMENTS_PER_XLOGID) return null;
  const segno = log * SEGMENTS_PER_XLOGID + seg;
  return { name: m[1]! + m[2]! + m[3]!, timeline, segno, startLsn: segno * SEGMENT_BYTES, endLsn: (segno + 1n) * SEGMENT_BYTES };
}

/** The 64-bit position → PostgreSQL's `hi/lo` text. */
export function lsnText(lsn: bigint): string {
  return `${(lsn >> 32n).toString(16).toUpperCase()}/${(lsn & 0xffffffffn).toString(16).toUpperCase()}`;
}

/** `0/2000100` (PostgreSQL's and pgBackRest's LSN text) → the 64-bit position. */
export function parseLsnText(text: string): bigint | null {
  const m = /^([0-9A-Fa-f]{1,8})\/([0-9A-Fa-f]{1,8})$/.exec(text.trim());
  return m ? (BigInt(`0x${m[1]}`) << 32n) + BigInt(`0x${m[2]}`) : null;
}

export interface Commit {
  xid: number;
  lsn: bigint;
  timeMs: number;
  /** Microseconds past `timeMs`'s millisecond, so ordering and "≤ second S" stay exact. */
  micros: number;
  /** Relation files the commit dropped (`rels: base/5/16384`): a DROP, a TRUNCATE or a rewrite. */
  droppedRelations: string[];
  /** Relations whose statistics the commit dropped (`dropped stats: 2/5/16384`): dropped relations, by database and OID. */
  droppedStats: { db: number; oid: number }[];
}

/**
 * pg_waldump's transaction records (run with TZ=UTC), e.g.
 * `rmgr: Transaction len (rec/tot): 34/34, tx: 726, lsn: 0/030000C0, prev 0/03000028, desc: COMMIT 2026-11-30 22:45:22.207927 UTC`.
 */
export function parseWaldumpCommits(output: string): Commit[] {
  const commits: Commit[] = [];
  const re =
    /tx:\s+(\d+), lsn: ([0-9A-F]+\/[0-9A-F]+), prev [0-9A-F/]+, desc: COMMIT (\d{4}-\d{2}-\d{2}) (\d{2}:\d{2}:\d{2})(?:\.(\d{1,6}))? UTC(.*)$/gm;
  for (const m of output.matchAll(re)) {
    const frac = (m[5] ?? "").padEnd(6, "0");
    const base = Date.parse(`${m[3]}T${m[4]}Z`);
    const lsn = parseLsnText(m[2]!);
    if (Number.isNaN(base) || lsn === null) continue;
    const rels = /rels: ([^;]+)/.exec(m[6] ?? "");
    const stats = /dropped stats: ([^;]+)/.exec(m[6] ?? "");
    const droppedStats = (stats?.[1] ?? "")
      .trim()
      .split(/\s+/)
      .map((x) => /^2\/(\d+)\/(\d+)$/.exec(x))
      .filter((x): x is RegExpExecArray => x !== null)
      .map((x) => ({ db: Number(x[1]), oid: Number(x[2]) }));
    commits.push({
      xid: Number(m[1]),
      lsn,
      timeMs: base + Number(frac.slice(0, 3)),
      micros: Number(frac.slice(3)),
      droppedRelations: rels ? rels[1]!.trim().split(/\s+/) : [],
      droppedStats,
    });
  }
  return commits;
}

/** Heap TRUNCATE records (written with wal_level=logical): which transaction truncated which relation OIDs. */
export function parseWaldumpTruncates(output: string): { xid: number; relids: number[] }[] {
  const out: { xid: number; relids: number[] }[] = [];
  for (const m of output.matchAll(/tx:\s+(\d+), lsn: [0-9A-F/]+, prev [0-9A-F/]+, desc: TRUNCATE nrelids \d+ relids ([\d ]+)/g)) {
    out.push({ xid: Number(m[1]), relids: m[2]!.trim().split(/\s+/).map(Number) });
  }
  return out;
}

/** `base/5/16384` → database OID and file number; other tablespaces' paths carry them last too. */
export function parseRelationPath(rel: string): { db: number; filenode: number } | null {
  const m = /(\d+)\/(\d+)$/.exec(rel);
  return m ? { db: Number(m[1]), filenode: Number(m[2]) } : null;
}

/** What the engine knows of one archived segment file. */
export interface ArchivedSegment extends SegmentName {
  /** When pgBackRest stored it (the file's mtime). */
  pushedMs: number;
  /** Exact commit times read from the segment, or null when it holds no commit. */
  firstCommitMs: number | null;
  lastCommitMs: number | null;
}

export interface SegmentTimes {
  startMs: number;
  endMs: number;
}

const SECOND = 1000;

/**
 * The time range each segment can claim, in whole seconds, segments sorted by (timeline, segno).
 * A restore to second T replays up to the first commit after T, so it can only end inside the
 * archive if some archived commit lies after T: a segment's end is therefore the last whole second
 * strictly before its last commit. A segment without commits claims nothing new (it ends where
 * its predecessor did); a segment that follows its predecessor without a hole starts where that one
 * ended, so a chain's times are continuous, and one after a hole starts at its first commit.
 */
export function segmentTimes(segments: readonly ArchivedSegment[]): SegmentTimes[] {
  const out: SegmentTimes[] = [];
  for (let i = 0; i < segments.length; i++) {
    const s = segments[i]!;
    const prev = i > 0 ? segments[i - 1]! : null;
    const contiguous = prev !== null && prev.timeline === s.timeline && prev.segno + 1n === s.segno;
    const prevEnd = contiguous ? out[i - 1]!.endMs : null;
    const floor = (ms: number) => Math.floor(ms / SECOND) * SECOND;
    const fallback = floor(s.pushedMs);
    const start = prevEnd ?? (s.firstCommitMs !== null ? floor(s.firstCommitMs) : fallback);
    const end = s.lastCommitMs !== null ? Math.ceil(s.lastCommitMs / SECOND) * SECOND - SECOND : (prevEnd ?? start);
    out.push({ startMs: start, endMs: Math.max(start, end) });
  }
  return out;
}

/** Whole seconds, as the recovery target PostgreSQL is given: `2026-11-20 10:03:17+00`. */
export function recoveryTarget(ms: number): string {
  return `${new Date(ms).toISOString().slice(0, 19).replace("T", " ")}+00`;
}
