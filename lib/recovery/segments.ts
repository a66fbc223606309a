import { compareParts, parseLsnInto, type LsnParts } from "./lsn";
import { parseTimeInto } from "./time";
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

/**
 * COMPLETED segments of one timeline, sorted by (start LSN, end LSN, start, end, id). LSNs are
 * split in 32-bit halves (see lsn.ts). "Reach" fields hold positions: the furthest end is
 * endMs/eHi/eLo at that position, which saves a million-entry array per derived value.
 */
export interface CompletedLog {
  n: number;
  sHi: Uint32Array;
  sLo: Uint32Array;
  eHi: Uint32Array;
  eLo: Uint32Array;
  startMs: Float64Array;
  endMs: Float64Array;
  /** First position of the group sharing this position's start LSN. */
  groupStart: Int32Array;
  /** First position of the group starting at this segment's end LSN, or -1 (zero-length: own group). */
  succ: Int32Array;
  /** The segment with the latest end reachable from here through contiguous segments (itself included). */
  reach: Int32Array;
  /** At each group start: the best reach over the group, which is what a predecessor reaches. */
  gReach: Int32Array;
  /** The segment with the highest end LSN among positions 0..k, to bound the search for holders. */
  pmEnd: Int32Array;
  /** Per group start: some non-empty segment ends where this group starts. */
  hasPred: Uint8Array;
}

/** FAILED (or unknown-status) segments of one timeline, sorted by start time. */
export interface FailedLog {
  startMs: Float64Array;
  endMs: Float64Array;
  /** Running maximum of endMs, so "does any failed segment overlap (a, b)" is one binary search. */
  pmEndMs: Float64Array;
  /** Start LSNs as "hi:lo", to recognise a failed segment that is exactly the missing link. */
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
  /** The workspace generation the arrays belong to; see {@link isCurrent}. */
  generation: number;
}

function statusOf(s: string): Status {
  if (s === "COMPLETED") return Status.Completed;
  // The segment being written: neither coverage nor a hole (trove-api.md).
  if (s === "BUILDING") return Status.Building;
  // FAILED and anything unknown exist but cannot be replayed.
  return Status.Failed;
}

/**
 * All per-segment arrays live in one grow-only workspace, reused by every call. A million
 * segments need ~100 MB of them; allocating that outside the JS heap on each call forced a
 * full garbage collection every time (150 ms with a large input alive). The analysis is
 * synchronous, so one call never sees another's data; an index stays readable until the next
 * call, which {@link isCurrent} tells.
 */
class Workspace {
  size = 0;
  generation = 0;
  tl = new Int32Array(0);
  st = new Uint8Array(0);
  sHi = new Uint32Array(0);
  sLo = new Uint32Array(0);
  eHi = new Uint32Array(0);
  eLo = new Uint32Array(0);
  startMs = new Float64Array(0);
  endMs = new Float64Array(0);
  valid = new Int32Array(0);
  kept = new Int32Array(0);
  order = new Int32Array(0);
  radixCount = new Int32Array(0);
  cSHi = new Uint32Array(0);
  cSLo = new Uint32Array(0);
  cEHi = new Uint32Array(0);
  cELo = new Uint32Array(0);
  cStartMs = new Float64Array(0);
  cEndMs = new Float64Array(0);
  groupStart = new Int32Array(0);
  succ = new Int32Array(0);
  reach = new Int32Array(0);
  gReach = new Int32Array(0);
  pmEnd = new Int32Array(0);
  hasPred = new Uint8Array(0);

