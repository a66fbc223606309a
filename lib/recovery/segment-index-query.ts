import { compareParts } from "./lsn";
import type { CompletedLog } from "./segment-index";

/** Reach questions over one timeline's COMPLETED log (segment-index.ts); all read-only. */

/** First position in [from, n) whose start LSN is >= (hi, lo); n when none. */
export function lowerBound(c: CompletedLog, from: number, hi: number, lo: number): number {
  let a = from;
  let b = c.n;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (c.sHi[m]! < hi || (c.sHi[m] === hi && c.sLo[m]! < lo)) a = m + 1;
    else b = m;
  }
  return a;
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

/** Whether the segment at `a` ends later than the one at `b` (time, then LSN): the better reach. */
export function endsLater(c: CompletedLog, a: number, b: number): boolean {
  const x = c.endMs[a]!;
  const y = c.endMs[b]!;
  return x > y || (x === y && compareParts(c.eHi[a]!, c.eLo[a]!, c.eHi[b]!, c.eLo[b]!) > 0);
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
  let bestReach = -1;
  for (let j = upperBound(c, hi, lo) - 1; j >= 0; j--) {
    const top = c.pmEnd[j]!;
    if (compareParts(c.eHi[top]!, c.eLo[top]!, hi, lo) < 0) break;
    if (compareParts(c.eHi[j]!, c.eLo[j]!, hi, lo) < 0) continue;
    const r = c.reach[j]!;
    if (bestReach < 0 || endsLater(c, r, bestReach)) {
      bestReach = r;
      best = { pos: j, ms: c.endMs[r]!, hi: c.eHi[r]!, lo: c.eLo[r]! };
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
      if (c.succ[m] !== q && c.endMs[c.reach[m]!]! >= pointMs && (next < 0 || endsLater(c, c.reach[m]!, c.reach[next]!))) next = m;
    }
    if (next < 0) return null;
    cur = next;
    count++;
  }
  return { last: cur, count };
}
