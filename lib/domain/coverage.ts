/**
 * Coverage health of one instance: how much could be lost right now (RPO) and whether the recent
 * history has holes. Pure: `now` is passed in as epoch milliseconds, all times are UTC.
 */
import type { Recoverability } from "@/lib/recovery";
import { parseTroveTime } from "@/lib/recovery";
import type { CoverageHealth } from "@/lib/api/schemas";

const DAY_MS = 86_400_000;

export interface CoverageReport extends CoverageHealth {
  gapsLast7d: number;
}

/** Gaps that overlap [since, now]: a gap that ended yesterday morning still counts for 24 h. */
function gapsSince(analysis: Recoverability, sinceMs: number, nowMs: number): number {
  return analysis.gaps.filter((g) => parseTroveTime(g.end) >= sinceMs && parseTroveTime(g.start) <= nowMs).length;
}

function describeAge(seconds: number): string {
  if (seconds < 90) return `${Math.max(0, Math.round(seconds))} s`;
  if (seconds < 5400) return `${Math.round(seconds / 60)} min`;
  if (seconds < 172_800) return `${Math.round(seconds / 3600)} h`;
  return `${Math.round(seconds / 86_400)} days`;
}

/**
 * @param nowMs current time, epoch ms (UTC)
 * @param rpoWarningSeconds RPO above which the level is "warning" (RPO_WARNING_SECONDS)
 * @returns RPO in whole seconds (now − latest restorable instant; 0 when the latest is in the future
 *   by clock skew), gap counts over the last 24 h and 7 d, and a level: critical when nothing is
 *   restorable, warning on a recent gap or an RPO over the threshold, else ok.
 */
export function assessCoverage(analysis: Recoverability, nowMs: number, rpoWarningSeconds: number): CoverageReport {
  const gapsLast24h = gapsSince(analysis, nowMs - DAY_MS, nowMs);
  const gapsLast7d = gapsSince(analysis, nowMs - 7 * DAY_MS, nowMs);
  if (analysis.latest === null) {
    return {
      latestRestorable: null,
      rpoSeconds: null,
      gapsLast24h,
      gapsLast7d,
      level: "critical",
      summary: "Nothing is restorable: no completed backup.",
    };
  }
  const rpoSeconds = Math.max(0, Math.floor((nowMs - parseTroveTime(analysis.latest)) / 1000));
  const problems: string[] = [];
  if (rpoSeconds > rpoWarningSeconds) problems.push(`latest restorable point is ${describeAge(rpoSeconds)} old`);
  if (gapsLast24h > 0) problems.push(`${gapsLast24h} gap${gapsLast24h === 1 ? "" : "s"} in the last 24 h`);
  const level = problems.length > 0 ? "warning" : "ok";
  const summary =
    level === "ok" ? `Recoverable up to ${describeAge(rpoSeconds)} ago.` : `${problems.join("; ").replace(/^./, (c) => c.toUpperCase())}.`;
  return { latestRestorable: analysis.latest, rpoSeconds, gapsLast24h, gapsLast7d, level, summary };
}
