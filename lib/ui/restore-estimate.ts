/**
 * How long a restore will take, from what is known before it starts: the base backup's size and
 * chain (Trove's backup list), how long writing those backups took, and how long the restores this
 * dashboard has seen finish in this project took. Without a finished restore there is no estimate,
 * and the text says so rather than guessing. Pure: durations in seconds, no clock.
 */
import type { RestoreFacts } from "@/lib/api/schemas";
import type { Wording } from "@/lib/i18n/translate";
import { formatNumber, humanDuration } from "./time";

export interface RestoreEstimate {
  /** Seconds, or null when nothing seen gives a basis. */
  seconds: number | null;
  /** Past this many seconds the restore is well past the estimate (null without one). */
  lateAfterSeconds: number | null;
  /** The estimate and what it rests on, as one sentence. */
  text: string;
}

/** Restores counted: the most recent, so a cloud that got faster or slower is followed. */
const RECENT = 10;
/**
 * A chain bigger or smaller than those seen scales their durations, but only so far: much of a restore is fixed
 * cost (start, replay, promote).
 */
const SCALE_MIN = 0.5;
const SCALE_MAX = 2;

/** "3–6 min", "40 s–2 min": one unit when both ends share it. */
function rangeText(lo: number, hi: number): string {
  const a = humanDuration(lo);
  const b = humanDuration(hi);
  const unit = (s: string) => /^\d+ (s|min|h|d)$/.exec(s)?.[1] ?? null;
  return unit(a) !== null && unit(a) === unit(b) ? `${a.split(" ")[0]}–${b}` : `${a}–${b}`;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length % 2 ? s[mid]! : (s[mid - 1]! + s[mid]!) / 2;
}

/** "3.4 GB base + 2 incrementals"; `first` when it opens a sentence. */
function describeBase(facts: RestoreFacts["chain"], { t, locale }: Wording, first = false): string {
  const gb = facts.baseSizeGb;
  const size = gb === null ? null : formatNumber(gb, locale, gb < 10 ? 1 : 0);
  const base = size === null ? t(first ? "unknownSizeFirst" : "unknownSize") : t("base", { size });
  return t("chain", { base, incrementals: facts.incrementals });
}

export function estimateRestore(facts: RestoreFacts, wording: Wording): RestoreEstimate {
  const { t } = wording;
  const seen = facts.recentRestores.filter((r) => r.outcome === "ACTIVE").slice(0, RECENT);
  if (seen.length === 0) {
    const chain = describeBase(facts.chain, wording, true);
    const backups = facts.chain.backupSeconds;
    return {
      seconds: null,
      lateAfterSeconds: null,
      text: backups === null ? t("none", { chain }) : t("noneWithBackups", { chain, took: humanDuration(backups) }),
    };
  }
  // A restore lays down the chain, so a bigger chain takes longer: sizes when Trove gave them,
  // else how long the backups took to write (a chain slow to write is slow to lay down).
  const ratio = (mine: number | null, theirs: number | null) =>
    mine !== null && theirs !== null && mine > 0 && theirs > 0 ? Math.min(SCALE_MAX, Math.max(SCALE_MIN, mine / theirs)) : null;
  let scaledBy: "scaledBySize" | "scaledByBackups" | null = null;
  const scaled = seen.map((r) => {
    const bySize = ratio(facts.chain.chainSizeGb, r.chainSizeGb);
    const byBackups = bySize === null ? ratio(facts.chain.backupSeconds, r.backupSeconds) : null;
    const f = bySize ?? byBackups ?? 1;
    if (Math.abs(f - 1) > 0.1) scaledBy ??= bySize !== null ? "scaledBySize" : "scaledByBackups";
    return r.seconds * f;
  });
  const seconds = Math.max(1, Math.round(median(scaled)));
  const durations = seen.map((r) => r.seconds);
  const lo = Math.min(...durations);
  const hi = Math.max(...durations);
  return {
    seconds,
    lateAfterSeconds: lateAfter(seconds, Math.max(...scaled)),
    text: t(scaledBy ? "estimateScaled" : "estimate", {
      duration: humanDuration(seconds),
      chain: describeBase(facts.chain, wording),
      seen: t("seen", { count: seen.length, range: humanDuration(lo) === humanDuration(hi) ? humanDuration(lo) : rangeText(lo, hi) }),
      scaled: scaledBy ? t(scaledBy) : "",
    }),
  };
}

/**
 * When a running restore counts as late: half again the estimate, and never before the slowest
 * restore seen (scaled) plus a fifth, nor within a minute of the estimate (short restores jitter).
 */
export function lateAfter(estimateSeconds: number, slowestSeenSeconds: number): number {
  return Math.round(Math.max(estimateSeconds * 1.5, slowestSeenSeconds * 1.2, estimateSeconds + 60));
}

export type Punctuality = { kind: "none" } | { kind: "on-time"; text: string } | { kind: "late"; text: string };

/** Elapsed time against the estimate, for the tracker; "late" once past `lateAfterSeconds`. */
export function punctuality(
  elapsedSeconds: number,
  estimateSeconds: number | null,
  lateAfterSeconds: number | null,
  { t }: Wording,
): Punctuality {
  if (estimateSeconds === null) return { kind: "none" };
  const values = { elapsed: humanDuration(elapsedSeconds), estimate: humanDuration(estimateSeconds) };
  if (lateAfterSeconds !== null && elapsedSeconds > lateAfterSeconds) return { kind: "late", text: t("late", values) };
  return { kind: "on-time", text: t(elapsedSeconds > estimateSeconds ? "over" : "onTime", values) };
}
