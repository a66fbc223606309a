/**
 * The provenance of a restored or recovered instance in words (trove-api.md, "Provenance of a
 * restored or recovered instance"): where its data came from, and where that data really ends.
 * Pure: the zone is a parameter; every time is written in it with UTC beside it, as elsewhere.
 */
import type { RestoredFrom } from "@/lib/api/schemas";
import { dateAndTimeIn, formatIn, humanDuration, zoneAbbreviation } from "./time";

/** "2026-11-20 11:03:17 GMT+1 (2026-11-20 10:03:17 UTC)"; UTC alone when the zone is UTC. */
export function formatBoth(iso: string, zone: string): string {
  return zone === "UTC" ? formatIn(iso, "UTC") : `${formatIn(iso, zone)} (${formatIn(iso, "UTC")})`;
}

/**
 * "10:03:16.842 GMT+1" in `zone`, to the millisecond; the date goes in front when it is not the
 * date of `sameDayAs` in that zone (a quiet database's last commit may be days before the point).
 */
export function formatClockMillis(iso: string, zone: string, sameDayAs: string): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  const { date, time } = dateAndTimeIn(ms, zone);
  const millis = String(((ms % 1000) + 1000) % 1000).padStart(3, "0");
  const day = dateAndTimeIn(Date.parse(sameDayAs), zone).date === date ? "" : `${date} `;
  return `${day}${time}.${millis} ${zoneAbbreviation(ms, zone)}`;
}

/** "0.158 s" under a minute (milliseconds shown), else "3 min 5 s", "2 h 10 min". */
export function formatLag(ms: number): string {
  const abs = Math.abs(ms);
  return abs < 60_000 ? `${(abs / 1000).toFixed(3)} s` : humanDuration(abs / 1000);
}

/**
 * "The data's last transaction committed at 10:03:16.842 GMT+1 (09:03:16.842 UTC), 0.158 s before
 * the chosen point." Recovery targets are commit times, so the gap is data that never existed
 * rather than data lost; a commit after the point would break the contract and is said plainly.
 */
export function describeLastCommit(from: Pick<RestoredFrom, "pointInTime" | "lastCommitTime">, zone: string): string {
  if (from.lastCommitTime === null) return "The engine could not tell when the data's last transaction committed.";
  const at =
    zone === "UTC"
      ? formatClockMillis(from.lastCommitTime, "UTC", from.pointInTime)
      : `${formatClockMillis(from.lastCommitTime, zone, from.pointInTime)} (${formatClockMillis(from.lastCommitTime, "UTC", from.pointInTime)})`;
  const lag = Date.parse(from.pointInTime) - Date.parse(from.lastCommitTime);
  const relation =
    lag === 0
      ? "exactly at the chosen point"
      : lag > 0
        ? `${formatLag(lag)} before the chosen point`
        : `${formatLag(lag)} after the chosen point, which recovery should never give`;
  return `The data's last transaction committed at ${at}, ${relation}.`;
}

/**
 * "Restored from backup nightly-2 of instance orders-db, to 2026-11-20 11:03:17 GMT+1
 * (2026-11-20 10:03:17 UTC), timeline 2." Names when the dashboard could read them, else ids; an
 * instance recovered in place is its own source and says so.
 */
export function describeOrigin(from: RestoredFrom, instanceId: string, zone: string): string {
  const backup = from.backupName ?? from.backupId;
  const source = from.sourceInstanceName ?? from.sourceInstanceId;
  const inPlace = from.sourceInstanceId === instanceId;
  const what = `${backup ? `backup ${backup}` : "a backup"}${inPlace ? "" : source ? ` of instance ${source}` : ""}`;
  const timeline = from.timeline === null ? "" : `, timeline ${from.timeline}`;
  return `${inPlace ? "Recovered in place from" : "Restored from"} ${what}, to ${formatBoth(from.pointInTime, zone)}${timeline}.`;
}

/** "public.orders", "a and b", "a, b and c". */
function listNames(names: readonly string[]): string {
  return names.length <= 1 ? (names[0] ?? "a table") : `${names.slice(0, -1).join(", ")} and ${names.at(-1)}`;
}

/** The transaction a restore "to just before" left out, or null when it stopped at a time. */
export function describeExcluded(from: Pick<RestoredFrom, "excluded" | "pointInTime">, zone: string): string | null {
  const e = from.excluded;
  if (!e) return null;
  const did = `${e.kind === "truncate" ? "truncated" : "dropped"} ${listNames(e.relations)} at ${formatClockMillis(e.time, zone, from.pointInTime)}`;
  return e.xid === null
    ? `Left out: the transaction that ${did}, and everything after it.`
    : `Left out: transaction ${e.xid}, which ${did}, and everything after it.`;
}
