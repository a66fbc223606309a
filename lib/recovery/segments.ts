import { compareParts, parseLsnInto, type LsnParts } from "./lsn";
import { parseTroveTimeOrNaN } from "./time";
import type { LogSegment } from "./types";

/**
 * The transaction-log archive, parsed once into typed arrays and indexed per timeline.
 *
 * Contract (trove-api.md, "PITR extension"): two COMPLETED segments of a timeline are contiguous
 * iff the later one's start_lsn equals the earlier one's end_lsn. Contiguity is a graph, not a
 * list: overlapping or duplicated segments may give a segment several successors, so every
 * question is answered over all of them (the furthest end reachable), never by input order.
 */

const enum Status {
  Completed = 0,
  Failed = 1,
  Building = 2,
}

/** COMPLETED segments of one timeline, sorted by (start LSN, end LSN, start, end, id). */
export interface CompletedLog {
  n: number;
  sHi: Float64Array;
  sLo: Float64Array;
  eHi: Float64Array;
  eLo: Float64Array;
  startMs: Float64Array;
  endMs: Float64Array;
  /** First position of the group sharing this position's start LSN. */
  groupStart: Int32Array;
  /** First position of the group starting at this segment's end LSN, or -1 (zero-length: own group). */
  succ: Int32Array;
  /** Latest end (ms) reachable from this segment through contiguous segments, itself included. */
  reachMs: Float64Array;
  /** End LSN of the segment that reaches `reachMs` (the furthest one on ties). */
  reachHi: Float64Array;
  reachLo: Float64Array;
  /** At each group start: the best reach over the group's members, what a predecessor reaches. */
  gReachMs: Float64Array;
  gReachHi: Float64Array;
  gReachLo: Float64Array;
  /** Running maximum of end LSNs up to each position, to bound the search for holders. */
  pmHi: Float64Array;
  pmLo: Float64Array;
  /** Per group start: some non-empty segment ends where this group starts. */
  hasPred: Uint8Array;
}

/** FAILED (or unknown-status) segments of one timeline, sorted by start time. */
export interface FailedLog {
  startMs: Float64Array;
  endMs: Float64Array;
  /** Running maximum of endMs, so "does any failed segment overlap (a, b)" is one binary search. */
  pmEndMs: Float64Array;
  /** Canonical start LSNs, to recognise a failed segment that is exactly the missing link. */
  startLsns: Set<string>;
}

export interface TimelineLog {
  timeline: number;
  completed: CompletedLog;
  failed: FailedLog;
  /** Segments of every status, duplicates removed. */
  segmentCount: number;
  firstLogMs: number;
  lastLogMs: number;
}

export interface SegmentIndex {
  timelines: Map<number, TimelineLog>;
}

function statusOf(s: string): Status {
  if (s === "COMPLETED") return Status.Completed;
  // The segment being written: neither coverage nor a hole (trove-api.md).
  if (s === "BUILDING") return Status.Building;
  // FAILED and anything unknown exist but cannot be replayed.
  return Status.Failed;
}

/**
 * Parses and indexes segments. Unparseable segments (bad time, bad LSN, end before start) are
 * left out: they cannot be replayed, so the analysis reports the hole they leave as missing.
 */
