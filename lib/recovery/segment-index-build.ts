import { compareParts, parseLsnInto, type LsnParts } from "./lsn";
import type { CompletedLog, FailedLog, SegmentIndex, TimelineLog } from "./segment-index";
import { endsLater, lowerBound } from "./segment-index-query";
import { parseTimeInto } from "./time";
import type { LogSegment } from "./types";

/** Building the archive index (segment-index.ts): parse, sort per timeline, drop duplicates, link. */

const enum Status {
  Completed = 0,
  Failed = 1,
  Building = 2,
}

function statusOf(s: string): Status {
  if (s === "COMPLETED") return Status.Completed;
  // The segment being written: neither coverage nor a hole (trove-api.md).
  if (s === "BUILDING") return Status.Building;
  // FAILED and anything unknown exist but cannot be replayed.
  return Status.Failed;
}

/**
 * The typed arrays an index is built in and read from. A million segments need ~130 MB of them,
 * and allocating that outside the JS heap on every build forced a full garbage collection each
 * time (150 ms and more with a large input alive). So memory passes from index to index: a
 * holder done with an index hands it to the next build (`recycle`), which takes it over whole.
 */
class IndexMemory {
  size = 0;
  tl = new Int32Array(0);
  st = new Uint8Array(0);
  sHi = new Uint32Array(0);
  sLo = new Uint32Array(0);
  eHi = new Uint32Array(0);
  eLo = new Uint32Array(0);
  startMs = new Float64Array(0);
  endMs = new Float64Array(0);
  valid = new Int32Array(0);
  order = new Int32Array(0);
  kept = new Int32Array(0);
  keys = new Uint32Array(0);
  keys2 = new Uint32Array(0);
  pos2 = new Int32Array(0);
  inputOrder = new Int32Array(0);
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

