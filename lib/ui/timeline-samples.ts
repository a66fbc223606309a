/**
 * Turns a timeline answer into what the chart draws: a fixed number of buckets across the visible
 * range (so months of 5-minute segments cost the same as a day), each saying whether any of it is
 * recoverable, archived, or in a gap. Pure, so it is unit-tested and cheap to memoise.
 */
import type { TimelineResponse } from "@/lib/api/schemas";

export interface Sample {
  t: number;
  /** 1 when some of the bucket is recoverable, else 0 (what the green band draws). */
  recoverable: number;
  /** 1 when some of the bucket has archived log (any timeline). */
  logs: number;
  /** 1 when a gap touches the bucket (drawn red over the rest). */
  gap: number;
  gapMessage: string | null;
  /** Why the log has that gap (missing-segment, broken-chain…), for words in the user's language. */
  gapCause: string | null;
  end: number;
}

interface Span {
  start: number;
  end: number;
}

const ms = (iso: string) => Date.parse(iso);

/** Index of the first span that ends at or after `t` (spans sorted, non-overlapping). */
function firstEndingAfter(spans: readonly Span[], t: number): number {
  let lo = 0;
  let hi = spans.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (spans[mid]!.end < t) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function overlaps(spans: readonly Span[], from: number, to: number): boolean {
  const i = firstEndingAfter(spans, from);
  return i < spans.length && spans[i]!.start <= to;
}

export function buildSamples(tl: TimelineResponse, from: number, to: number, buckets = 360): Sample[] {
  const recoverable = tl.recoverable.map((i) => ({ start: ms(i.start), end: ms(i.end) }));
  const logs = tl.timelines
    .flatMap((t) => t.coverage.map((c) => ({ start: ms(c.start), end: ms(c.end) })))
    .sort((a, b) => a.start - b.start);
  const gaps = tl.gaps
    .map((g) => ({ start: ms(g.start), end: ms(g.end), message: g.message, cause: g.cause }))
    .sort((a, b) => a.start - b.start);
  const step = Math.max(1000, (to - from) / buckets);
  const out: Sample[] = [];
  for (let i = 0; i < buckets; i++) {
    const start = from + i * step;
    const end = i === buckets - 1 ? to : start + step;
    const gap = gaps.find((g) => g.start <= end && g.end >= start) ?? null;
    out.push({
      t: Math.round(start),
      end: Math.round(end),
      recoverable: overlaps(recoverable, start, end) ? 1 : 0,
      logs: logs.some((l) => l.start <= end && l.end >= start) ? 1 : 0,
      gap: gap ? 1 : 0,
      gapMessage: gap?.message ?? null,
      gapCause: gap?.cause ?? null,
    });
  }
  return out;
}

/** A click lands on a bucket: pick its middle, or the nearest recoverable second inside it. */
export function snapToRecoverable(tl: Pick<TimelineResponse, "recoverable">, from: number, to: number): number {
  const mid = Math.round((from + to) / 2 / 1000) * 1000;
  let best: number | null = null;
  for (const i of tl.recoverable) {
    const s = ms(i.start);
    const e = ms(i.end);
    if (e < from || s > to) continue;
    const candidate = Math.min(Math.max(mid, s), e);
    if (best === null || Math.abs(candidate - mid) < Math.abs(best - mid)) best = candidate;
  }
  return best ?? mid;
}

export type RangePreset = "1h" | "24h" | "7d" | "all";

/** The visible range for a zoom preset, ending at the timeline's "now". */
export function rangeFor(tl: TimelineResponse, preset: RangePreset): { from: number; to: number } {
  const to = Math.max(ms(tl.generatedAt), tl.latest ? ms(tl.latest) : 0);
  if (preset === "1h") return { from: to - 3_600_000, to };
  if (preset === "24h") return { from: to - 86_400_000, to };
  if (preset === "7d") return { from: to - 7 * 86_400_000, to };
  const starts = [...tl.bases.map((b) => ms(b.created)), ...tl.timelines.flatMap((t) => (t.firstLogTime ? [ms(t.firstLogTime)] : []))];
  const first = starts.length ? Math.min(...starts) : to - 86_400_000;
  const pad = Math.max(60_000, (to - first) * 0.02);
  return { from: first - pad, to };
}

/** Calendar days (YYYY-MM-DD in `zone`) that hold some recoverable time. */
export function recoverableDays(tl: Pick<TimelineResponse, "recoverable">, dayOf: (ms: number) => string): Set<string> {
  const days = new Set<string>();
  for (const i of tl.recoverable) {
    const s = ms(i.start);
    const e = ms(i.end);
    days.add(dayOf(s));
    for (let t = s; t < e; t += 3_600_000) days.add(dayOf(t));
    days.add(dayOf(e));
  }
  return days;
}