export function indexSegments(segments: readonly LogSegment[]): SegmentIndex {
  const n = segments.length;
  const tl = new Float64Array(n);
  const st = new Uint8Array(n);
  const sHi = new Float64Array(n);
  const sLo = new Float64Array(n);
  const eHi = new Float64Array(n);
  const eLo = new Float64Array(n);
  const startMs = new Float64Array(n);
  const endMs = new Float64Array(n);
  const order: number[] = [];
  const p: LsnParts = { hi: 0, lo: 0 };
  for (let i = 0; i < n; i++) {
    const seg = segments[i]!;
    if (!Number.isSafeInteger(seg.timeline)) continue;
    const a = parseTroveTimeOrNaN(seg.start);
    const b = parseTroveTimeOrNaN(seg.end);
    if (!(a <= b)) continue;
    if (!parseLsnInto(seg.startLsn, p)) continue;
    sHi[i] = p.hi;
    sLo[i] = p.lo;
    if (!parseLsnInto(seg.endLsn, p)) continue;
    if (compareParts(sHi[i]!, sLo[i]!, p.hi, p.lo) > 0) continue;
    eHi[i] = p.hi;
    eLo[i] = p.lo;
    tl[i] = seg.timeline;
    st[i] = statusOf(seg.status);
    startMs[i] = a;
    endMs[i] = b;
    order.push(i);
  }

  // Every key is compared, the id last, so the order is total and input order cannot matter.
  order.sort(
    (x, y) =>
      tl[x]! - tl[y]! ||
      sHi[x]! - sHi[y]! ||
      sLo[x]! - sLo[y]! ||
      eHi[x]! - eHi[y]! ||
      eLo[x]! - eLo[y]! ||
      st[x]! - st[y]! ||
      startMs[x]! - startMs[y]! ||
      endMs[x]! - endMs[y]! ||
      (segments[x]!.id < segments[y]!.id ? -1 : segments[x]!.id > segments[y]!.id ? 1 : 0),
  );

  const timelines = new Map<number, TimelineLog>();
  let from = 0;
  while (from < order.length) {
    const t = tl[order[from]!]!;
    let to = from + 1;
    while (to < order.length && tl[order[to]!] === t) to++;
    const kept = dedupe(order, from, to, segments, sHi, sLo, st);
    timelines.set(t, buildTimeline(t, kept, st, sHi, sLo, eHi, eLo, startMs, endMs));
    from = to;
  }
  return { timelines };
}

/**
 * A segment listed twice (pages shift while the archive grows) keeps one copy: the one with the
 * most final status (COMPLETED before FAILED before BUILDING), which sorts first. Copies share
 * id, timeline and start LSN, so they sit together in sorted order.
 */
function dedupe(
  order: readonly number[],
  from: number,
  to: number,
  segments: readonly LogSegment[],
  sHi: Float64Array,
  sLo: Float64Array,
  st: Uint8Array,
): number[] {
  const kept: number[] = [];
  let groupFrom = 0;
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    const last = kept.length > 0 ? kept[kept.length - 1]! : -1;
    if (last < 0 || sHi[last] !== sHi[i] || sLo[last] !== sLo[i]) groupFrom = kept.length;
    let dup = -1;
    for (let g = groupFrom; g < kept.length; g++) {
      if (segments[kept[g]!]!.id === segments[i]!.id) {
        dup = g;
        break;
      }
    }
    if (dup < 0) kept.push(i);
    else if (st[i]! < st[kept[dup]!]!) kept[dup] = i;
  }
  return kept;
}