  constructor(n: number) {
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
    this.order = new Int32Array(n);
    this.kept = new Int32Array(n);
    this.keys = new Uint32Array(n);
    this.keys2 = new Uint32Array(n);
    this.pos2 = new Int32Array(n);
    this.inputOrder = new Int32Array(n);
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

/** An index together with the memory it lives in, which only its builder may pass on. */
class OwnedIndex implements SegmentIndex {
  live = true;
  constructor(
    public timelines: Map<number, TimelineLog>,
    public memory: IndexMemory | null,
  ) {}

  /** Gives up the memory: this index is empty from now on, and says so. */
  release(): IndexMemory | null {
    const memory = this.memory;
    this.live = false;
    this.timelines = new Map();
    this.memory = null;
    return memory;
  }
}

/** The parse of one build: every input segment by input position; only `valid` positions are meaningful. */
interface Parsed {
  segments: readonly LogSegment[];
  mem: IndexMemory;
  tl: Int32Array;
  st: Uint8Array;
  sHi: Uint32Array;
  sLo: Uint32Array;
  eHi: Uint32Array;
  eLo: Uint32Array;
  startMs: Float64Array;
  endMs: Float64Array;
  valid: Int32Array;
}

/**
 * Parses and indexes segments. Unparseable segments (bad time, bad LSN, end before start) are
 * left out: they cannot be replayed, so the analysis reports the hole they leave as missing.
 * `recycle`: an index its holder is done with, whose memory this build takes over (that index
 * is then empty and not `live`); without it, a large archive allocates afresh.
 */
export function buildSegmentIndex(segments: readonly LogSegment[], recycle?: SegmentIndex): SegmentIndex {
  const n = segments.length;
  const old = recycle instanceof OwnedIndex ? recycle.release() : null;
  const mem = old && old.size >= n ? old : new IndexMemory(n);
  const p = parse(segments, mem);
  const { tl } = p;
  const { order, ranges } = groupByTimeline(p);
  // Every key is compared, the id last, so the order is total and input order cannot matter.
  const { sHi, sLo, eHi, eLo, st, startMs, endMs } = p;
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
  // Within a timeline the API's order (by start LSN) is usually already right: verify it, and
  // sort only a timeline that is not.
  const timelines = new Map<number, TimelineLog>();
  let completedFrom = 0;
  for (const { timeline, from, to } of ranges) {
    let k = from + 1;
    while (k < to && cmp(order[k - 1]!, order[k]!) <= 0) k++;
    let inputOrder: Int32Array | null = null;
    let keys: Uint32Array | null = null;
    if (k < to) {
      inputOrder = mem.inputOrder.subarray(from, to);
      inputOrder.set(order.subarray(from, to));
      keys = sortRange(p, order.subarray(from, to), cmp);
    }
    const kept = dedupe(p, order.subarray(from, to), keys, mem.kept.subarray(from, to));
    const log = buildTimeline(p, timeline, kept, completedFrom, inputOrder);
    completedFrom += log.completed.n;
    timelines.set(timeline, log);
  }
  return new OwnedIndex(timelines, mem);
}

function parse(segments: readonly LogSegment[], mem: IndexMemory): Parsed {
  const n = segments.length;
  const { tl, st, sHi, sLo, eHi, eLo, startMs, endMs, valid } = mem;
  let m = 0;
  const lsn: LsnParts = { hi: 0, lo: 0 };
  // A segment usually starts where the previous one ended: comparing the strings is cheaper
  // than parsing them again. In a log listed out of order that is rarely so, and the failed
  // comparisons cost a tenth of the parse: after a miss, try again only every 64 segments.
  let prevEnd = "";
  let prevEndLsn = "";
  let prev = -1;
  let chained = true;
  for (let i = 0; i < n; i++) {
    const seg = segments[i]!;
    // Timelines count recoveries: anything outside int32 is not one.
    if (!Number.isInteger(seg.timeline) || seg.timeline < 0 || seg.timeline > 2_147_483_647) continue;
    const tryChain = prev >= 0 && (chained || (i & 63) === 0);
    if (tryChain && seg.start === prevEnd) startMs[i] = endMs[prev]!;
    else if (!parseTimeInto(seg.start, startMs, i)) continue;
    if (!parseTimeInto(seg.end, endMs, i) || startMs[i]! > endMs[i]!) continue;
    if (tryChain && seg.startLsn === prevEndLsn) {
      sHi[i] = eHi[prev]!;
      sLo[i] = eLo[prev]!;
      chained = true;
    } else {
      if (!parseLsnInto(seg.startLsn, lsn)) continue;
      sHi[i] = lsn.hi;
      sLo[i] = lsn.lo;
      chained = false;
    }
    if (!parseLsnInto(seg.endLsn, lsn)) continue;
    if (compareParts(sHi[i]!, sLo[i]!, lsn.hi, lsn.lo) > 0) continue;
    eHi[i] = lsn.hi;
    eLo[i] = lsn.lo;
    tl[i] = seg.timeline;
    st[i] = statusOf(seg.status);
    valid[m++] = i;
    prev = i;
    prevEnd = seg.end;
    prevEndLsn = seg.endLsn;
  }
  return { segments, mem, tl, st, sHi, sLo, eHi, eLo, startMs, endMs, valid: valid.subarray(0, m) };
}

/**
 * The valid positions grouped by ascending timeline, keeping the order within each, and where
 * each timeline's positions are in it.
 */
function groupByTimeline(p: Parsed): { order: Int32Array; ranges: { timeline: number; from: number; to: number }[] } {
  const { tl, valid } = p;
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
  const out = p.mem.order.subarray(0, m);
  const ranges: { timeline: number; from: number; to: number }[] = [];
  const next = new Map<number, number>();
  let at = 0;
  for (const t of [...counts.keys()].sort((a, b) => a - b)) {
    next.set(t, at);
    ranges.push({ timeline: t, from: at, to: at + counts.get(t)! });
    at += counts.get(t)!;
  }
  // Sorting rewrites the order in place; the parsed positions stay as they were.
  if (ranges.length <= 1) {
    out.set(valid);
    return { order: out, ranges };
  }
  for (let k = 0; k < m; k++) {
    const i = valid[k]!;
    const t = tl[i]!;
    const pos = next.get(t)!;
    out[pos] = i;
    next.set(t, pos + 1);
  }
  return { order: out, ranges };
}

/**
 * Sorts one timeline's positions by start LSN with a stable LSD radix sort (linear, where a
 * comparator sort of a million shuffled segments took 1.5 s), then with the full comparator
 * within each run of equal start LSNs, which is short.
 */
function sortRange(p: Parsed, range: Int32Array, cmp: (x: number, y: number) => number): Uint32Array | null {
  const keys = radixByNarrowKey(p, range);
  if (!keys) radixByStartLsn(p, range);
  const { sHi, sLo } = p;
  const len = range.length;
  for (let a = 0; a < len;) {
    let b = a + 1;
    // The sorted narrow keys say where runs of equal start LSNs are without a random read per position.
    if (keys) while (b < len && keys[b] === keys[a]) b++;
    else while (b < len && sHi[range[b]!] === sHi[range[a]!] && sLo[range[b]!] === sLo[range[a]!]) b++;
    if (b - a > 1) range.set(Array.from(range.subarray(a, b)).sort(cmp), a);
    a = b;
  }
  return keys;
}

const DIGIT_BITS = 11;
const DIGIT_MASK = (1 << DIGIT_BITS) - 1;

/**
 * The usual case, in far fewer passes: start LSNs minus the smallest, without the low bits they
 * all share (16 MB WAL segments start on multiples of 2^24), mostly fit in 32 bits. Those keys
 * travel with the positions, so each pass reads memory in order, on 11-bit digits whose counts
 * stay in the first-level cache. Returns the keys in sorted order, one per position of `range`
 * and equal exactly where the start LSNs are; null, with `range` untouched, when they are wider.
 */
function radixByNarrowKey(p: Parsed, range: Int32Array): Uint32Array | null {
  const { sHi, sLo } = p;
  const len = range.length;
  let minHi = 0xffff_ffff;
  let minLo = 0xffff_ffff;
  let maxHi = 0;
  let maxLo = 0;
  let orHi = 0;
  let orLo = 0;
  for (let k = 0; k < len; k++) {
    const i = range[k]!;
    const hi = sHi[i]!;
    const lo = sLo[i]!;
    orHi |= hi;
    orLo |= lo;
    if (hi < minHi || (hi === minHi && lo < minLo)) {
      minHi = hi;
      minLo = lo;
    }
    if (hi > maxHi || (hi === maxHi && lo > maxLo)) {
      maxHi = hi;
      maxLo = lo;
    }
  }
  // Bits every start LSN has at zero are zero in every difference too.
  const shift = orLo !== 0 ? 31 - Math.clz32(orLo & -orLo) : orHi !== 0 ? 63 - Math.clz32(orHi & -orHi) : 0;
  const scale = 2 ** shift;
  // Exact: a difference that is a multiple of 2^shift below 2^(32+shift) has at most 32
  // significant bits, which a double holds.
  const span = ((maxHi - minHi) * 4_294_967_296 + (maxLo - minLo)) / scale;
  if (span > 0xffff_ffff) return null;
  let keys = p.mem.keys.subarray(0, len);
  for (let k = 0; k < len; k++) {
    const i = range[k]!;
    keys[k] = ((sHi[i]! - minHi) * 4_294_967_296 + (sLo[i]! - minLo)) / scale;
  }
  let pos: Int32Array = range;
  let keys2 = p.mem.keys2.subarray(0, len);
  let pos2: Int32Array = p.mem.pos2.subarray(0, len);
  const count = new Int32Array(DIGIT_MASK + 1);
  const width = span === 0 ? 0 : 32 - Math.clz32(span);
  for (let at = 0; at < width; at += DIGIT_BITS) {
    count.fill(0);
    for (let k = 0; k < len; k++) count[(keys[k]! >>> at) & DIGIT_MASK]!++;
    let sum = 0;
    for (let d = 0; d <= DIGIT_MASK; d++) {
      const c = count[d]!;
      count[d] = sum;
      sum += c;
    }
    for (let k = 0; k < len; k++) {
      const key = keys[k]!;
      const to = count[(key >>> at) & DIGIT_MASK]!++;
      keys2[to] = key;
      pos2[to] = pos[k]!;
    }
    [keys, keys2] = [keys2, keys];
    [pos, pos2] = [pos2, pos];
  }
  if (pos !== range) range.set(pos);
  return keys;
}

/** Any start LSNs: four passes on their 16-bit digits, looked up through the positions. */
function radixByStartLsn(p: Parsed, range: Int32Array): void {
  const { sHi, sLo } = p;
  const count = new Int32Array(65_536);
  const len = range.length;
  let src: Int32Array = range;
  let dst: Int32Array = p.mem.pos2.subarray(0, len);
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
}

/**
 * A segment listed twice (pages shift while the archive grows) keeps one copy: the one with the
 * most final status (COMPLETED before FAILED before BUILDING), which sorts first. Copies share
 * id, timeline and start LSN, so they sit together in sorted order. `keys`: the sort's narrow
 * keys, when it made them, one per position of `order`. Writes into `kept`.
 */
function dedupe(p: Parsed, order: Int32Array, keys: Uint32Array | null, kept: Int32Array): Int32Array {
  const { segments, sHi, sLo, st } = p;
  let count = 0;
  let groupFrom = 0;
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    if (keys ? k === 0 || keys[k] !== keys[k - 1] : count === 0 || sHi[kept[count - 1]!] !== sHi[i] || sLo[kept[count - 1]!] !== sLo[i]) {
      groupFrom = count;
      kept[count++] = i;
      continue;
    }
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

/**
 * `inputOrder`: the timeline's positions in input order, when its sort moved them; its columns
 * are then written in that order, each segment to its sorted place, since scattered writes cost
 * less than scattered reads (which the plain gather does for an input already in order).
 */
function buildTimeline(p: Parsed, timeline: number, kept: Int32Array, completedFrom: number, inputOrder: Int32Array | null): TimelineLog {
  const { st, sHi, sLo, eHi, eLo, startMs, endMs } = p;
  let firstLogMs = Infinity;
  let lastLogMs = -Infinity;
  // The positions of the COMPLETED ones, in order, over the sort keys' scratch (done with by now).
  const completed = p.mem.keys;
  let nc = 0;
  const failedIdx: number[] = [];
  for (let k = 0; k < kept.length; k++) {
    const i = kept[k]!;
    if (st[i] === Status.Completed) {
      completed[nc++] = i;
      continue;
    }
    if (startMs[i]! < firstLogMs) firstLogMs = startMs[i]!;
    if (endMs[i]! > lastLogMs) lastLogMs = endMs[i]!;
    if (st[i] === Status.Failed) failedIdx.push(i);
  }
  const c = p.mem.completed(completedFrom, nc);
  // One column at a time: after a shuffled input's sort the reads (or writes) jump about, and one
  // array at a time stays in cache far better than eight.
  if (inputOrder) {
    // Each input position's place among the COMPLETED ones, or -1, over the radix scratch.
    const rank = p.mem.pos2;
    for (let k = 0; k < inputOrder.length; k++) rank[inputOrder[k]!] = -1;
    for (let j = 0; j < nc; j++) rank[completed[j]!] = j;
    scatter32(c.sHi, sHi, inputOrder, rank);
    scatter32(c.sLo, sLo, inputOrder, rank);
    scatter32(c.eHi, eHi, inputOrder, rank);
    scatter32(c.eLo, eLo, inputOrder, rank);
    scatter64(c.startMs, startMs, inputOrder, rank);
    scatter64(c.endMs, endMs, inputOrder, rank);
  } else {
    gather32(c.sHi, sHi, completed, nc);
    gather32(c.sLo, sLo, completed, nc);
    gather32(c.eHi, eHi, completed, nc);
    gather32(c.eLo, eLo, completed, nc);
    gather64(c.startMs, startMs, completed, nc);
    gather64(c.endMs, endMs, completed, nc);
  }
  for (let j = 0; j < nc; j++) {
    if (c.startMs[j]! < firstLogMs) firstLogMs = c.startMs[j]!;
    if (c.endMs[j]! > lastLogMs) lastLogMs = c.endMs[j]!;
  }
  linkCompleted(c);

  failedIdx.sort((x, y) => startMs[x]! - startMs[y]! || endMs[x]! - endMs[y]!);
  const nf = failedIdx.length;
  const failed = {
    startMs: new Float64Array(nf),
    endMs: new Float64Array(nf),
    pmEndMs: new Float64Array(nf),
    startLsns: new Set<string>(),
  } satisfies FailedLog;
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

// Two copies, so each loop sees one kind of array and stays fast.
function gather32(to: Uint32Array, from: Uint32Array, positions: Uint32Array, n: number): void {
  for (let j = 0; j < n; j++) to[j] = from[positions[j]!]!;
}

function gather64(to: Float64Array, from: Float64Array, positions: Uint32Array, n: number): void {
  for (let j = 0; j < n; j++) to[j] = from[positions[j]!]!;
}

function scatter32(to: Uint32Array, from: Uint32Array, inputOrder: Int32Array, rank: Int32Array): void {
  for (let k = 0; k < inputOrder.length; k++) {
    const i = inputOrder[k]!;
    const r = rank[i]!;
    if (r >= 0) to[r] = from[i]!;
  }
}

function scatter64(to: Float64Array, from: Float64Array, inputOrder: Int32Array, rank: Int32Array): void {
  for (let k = 0; k < inputOrder.length; k++) {
    const i = inputOrder[k]!;
    const r = rank[i]!;
    if (r >= 0) to[r] = from[i]!;
  }
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
