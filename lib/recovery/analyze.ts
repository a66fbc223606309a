import { judgeBases, type JudgedBase } from "./bases";
import { gapMessage, sweepTimeline } from "./gaps";
import { uncoveredParts, unionSpans, type Span } from "./intervals";
import { formatLsn, parseLsnInto } from "./lsn";
import { EMPTY_SEGMENT_INDEX, type SegmentIndex, type TimelineLog } from "./segment-index";
import { buildSegmentIndex } from "./segment-index-build";
import { reachFrom, type Reach } from "./segment-index-query";
import { formatUtc } from "./time";
import type { BaseVerdict, Gap, Interval, Recoverability, RecoveryInput, RecoveryWindow, TimelineSummary } from "./types";

/** A window with its parsed bounds, its base, and where replay starts for explainPoint. */
interface ComputedWindow extends Span {
  window: RecoveryWindow;
  base: BaseVerdict;
  /** Position of the holder segment in its timeline's COMPLETED log, -1 when none. */
  holder: number;
}

/**
 * The parsed log archive an analysis was made from, with where each window's replay starts: what
 * explainPoint needs beyond the plain analysis to describe a replay. A plain value the caller
 * holds next to the analysis (the analysis itself is JSON for the browser; this is not).
 */
export interface RecoveryArchive {
  readonly index: SegmentIndex;
  readonly windows: readonly ComputedWindow[];
}

function toInterval(s: Span): Interval {
  return { start: formatUtc(s.startMs), end: formatUtc(s.endMs) };
}

function windowFor(base: JudgedBase, index: SegmentIndex, pitr: boolean): ComputedWindow {
  const v = base.verdict;
  const at = base.consistentMs;
  // consistentTime is formatUtc(consistentMs) already (bases.ts).
  const start = v.consistentTime ?? formatUtc(at);
  let reach: Reach | null = null;
  if (pitr && v.timeline !== null && v.consistentLsn !== null) {
    const log = index.timelines.get(v.timeline);
    const lsn = { hi: 0, lo: 0 };
    if (log && parseLsnInto(v.consistentLsn, lsn)) reach = reachFrom(log.completed, lsn.hi, lsn.lo);
  }
  if (!reach) {
    return {
      startMs: at,
      endMs: at,
      holder: -1,
      base: v,
      window: { baseId: v.backupId, timeline: v.timeline, start, end: start, startLsn: null, endLsn: null },
    };
  }
  const endMs = Math.max(at, reach.ms);
  return {
    startMs: at,
    endMs,
    holder: reach.pos,
    base: v,
    window: {
      baseId: v.backupId,
      timeline: v.timeline,
      start,
      end: endMs === at ? start : formatUtc(endMs),
      startLsn: v.consistentLsn,
      endLsn: formatLsn(reach.hi, reach.lo),
    },
  };
}

function byWindow(a: ComputedWindow, b: ComputedWindow): number {
  return a.startMs - b.startMs || a.endMs - b.endMs || (a.window.baseId < b.window.baseId ? -1 : a.window.baseId > b.window.baseId ? 1 : 0);
}

/**
 * Spans that would be recoverable but for a broken backup chain: the windows COMPLETED bases
 * would have if their ancestors were usable, minus what is recoverable anyway. Each gap names
 * the earliest such base in it; the others are in `bases` with their reasons.
 */
function brokenChainGaps(broken: ComputedWindow[], union: Span[]): Gap[] {
  const gaps: Gap[] = [];
  const byTimeline = new Map<number | null, ComputedWindow[]>();
  for (const w of broken) {
    const list = byTimeline.get(w.window.timeline) ?? [];
    list.push(w);
    byTimeline.set(w.window.timeline, list);
  }
  for (const [timeline, list] of byTimeline) {
    list.sort(byWindow);
    let i = 0;
    while (i < list.length) {
      const head = list[i]!;
      let endMs = head.endMs;
      let j = i + 1;
      while (j < list.length && list[j]!.startMs <= endMs) endMs = Math.max(endMs, list[j++]!.endMs);
      const v = head.base;
      const detail = `broken backup chain: backup '${v.name || v.backupId}' cannot be restored, ${v.reason ?? "its chain is broken"}`;
      for (const part of uncoveredParts(head.startMs, endMs, union)) {
        gaps.push({
          ...toInterval(part),
          timeline,
          cause: "broken-chain",
          durationSeconds: (part.endMs - part.startMs) / 1000,
          message: gapMessage("broken-chain", part.startMs, part.endMs, detail),
        });
      }
      i = j;
    }
  }
  return gaps;
}

