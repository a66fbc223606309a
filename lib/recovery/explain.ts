import { replayStart, type RecoveryArchive } from "./analyze";
import { withArticle } from "./gaps";
import { lastStartingBy, type Span } from "./intervals";
import { compareLsn, formatLsn } from "./lsn";
import { replayPath } from "./segment-index-query";
import { formatUtc, parseTroveTimeOrNaN } from "./time";
import type { BaseVerdict, Gap, PointVerdict, Recoverability, RecoveryWindow, ReplayRange } from "./types";

function span(i: { start: string; end: string }): Span {
  return { startMs: parseTroveTimeOrNaN(i.start), endMs: parseTroveTimeOrNaN(i.end) };
}

/**
 * The latest base wins (trove-api.md): by consistent time, then consistent LSN, then id for a
 * total order. The LSN comes from the base: an instant window has no LSN range of its own.
 */
function later(a: RecoveryWindow, b: RecoveryWindow, bases: Map<string, BaseVerdict>): boolean {
  if (a.start !== b.start) return a.start > b.start;
  const la = bases.get(a.baseId)?.consistentLsn ?? null;
  const lb = bases.get(b.baseId)?.consistentLsn ?? null;
  const lsn = la !== null && lb !== null ? compareLsn(la, lb) : la !== null ? 1 : lb !== null ? -1 : 0;
  if (lsn !== 0) return lsn > 0;
  return a.baseId > b.baseId;
}

function replayFor(
  analysis: Recoverability,
  window: RecoveryWindow,
  pointMs: number,
  archive: RecoveryArchive | undefined,
): ReplayRange | null {
  if (!archive || analysis.capability !== "pitr" || window.timeline === null || window.startLsn === null) return null;
  const start = replayStart(archive, window.baseId);
  if (!start) return null;
  const c = start.log.completed;
  const path = replayPath(c, start.holder, pointMs);
  if (!path) return null;
  return {
    timeline: start.log.timeline,
    fromLsn: window.startLsn,
    toLsn: formatLsn(c.eHi[path.last]!, c.eLo[path.last]!),
    from: window.start,
    to: formatUtc(pointMs),
    segmentCount: path.count,
  };
}

function refuse(
  point: string,
  code: Extract<PointVerdict, { recoverable: false }>["code"],
  reason: string,
  nearestBefore: string | null,
  nearestAfter: string | null,
  gap?: Gap,
): PointVerdict {
  return gap
    ? { recoverable: false, point, code, reason, gap, nearestBefore, nearestAfter }
    : { recoverable: false, point, code, reason, nearestBefore, nearestAfter };
}

function nearestSentence(before: string | null, after: string | null): string {
  if (before && after) return ` The nearest recoverable points are ${before} and ${after}.`;
  if (before) return ` The nearest recoverable point is ${before}.`;
  if (after) return ` The nearest recoverable point is ${after}.`;
  return "";
}

/**
 * Says whether one point in time (any ISO 8601 form parseTroveTime accepts; seconds precision,
 * sub-seconds truncated) can be recovered, from which base, and if not, why and what the
 * nearest recoverable points are.
 *
 * Works on the plain analysis alone, so the browser can call it on the analysis the server sent.
 * `replay` (the LSN range and segments to replay) needs the parsed log: pass the `archive`
 * analyzeArchive returned with this analysis (the server does). Without it, or when the point is
 * the base's own consistent instant, `replay` is null.
 */
export function explainPoint(analysis: Recoverability, point: string, archive?: RecoveryArchive): PointVerdict {
  const ms = parseTroveTimeOrNaN(point);
  if (Number.isNaN(ms)) {
    return refuse(
      point,
      "invalid-time",
      `${JSON.stringify(point)} is not a point in time; write it as ISO 8601 UTC, e.g. 2026-11-20T10:03:17Z.`,
      null,
      null,
    );
  }
  const iso = formatUtc(ms);

  const bases = new Map(analysis.bases.map((b) => [b.backupId, b]));
  let best: RecoveryWindow | null = null;
  for (const w of analysis.windows) {
    const s = span(w);
    if (s.startMs <= ms && ms <= s.endMs && (!best || later(w, best, bases))) best = w;
  }
  if (best) {
    const base = bases.get(best.baseId);
    if (base) {
      const replay = ms === span(best).startMs ? null : replayFor(analysis, best, ms, archive);
      return { recoverable: true, point: iso, base, window: best, replay };
    }
  }

  const union = analysis.recoverable.map(span);
  if (union.length === 0) {
    const why =
      analysis.bases.length === 0
        ? "this instance has no backups yet"
        : "none of this instance's backups can be restored (see each backup's reason)";
    return refuse(iso, "no-restorable-base", `${iso} cannot be recovered: ${why}.`, null, null);
  }
  const k = lastStartingBy(union, ms);
  const nearestBefore = k >= 0 ? formatUtc(union[k]!.endMs) : null;
  const nearestAfter = k + 1 < union.length ? formatUtc(union[k + 1]!.startMs) : null;
  const nearest = nearestSentence(nearestBefore, nearestAfter);

  // A gap says why, so it comes before "too early" or "too late".
  const gap = analysis.gaps.find((g) => {
    const s = span(g);
    return s.startMs <= ms && ms <= s.endMs;
  });
  if (gap) {
    return refuse(
      iso,
      "in-gap",
      `${iso} is not recoverable: it falls in ${withArticle(gap.message)}.${nearest}`,
      nearestBefore,
      nearestAfter,
      gap,
    );
  }
  if (ms < union[0]!.startMs) {
    return refuse(iso, "before-earliest", `${iso} is before the earliest recoverable point, ${analysis.earliest}.`, null, nearestAfter);
  }
  if (ms > union[union.length - 1]!.endMs) {
    return refuse(iso, "after-latest", `${iso} is after the latest recoverable point, ${analysis.latest}.`, nearestBefore, null);
  }
  const why =
    analysis.capability === "stock"
      ? "without the PITR extension only the instants at which backups completed can be restored"
      : "no restorable base backup's window holds it";
  return refuse(iso, "not-covered", `${iso} is not recoverable: ${why}.${nearest}`, nearestBefore, nearestAfter);
}