  reserve(n: number): void {
    this.generation++;
    if (this.size >= n) return;
    // Allocated on first use, so a browser that only calls explainPoint never pays for it.
    if (this.radixCount.length === 0) this.radixCount = new Int32Array(65_536);
    this.size = n;
    this.tl = new Int32Array(n);
    this.st = new Uint8Array(n);
    this.sHi = new Uint32Array(n);
    this.sLo = new Uint32Array(n);
    this.eHi = new Uint32Array(n);
    this.eLo = new Uint32Array(n);
    this.startMs = new Float64Array(n);
    this.endMs = new Float64Array(n);
    this.valid = new Int32Array(n);
    this.kept = new Int32Array(n);
    this.order = new Int32Array(n);
    this.cSHi = new Uint32Array(n);
    this.cSLo = new Uint32Array(n);
    this.cEHi = new Uint32Array(n);
    this.cELo = new Uint32Array(n);
    this.cStartMs = new Float64Array(n);
    this.cEndMs = new Float64Array(n);
    this.groupStart = new Int32Array(n);
    this.succ = new Int32Array(n);
    this.reach = new Int32Array(n);
    this.gReach = new Int32Array(n);
    this.pmEnd = new Int32Array(n);
    this.hasPred = new Uint8Array(n);
  }

  /** Views of the completed-log arrays for positions [from, from + n). */
  completed(from: number, n: number): CompletedLog {
    const to = from + n;
    const c: CompletedLog = {
      n,
      sHi: this.cSHi.subarray(from, to),
      sLo: this.cSLo.subarray(from, to),
      eHi: this.cEHi.subarray(from, to),
      eLo: this.cELo.subarray(from, to),
      startMs: this.cStartMs.subarray(from, to),
      endMs: this.cEndMs.subarray(from, to),
      groupStart: this.groupStart.subarray(from, to),
      succ: this.succ.subarray(from, to),
      reach: this.reach.subarray(from, to),
      gReach: this.gReach.subarray(from, to),
      pmEnd: this.pmEnd.subarray(from, to),
      hasPred: this.hasPred.subarray(from, to),
    };
    c.hasPred.fill(0);
    return c;
  }
}

const ws = new Workspace();

/** Whether an index's arrays are still its own (no later indexSegments call reused them). */
export function isCurrent(index: SegmentIndex): boolean {
  return index.generation === ws.generation;
}

/**
 * Parses and indexes segments. Unparseable segments (bad time, bad LSN, end before start) are
 * left out: they cannot be replayed, so the analysis reports the hole they leave as missing.
 * The result is valid until the next call (see {@link isCurrent}).
 */
