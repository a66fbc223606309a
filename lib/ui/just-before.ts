/**
 * "Just before" the chosen instant: points a few seconds, a minute and five minutes earlier, for
 * the usual "restore to just before the bad query" case. Each is moved back into the recoverable
 * part when it falls outside it (a gap, before the first base), and says so. Pure: epoch ms in,
 * whole seconds out.
 */
import type { TimelineResponse } from "@/lib/api/schemas";
import { formatUtc } from "@/lib/recovery";
import type { Wording } from "@/lib/i18n/translate";
import { humanDuration } from "./time";

export interface JustBeforePoint {
  offsetSeconds: number;
  label: string;
  /** null when nothing recoverable lies before the chosen instant within reach. */
  iso: string | null;
  /** Set when the point was moved to reach recoverable time: by how much, and why. */
  snap: string | null;
}

export const JUST_BEFORE_OFFSETS = [5, 60, 300] as const;

/**
 * @param recoverable the timeline's recoverable intervals (ISO 8601 UTC, sorted)
 * @param chosenMs the chosen instant; no point returned is at or after it
 */
export function justBeforePoints(
  recoverable: TimelineResponse["recoverable"],
  chosenMs: number,
  offsets: readonly number[] = JUST_BEFORE_OFFSETS,
  { t }: Wording,
): JustBeforePoint[] {
  const spans = recoverable.map((i) => ({ start: Date.parse(i.start), end: Date.parse(i.end) }));
  const chosen = Math.floor(chosenMs / 1000) * 1000;
  return offsets.map((offsetSeconds) => {
    const target = chosen - offsetSeconds * 1000;
    const label = t("label", { duration: humanDuration(offsetSeconds) });
    if (spans.some((s) => s.start <= target && target <= s.end)) return { offsetSeconds, label, iso: formatUtc(target), snap: null };
    // Earlier first: the point is meant to be before something, so moving back keeps it so.
    let before: number | null = null;
    let after: number | null = null;
    for (const s of spans) {
      if (s.end < target) before = Math.max(before ?? -Infinity, Math.floor(s.end / 1000) * 1000);
      else if (s.start > target && s.start < chosen) after = Math.min(after ?? Infinity, Math.ceil(s.start / 1000) * 1000);
    }
    if (before !== null)
      return {
        offsetSeconds,
        label,
        iso: formatUtc(before),
        snap: t("snappedBack", { duration: humanDuration((target - before) / 1000) }),
      };
    if (after !== null)
      return {
        offsetSeconds,
        label,
        iso: formatUtc(after),
        snap: t("snappedForward", { duration: humanDuration((after - target) / 1000) }),
      };
    return { offsetSeconds, label, iso: null, snap: null };
  });
}