function buildTimeline(
  timeline: number,
  kept: readonly number[],
  st: Uint8Array,
  sHi: Float64Array,
  sLo: Float64Array,
  eHi: Float64Array,
  eLo: Float64Array,
  startMs: Float64Array,
  endMs: Float64Array,
): TimelineLog {
  let firstLogMs = Infinity;
  let lastLogMs = -Infinity;
  let nc = 0;
  const failedIdx: number[] = [];
  for (const i of kept) {
    if (startMs[i]! < firstLogMs) firstLogMs = startMs[i]!;
    if (endMs[i]! > lastLogMs) lastLogMs = endMs[i]!;
    if (st[i] === Status.Completed) nc++;
    else if (st[i] === Status.Failed) failedIdx.push(i);
  }
  const c: CompletedLog = {
    n: nc,
    sHi: new Float64Array(nc),
    sLo: new Float64Array(nc),
    eHi: new Float64Array(nc),
    eLo: new Float64Array(nc),
    startMs: new Float64Array(nc),
    endMs: new Float64Array(nc),
    groupStart: new Int32Array(nc),
    succ: new Int32Array(nc),
    reachMs: new Float64Array(nc),
    reachHi: new Float64Array(nc),
    reachLo: new Float64Array(nc),
    gReachMs: new Float64Array(nc),
    gReachHi: new Float64Array(nc),
    gReachLo: new Float64Array(nc),
    pmHi: new Float64Array(nc),
    pmLo: new Float64Array(nc),
    hasPred: new Uint8Array(nc),
  };
  let k = 0;
  for (const i of kept) {
    if (st[i] !== Status.Completed) continue;
    c.sHi[k] = sHi[i]!;
    c.sLo[k] = sLo[i]!;
    c.eHi[k] = eHi[i]!;
    c.eLo[k] = eLo[i]!;
    c.startMs[k] = startMs[i]!;
    c.endMs[k] = endMs[i]!;
    k++;
  }
  linkCompleted(c);

  failedIdx.sort((x, y) => startMs[x]! - startMs[y]! || endMs[x]! - endMs[y]!);
  const nf = failedIdx.length;
  const failed: FailedLog = {
    startMs: new Float64Array(nf),
    endMs: new Float64Array(nf),
    pmEndMs: new Float64Array(nf),
    startLsns: new Set(),
  };
  let pm = -Infinity;
  for (let f = 0; f < nf; f++) {
    const i = failedIdx[f]!;
    failed.startMs[f] = startMs[i]!;
    failed.endMs[f] = endMs[i]!;
    pm = Math.max(pm, endMs[i]!);
    failed.pmEndMs[f] = pm;
    failed.startLsns.add(`${sHi[i]}:${sLo[i]}`);
  }
  return { timeline, completed: c, failed, segmentCount: kept.length, firstLogMs, lastLogMs };
}

/** First position in [from, n) whose start LSN is >= (hi, lo); n when none. */
function lowerBound(c: CompletedLog, from: number, hi: number, lo: number): number {
  let a = from;
  let b = c.n;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (c.sHi[m]! < hi || (c.sHi[m] === hi && c.sLo[m]! < lo)) a = m + 1;
    else b = m;
  }
  return a;
}

/** Groups, successor links, reach (a DP from the highest start LSN down) and prefix maxima. */
function linkCompleted(c: CompletedLog): void {
  const n = c.n;
  let g = 0;
  for (let k = 0; k < n; k++) {
    if (k > 0 && (c.sHi[k] !== c.sHi[k - 1] || c.sLo[k] !== c.sLo[k - 1])) g = k;
    c.groupStart[k] = g;
  }
  for (let k = 0; k < n; k++) {
    const hi = c.eHi[k]!;
    const lo = c.eLo[k]!;
    if (hi === c.sHi[k] && lo === c.sLo[k]) {
      c.succ[k] = c.groupStart[k]!;
      continue;
    }
    // Usually the very next group: check it before searching.
    let q = k + 1;
    while (q < n && c.groupStart[q] === c.groupStart[k]) q++;
    if (!(q < n && c.sHi[q] === hi && c.sLo[q] === lo)) {
      q = lowerBound(c, q, hi, lo);
      if (!(q < n && c.sHi[q] === hi && c.sLo[q] === lo)) q = -1;
    }
    c.succ[k] = q;
    if (q >= 0) c.hasPred[q] = 1;
  }
  // Successors of a non-empty segment start at a higher LSN, so one backward pass sees them
  // first; zero-length segments join their own group, which reaches what any member reaches.
  let k = n - 1;
  while (k >= 0) {
    const gs = c.groupStart[k]!;
    let bestMs = -Infinity;
    let bestHi = -1;
    let bestLo = -1;
    for (let m = gs; m <= k; m++) {
      let ms = c.endMs[m]!;
      let hi = c.eHi[m]!;
      let lo = c.eLo[m]!;
      const q = c.succ[m]!;
      if (q >= 0 && q !== gs) {
        const qm = c.gReachMs[q]!;
        if (qm > ms || (qm === ms && compareParts(c.gReachHi[q]!, c.gReachLo[q]!, hi, lo) > 0)) {
          ms = qm;
          hi = c.gReachHi[q]!;
          lo = c.gReachLo[q]!;
        }
      }
      c.reachMs[m] = ms;
      c.reachHi[m] = hi;
      c.reachLo[m] = lo;
      if (ms > bestMs || (ms === bestMs && compareParts(hi, lo, bestHi, bestLo) > 0)) {
        bestMs = ms;
        bestHi = hi;
        bestLo = lo;
      }
    }
    for (let m = gs; m <= k; m++) {
      if (c.succ[m] === gs) {
        c.reachMs[m] = bestMs;
        c.reachHi[m] = bestHi;
        c.reachLo[m] = bestLo;
      }
    }
    c.gReachMs[gs] = bestMs;
    c.gReachHi[gs] = bestHi;
    c.gReachLo[gs] = bestLo;
    k = gs - 1;
  }
  let mHi = -1;
  let mLo = -1;
  for (let m = 0; m < n; m++) {
    if (compareParts(c.eHi[m]!, c.eLo[m]!, mHi, mLo) > 0) {
      mHi = c.eHi[m]!;
      mLo = c.eLo[m]!;
    }
    c.pmHi[m] = mHi;
    c.pmLo[m] = mLo;
  }
}