export function indexSegments(segments: readonly LogSegment[]): SegmentIndex {
  const n = segments.length;
  ws.reserve(n);
  const { tl, st, sHi, sLo, eHi, eLo, startMs, endMs, valid } = ws;
  let m = 0;
  const p: LsnParts = { hi: 0, lo: 0 };
  // A segment usually starts where the previous one ended: comparing the strings is cheaper
  // than parsing them again.
  let prevEnd = "";
  let prevEndLsn = "";
  let prev = -1;
  for (let i = 0; i < n; i++) {
    const seg = segments[i]!;
    // Timelines count recoveries: anything outside int32 is not one.
    if (!Number.isInteger(seg.timeline) || seg.timeline < 0 || seg.timeline > 2_147_483_647) continue;
    if (prev >= 0 && seg.start === prevEnd) startMs[i] = endMs[prev]!;
    else if (!parseTimeInto(seg.start, startMs, i)) continue;
    if (!parseTimeInto(seg.end, endMs, i) || startMs[i]! > endMs[i]!) continue;
    if (prev >= 0 && seg.startLsn === prevEndLsn) {
      sHi[i] = eHi[prev]!;
      sLo[i] = eLo[prev]!;
    } else {
      if (!parseLsnInto(seg.startLsn, p)) continue;
      sHi[i] = p.hi;
      sLo[i] = p.lo;
    }
    if (!parseLsnInto(seg.endLsn, p)) continue;
    if (compareParts(sHi[i]!, sLo[i]!, p.hi, p.lo) > 0) continue;
    eHi[i] = p.hi;
    eLo[i] = p.lo;
    tl[i] = seg.timeline;
    st[i] = statusOf(seg.status);
    valid[m++] = i;
    prev = i;
    prevEnd = seg.end;
    prevEndLsn = seg.endLsn;
  }

  // Every key is compared, the id last, so the order is total and input order cannot matter.
  const cmp = (x: number, y: number): number =>
    tl[x]! - tl[y]! ||
    sHi[x]! - sHi[y]! ||
    sLo[x]! - sLo[y]! ||
    eHi[x]! - eHi[y]! ||
    eLo[x]! - eLo[y]! ||
    st[x]! - st[y]! ||
    startMs[x]! - startMs[y]! ||
    endMs[x]! - endMs[y]! ||
    (segments[x]!.id < segments[y]!.id ? -1 : segments[x]!.id > segments[y]!.id ? 1 : 0);
  const order = groupByTimeline(valid.subarray(0, m), ws.order.subarray(0, m));
  // Within a timeline the API's order (by start LSN) is usually already right: verify it, and
  // sort only a timeline that is not.
  for (let from = 0; from < m; ) {
    const t = tl[order[from]!]!;
    let to = from + 1;
    let sorted = true;
    for (; to < m && tl[order[to]!] === t; to++) if (sorted && cmp(order[to - 1]!, order[to]!) > 0) sorted = false;
    if (!sorted) sortRange(order.subarray(from, to), cmp);
    from = to;
  }

  const timelines = new Map<number, TimelineLog>();
  let from = 0;
  let completedFrom = 0;
  while (from < m) {
    const t = tl[order[from]!]!;
    let to = from + 1;
    while (to < m && tl[order[to]!] === t) to++;
    const kept = dedupe(order, from, to, segments);
    const log = buildTimeline(t, kept, completedFrom);
    completedFrom += log.completed.n;
    timelines.set(t, log);
    from = to;
  }
  return { timelines, generation: ws.generation };
}

/** `valid` regrouped into `out` by ascending timeline, keeping the order within each. */
function groupByTimeline(valid: Int32Array, out: Int32Array): Int32Array {
  const { tl } = ws;
  const m = valid.length;
  const counts = new Map<number, number>();
  let lastT = NaN;
  let lastCount = 0;
  for (let k = 0; k < m; k++) {
    const t = tl[valid[k]!]!;
    if (t !== lastT) {
      if (!Number.isNaN(lastT)) counts.set(lastT, lastCount);
      lastT = t;
      lastCount = counts.get(t) ?? 0;
    }
    lastCount++;
  }
  if (!Number.isNaN(lastT)) counts.set(lastT, lastCount);
  if (counts.size <= 1) return valid;
  const next = new Map<number, number>();
  let at = 0;
  for (const t of [...counts.keys()].sort((a, b) => a - b)) {
    next.set(t, at);
    at += counts.get(t)!;
  }
  for (let k = 0; k < m; k++) {
    const i = valid[k]!;
    const t = tl[i]!;
    const pos = next.get(t)!;
    out[pos] = i;
    next.set(t, pos + 1);
  }
  return out;
}

/**
 * Sorts one timeline's positions: a stable LSD radix sort on the start LSN's four 16-bit
 * digits (linear, where a comparator sort of a million shuffled segments took 1.5 s), then the
 * full comparator within each run of equal start LSNs, which is short.
 */
function sortRange(range: Int32Array, cmp: (x: number, y: number) => number): void {
  const { sHi, sLo, radixCount: count } = ws;
  const len = range.length;
  let src: Int32Array = range;
  let dst: Int32Array = new Int32Array(len);
  for (let pass = 0; pass < 4; pass++) {
    const words = pass < 2 ? sLo : sHi;
    const shift = pass % 2 === 0 ? 0 : 16;
    count.fill(0);
    for (let k = 0; k < len; k++) count[(words[src[k]!]! >>> shift) & 0xffff]!++;
    if (count[(words[src[0]!]! >>> shift) & 0xffff] === len) continue;
    let sum = 0;
    for (let d = 0; d < 65_536; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < len; k++) {
      const i = src[k]!;
      dst[count[(words[i]! >>> shift) & 0xffff]!++] = i;
    }
    const swap = src;
    src = dst;
    dst = swap;
  }
  if (src !== range) range.set(src);
  for (let a = 0; a < len; ) {
    let b = a + 1;
    while (b < len && sHi[range[b]!] === sHi[range[a]!] && sLo[range[b]!] === sLo[range[a]!]) b++;
    if (b - a > 1) range.set(Array.from(range.subarray(a, b)).sort(cmp), a);
    a = b;
  }
}

