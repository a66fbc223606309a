/**
 * The timeline chart's geometry: where an instant falls in pixels, which bucket lies under the
 * pointer, which runs of buckets a band covers, and how the brush maps to buckets. Pure, so the
 * chart component only draws what these return.
 */
import type { Sample } from "./timeline-samples";

export interface Scale {
  (value: number): number;
  invert(px: number): number;
}

/** A linear map from [d0, d1] onto [r0, r1] (an empty domain maps everything to r0). */
export function linearScale(d0: number, d1: number, r0: number, r1: number): Scale {
  const k = d1 === d0 ? 0 : (r1 - r0) / (d1 - d0);
  const scale = ((v: number) => r0 + (v - d0) * k) as Scale;
  scale.invert = (px: number) => (k === 0 ? d0 : d0 + (px - r0) / k);
  return scale;
}

/** The span a band covers: consecutive buckets where `on` holds, merged into one [from, to]. */
export interface Run {
  from: number;
  to: number;
}

export function runsOf(samples: readonly Sample[], on: (s: Sample) => boolean): Run[] {
  const out: Run[] = [];
  let open: Run | null = null;
  for (const s of samples) {
    if (on(s)) {
      if (open && open.to >= s.t) open.to = s.end;
      else out.push((open = { from: s.t, to: s.end }));
    } else open = null;
  }
  return out;
}

/** Index of the bucket holding `t` (the first before the range, the last after it). */
export function bucketAt(samples: readonly Pick<Sample, "t">[], t: number): number {
  let lo = 0;
  let hi = samples.length - 1;
  if (hi < 0) return -1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (samples[mid]!.t <= t) lo = mid;
    else hi = mid - 1;
  }
  return lo;
}

/** The brush's window: the first and last visible bucket, always at least one apart. */
export interface BrushWindow {
  start: number;
  end: number;
}

/** Moves one end of the window (or, for "both", the whole window) and keeps it inside [0, n-1]. */
export function moveBrush(w: BrushWindow, n: number, which: "start" | "end" | "both", delta: number): BrushWindow {
  const last = Math.max(1, n - 1);
  if (which === "both") {
    const width = w.end - w.start;
    const start = Math.min(Math.max(0, w.start + delta), last - width);
    return { start, end: start + width };
  }
  if (which === "start") return { start: Math.min(Math.max(0, w.start + delta), w.end - 1), end: w.end };
  return { start: w.start, end: Math.max(Math.min(last, w.end + delta), w.start + 1) };
}