/**
 * Decides what is recoverable (trove-api.md, "Recoverable windows"): which backups can serve as
 * a base, the window each reaches, their union, and the gaps in the covered history with
 * their causes. Pure and deterministic: input order, duplicates and overlapping segments do not
 * change the answer. All times in the result are UTC ISO 8601 to the second; intervals are
 * closed. Gap intervals are bounded by the last and first covered instants: their interior is
 * never recoverable. On stock Trove every restorable backup is an instant at its `updated` time
 * and there are no log gaps.
 */
export function analyzeRecoverability(input: RecoveryInput): Recoverability {
  return analyzeArchive(input).analysis;
}

/**
 * {@link analyzeRecoverability}, and the archive it parsed: pass that to explainPoint for the
 * replay range, instead of parsing the log again. `recycle`: an archive the caller is done with,
 * whose memory this analysis takes over (it is then empty: explainPoint refuses it), which spares
 * a caller analysing large archives one after another a full garbage collection each time.
 */
export function analyzeArchive(input: RecoveryInput, recycle?: RecoveryArchive): { analysis: Recoverability; archive: RecoveryArchive } {
  const pitr = input.capability === "pitr";
  const judged = judgeBases(input.capability, input.backups);
  const index = pitr ? buildSegmentIndex(input.segments, recycle?.index) : EMPTY_SEGMENT_INDEX;

  const computed: ComputedWindow[] = [];
  const broken: ComputedWindow[] = [];
  for (const b of judged) {
    if (b.verdict.restorable) computed.push(windowFor(b, index, pitr));
    else if (b.brokenChain && pitr) broken.push(windowFor(b, index, pitr));
  }
  computed.sort(byWindow);
  const union = unionSpans(computed);

  const gaps: Gap[] = [];
  const timelineIds = new Set<number>(index.timelines.keys());
  for (const w of computed) if (w.window.timeline !== null && pitr) timelineIds.add(w.window.timeline);
  const timelines: TimelineSummary[] = [];
  for (const t of [...timelineIds].sort((a, b) => a - b)) {
    const log = index.timelines.get(t);
    const own = unionSpans(computed.filter((w) => w.window.timeline === t)).map(toInterval);
    if (!log) {
      timelines.push({ timeline: t, coverage: [], segmentCount: 0, firstLogTime: null, lastLogTime: null, windows: own });
      continue;
    }
    const { coverage, holes } = sweepTimeline(log);
    for (const h of holes) {
      const detail = h.fromLsn !== undefined ? `the log stops at LSN ${h.fromLsn} and resumes at LSN ${h.toLsn}` : undefined;
      const parts = h.startMs === h.endMs ? [h] : uncoveredParts(h.startMs, h.endMs, union);
      for (const part of parts) {
        gaps.push({
          ...toInterval(part),
          timeline: t,
          cause: h.cause,
          durationSeconds: (part.endMs - part.startMs) / 1000,
          message: gapMessage(h.cause, part.startMs, part.endMs, detail),
        });
      }
    }
    timelines.push({
      timeline: t,
      coverage: coverage.map(toInterval),
      segmentCount: log.segmentCount,
      firstLogTime: formatUtc(log.firstLogMs),
      lastLogTime: formatUtc(log.lastLogMs),
      windows: own,
    });
  }
  gaps.push(...brokenChainGaps(broken, union));
  gaps.sort((a, b) =>
    a.start < b.start
      ? -1
      : a.start > b.start
        ? 1
        : a.end < b.end
          ? -1
          : a.end > b.end
            ? 1
            : (a.timeline ?? -1) - (b.timeline ?? -1) || (a.cause < b.cause ? -1 : a.cause > b.cause ? 1 : 0),
  );

  const recoverable = union.map(toInterval);
  const analysis: Recoverability = {
    capability: input.capability,
    bases: judged.map((b) => b.verdict),
    windows: computed.map((w) => w.window),
    recoverable,
    earliest: recoverable[0]?.start ?? null,
    latest: recoverable[recoverable.length - 1]?.end ?? null,
    gaps,
    timelines,
  };
  return { analysis, archive: { index, windows: computed } };
}

/** Where replay starts for a base: its timeline's log and the holder segment's position. */
export function replayStart(archive: RecoveryArchive, baseId: string): { log: TimelineLog; holder: number } | null {
  if (!archive.index.live)
    throw new Error("This archive was recycled into a later analysis: explain the point with that analysis's archive.");
  // One call per point explained: a scan of the windows costs less than keeping a map of them.
  const w = archive.windows.find((x) => x.window.baseId === baseId && x.holder >= 0 && x.window.timeline !== null);
  const log = w && archive.index.timelines.get(w.window.timeline!);
  return w && log ? { log, holder: w.holder } : null;
}