/**
 * A segment listed twice (pages shift while the archive grows) keeps one copy: the one with the
 * most final status (COMPLETED before FAILED before BUILDING), which sorts first. Copies share
 * id, timeline and start LSN, so they sit together in sorted order.
 */
function dedupe(order: Int32Array, from: number, to: number, segments: readonly LogSegment[]): Int32Array {
  const { sHi, sLo, st } = ws;
  const kept = ws.kept.subarray(from, to);
  let count = 0;
  let groupFrom = 0;
  for (let k = from; k < to; k++) {
    const i = order[k]!;
    const last = count > 0 ? kept[count - 1]! : -1;
    if (last < 0 || sHi[last] !== sHi[i] || sLo[last] !== sLo[i]) groupFrom = count;
    let dup = -1;
    for (let g = groupFrom; g < count; g++) {
      if (segments[kept[g]!]!.id === segments[i]!.id) {
        dup = g;
        break;
      }
    }
    if (dup < 0) kept[count++] = i;
    else if (st[i]! < st[kept[dup]!]!) kept[dup] = i;
  }
  return kept.subarray(0, count);
}

function buildTimeline(timeline: number, kept: Int32Array, completedFrom: number): TimelineLog {
  const { st, sHi, sLo, eHi, eLo, startMs, endMs } = ws;
  let firstLogMs = Infinity;
  let lastLogMs = -Infinity;
  let nc = 0;
  const failedIdx: number[] = [];
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k]!;
    if (startMs[i]! < firstLogMs) firstLogMs = startMs[i]!;
    if (endMs[i]! > lastLogMs) lastLogMs = endMs[i]!;
    if (st[i] === Status.Completed) nc++;
    else if (st[i] === Status.Failed) failedIdx.push(i);
  }
  const c = ws.completed(completedFrom, nc);
  let j = 0;
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k]!;
    if (st[i] !== Status.Completed) continue;
    c.sHi[j] = sHi[i]!;
    c.sLo[j] = sLo[i]!;
    c.eHi[j] = eHi[i]!;
    c.eLo[j] = eLo[i]!;
    c.startMs[j] = startMs[i]!;
    c.endMs[j] = endMs[i]!;
    j++;
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

/** Whether the segment at `a` ends later than the one at `b` (time, then LSN): the better reach. */
function endsLater(c: CompletedLog, a: number, b: number): boolean {
  const x = c.endMs[a]!;
  const y = c.endMs[b]!;
  return x > y || (x === y && compareParts(c.eHi[a]!, c.eLo[a]!, c.eHi[b]!, c.eLo[b]!) > 0);
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
    let best = -1;
    for (let m = gs; m <= k; m++) {
      let r = m;
      const q = c.succ[m]!;
      if (q >= 0 && q !== gs && endsLater(c, c.gReach[q]!, r)) r = c.gReach[q]!;
      c.reach[m] = r;
      if (best < 0 || endsLater(c, r, best)) best = r;
    }
    for (let m = gs; m <= k; m++) if (c.succ[m] === gs) c.reach[m] = best;
    c.gReach[gs] = best;
    k = gs - 1;
  }
  let top = 0;
  for (let m = 0; m < n; m++) {
    if (compareParts(c.eHi[m]!, c.eLo[m]!, c.eHi[top]!, c.eLo[top]!) > 0) top = m;
    c.pmEnd[m] = top;
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
