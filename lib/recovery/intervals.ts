/** Closed intervals of epoch milliseconds at second precision. */
export interface Span {
  startMs: number;
  endMs: number;
}

/**
 * The union of closed intervals, sorted. Intervals that overlap or sit one second apart merge:
 * points are whole seconds, so [10:00:00, 10:05:00] and [10:05:01, 10:09:00] leave no second out.
 */
export function unionSpans(spans: readonly Span[]): Span[] {
  const sorted = [...spans].sort((a, b) => a.startMs - b.startMs || a.endMs - b.endMs);
  const out: Span[] = [];
  for (const s of sorted) {
    const last = out[out.length - 1];
    if (last && s.startMs <= last.endMs + 1000) {
      if (s.endMs > last.endMs) last.endMs = s.endMs;
    } else {
      out.push({ startMs: s.startMs, endMs: s.endMs });
    }
  }
  return out;
}

/** Index of the last span in a sorted union starting at or before `ms`, or -1. */
export function lastStartingBy(union: readonly Span[], ms: number): number {
  let a = 0;
  let b = union.length;
  while (a < b) {
    const m = (a + b) >>> 1;
    if (union[m]!.startMs <= ms) a = m + 1;
    else b = m;
  }
  return a - 1;
}

/**
 * The parts of [startMs, endMs] whose interior no span of `union` (sorted, disjoint) touches,
 * as closed intervals bounded by the last and first covered instants. Only parts of positive
 * length are returned: that is what a gap is.
 */
export function uncoveredParts(startMs: number, endMs: number, union: readonly Span[]): Span[] {
  const out: Span[] = [];
  let cursor = startMs;
  for (let i = Math.max(0, lastStartingBy(union, startMs)); i < union.length; i++) {
    const u = union[i]!;
    if (u.startMs > endMs) break;
    if (u.endMs < cursor) continue;
    if (u.startMs > cursor) out.push({ startMs: cursor, endMs: u.startMs });
    cursor = Math.max(cursor, u.endMs);
  }
  if (cursor < endMs) out.push({ startMs: cursor, endMs });
  return out;
}
