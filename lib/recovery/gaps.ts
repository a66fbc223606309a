import { formatLsn } from "./lsn";
import type { TimelineLog } from "./segment-index";
import type { Span } from "./intervals";
import { articleFor, formatClock, formatDuration, formatRange } from "./time";
import type { GapCause } from "./types";

/** A break in one timeline's log, before recoverable windows are taken out of it. */
export interface LogHole extends Span {
  cause: GapCause;
  /** For discontinuities: the LSN the log stopped at and the one it resumed from. */
  fromLsn?: string;
  toLsn?: string;
}

interface Run extends Span {
  hi: number;
  lo: number;
  endHi: number;
  endLo: number;
}

/**
 * Runs of contiguous COMPLETED segments, each from a segment nothing leads into to the furthest
 * end it reaches, swept in time order. A run inside the current one adds nothing; a run starting
 * after the current one ends leaves a hole; a run starting before it ends is a second log that
 * the first does not lead into: an LSN discontinuity, recorded at the instant the first stops.
 * FAILED segments before the first run or after the last stretch the history: the log is
 * broken there even if nothing follows yet.
 */
export function sweepTimeline(log: TimelineLog): { coverage: Span[]; holes: LogHole[] } {
  const c = log.completed;
  const runs: Run[] = [];
  for (let m = 0; m < c.n; m++) {
    const gs = c.groupStart[m]!;
    if (c.hasPred[gs]) continue;
    const r = c.reach[m]!;
    runs.push({ startMs: c.startMs[m]!, endMs: c.endMs[r]!, hi: c.sHi[m]!, lo: c.sLo[m]!, endHi: c.eHi[r]!, endLo: c.eLo[r]! });
  }
  runs.sort((a, b) => a.startMs - b.startMs || b.endMs - a.endMs || a.hi - b.hi || a.lo - b.lo);

  const f = log.failed;
  const nf = f.startMs.length;
  const failedFrom = nf > 0 ? f.startMs[0]! : Infinity;
  const failedTo = nf > 0 ? f.pmEndMs[nf - 1]! : -Infinity;
  const coverage: Span[] = [];
  const holes: LogHole[] = [];
  const first = runs[0];
  if (!first) {
    if (nf > 0) holes.push({ startMs: failedFrom, endMs: failedTo, cause: "failed-segment" });
    return { coverage, holes };
  }
  if (failedFrom < first.startMs) holes.push({ startMs: failedFrom, endMs: first.startMs, cause: "failed-segment" });
  let front = first;
  coverage.push({ startMs: first.startMs, endMs: first.endMs });
  for (let i = 1; i < runs.length; i++) {
    const r = runs[i]!;
    if (r.endMs <= front.endMs) continue;
    const failedLink = f.startLsns.has(`${front.endHi}:${front.endLo}`);
    if (r.startMs > front.endMs) {
      const failed = failedLink || failedOverlaps(log, front.endMs, r.startMs);
      holes.push({ startMs: front.endMs, endMs: r.startMs, cause: failed ? "failed-segment" : "missing-segment" });
    } else {
      holes.push({
        startMs: front.endMs,
        endMs: front.endMs,
        cause: failedLink ? "failed-segment" : "lsn-discontinuity",
        fromLsn: formatLsn(front.endHi, front.endLo),
        toLsn: formatLsn(r.hi, r.lo),
      });
    }
    coverage.push({ startMs: r.startMs, endMs: r.endMs });
    front = r;
  }
  if (failedTo > front.endMs) holes.push({ startMs: front.endMs, endMs: failedTo, cause: "failed-segment" });
  return { coverage, holes };
}

/** Whether a FAILED segment overlaps the open interval (a, b). */
function failedOverlaps(log: TimelineLog, a: number, b: number): boolean {
  const f = log.failed;
  let lo = 0;
  let hi = f.startMs.length;
  while (lo < hi) {
    const m = (lo + hi) >>> 1;
    if (f.startMs[m]! < b) lo = m + 1;
    else hi = m;
  }
  return lo > 0 && f.pmEndMs[lo - 1]! > a;
}

const CAUSE_TEXT: Record<GapCause, string> = {
  "missing-segment": "missing segment",
  "failed-segment": "failed segment",
  "lsn-discontinuity": "LSN discontinuity",
  "broken-chain": "broken backup chain",
};

/**
 * The sentence shown for a gap, e.g. "7-minute gap in the transaction log, 10:05:00–10:12:00 UTC
 * (missing segment)". `detail` replaces the bare cause in the parentheses.
 */
export function gapMessage(cause: GapCause, startMs: number, endMs: number, detail?: string): string {
  if (endMs === startMs) {
    const at = `${CAUSE_TEXT[cause]} in the transaction log at ${formatClock(startMs)} UTC`;
    return detail ? `${at} (${detail})` : at;
  }
  const why = detail ?? CAUSE_TEXT[cause];
  const what = cause === "broken-chain" ? "gap without a restorable base backup" : "gap in the transaction log";
  return `${formatDuration((endMs - startMs) / 1000)} ${what}, ${formatRange(startMs, endMs)} UTC (${why})`;
}

/** "a 7-minute gap …" / "an 8-minute gap …" / "an LSN discontinuity …", for sentences. */
export function withArticle(message: string): string {
  if (message.startsWith("LSN")) return `an ${message}`;
  return `${articleFor(message)} ${message}`;
}