/** First position whose start LSN is greater than (hi, lo). */
function upperBound(c: CompletedLog, hi: number, lo: number): number {
  let a = 0;
  let b = c.n;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (c.sHi[m]! < hi || (c.sHi[m] === hi && c.sLo[m]! <= lo)) a = m + 1;
    else b = m;
  }
  return a;
}

export interface Reach {
  /** The holder the furthest reach starts from. */
  pos: number;
  ms: number;
  hi: number;
  lo: number;
}

/**
 * How far the log reaches from a base consistent at LSN (hi, lo): the furthest end over every
 * COMPLETED segment holding the LSN (start_lsn <= lsn <= end_lsn, closed), or null when none
 * holds it. The running maximum of end LSNs stops the backward scan as soon as no earlier
 * segment can reach the LSN, so overlaps cost only what they overlap.
 */
export function reachFrom(c: CompletedLog, hi: number, lo: number): Reach | null {
  let best: Reach | null = null;
  for (let j = upperBound(c, hi, lo) - 1; j >= 0 && compareParts(c.pmHi[j]!, c.pmLo[j]!, hi, lo) >= 0; j--) {
    if (compareParts(c.eHi[j]!, c.eLo[j]!, hi, lo) < 0) continue;
    const ms = c.reachMs[j]!;
    if (!best || ms > best.ms || (ms === best.ms && compareParts(c.reachHi[j]!, c.reachLo[j]!, best.hi, best.lo) > 0)) {
      best = { pos: j, ms, hi: c.reachHi[j]!, lo: c.reachLo[j]! };
    }
  }
  return best;
}

/**
 * The segments to replay from `from` (a holder) to reach `pointMs`: follows contiguous
 * successors, preferring a segment that already ends at or after the point, else the one
 * reaching furthest. Returns the last segment's position and how many were replayed, or null
 * when the point is beyond reach.
 */
export function replayPath(c: CompletedLog, from: number, pointMs: number): { last: number; count: number } | null {
  let cur = from;
  let count = 1;
  while (c.endMs[cur]! < pointMs) {
    const q = c.succ[cur]!;
    if (q < 0 || q === c.groupStart[cur]) return null;
    let next = -1;
    for (let m = q; m < c.n && c.groupStart[m] === q; m++) {
      if (c.endMs[m]! >= pointMs) {
        next = m;
        break;
      }
      if (c.succ[m] !== q && c.reachMs[m]! >= pointMs && (next < 0 || c.reachMs[m]! > c.reachMs[next]!)) next = m;
    }
    if (next < 0) return null;
    cur = next;
    count++;
  }
  return { last: cur, count };
}
