/**
 * The provenance of a restored or recovered instance in words (trove-api.md, "Provenance of a
 * restored or recovered instance"): where its data came from, and where that data really ends.
 * Pure: the zone is a parameter; every time is written in it with UTC beside it, as elsewhere.
 */
import type { RestoredFrom } from "@/lib/api/schemas";
import type { Wording } from "@/lib/i18n/translate";
import { dateAndTimeIn, formatIn, humanDuration, zoneAbbreviation } from "./time";

/** "2026-11-20 11:03:17 GMT+1 (2026-11-20 10:03:17 UTC)"; UTC alone when the zone is UTC. */
export function formatBoth(iso: string, zone: string, locale = "en"): string {
  return zone === "UTC" ? formatIn(iso, "UTC", locale) : `${formatIn(iso, zone, locale)} (${formatIn(iso, "UTC", locale)})`;
}

/** "20.11.2026": the calendar date in `zone` as the locale writes it. */
function localDate(ms: number, zone: string, locale: string): string {
  return new Intl.DateTimeFormat(locale, { timeZone: zone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date(ms));
}

/**
 * "10:03:16.842 GMT+1" in `zone`, to the millisecond; the date goes in front when it is not the
 * date of `sameDayAs` in that zone (a quiet database's last commit may be days before the point).
 */
export function formatClockMillis(iso: string, zone: string, sameDayAs: string, locale = "en"): string {
  const ms = Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  const { date, time } = dateAndTimeIn(ms, zone);
  const millis = String(((ms % 1000) + 1000) % 1000).padStart(3, "0");
  const day = dateAndTimeIn(Date.parse(sameDayAs), zone).date === date ? "" : `${locale === "en" ? date : localDate(ms, zone, locale)} `;
  return `${day}${time}.${millis} ${zoneAbbreviation(ms, zone, locale)}`;
}

/** "0.158 s" under a minute (milliseconds shown), else "3 min 5 s", "2 h 10 min". */
export function formatLag(ms: number, locale = "en"): string {
  const abs = Math.abs(ms);
  if (abs >= 60_000) return humanDuration(abs / 1000);
  const seconds = new Intl.NumberFormat(locale, { minimumFractionDigits: 3, maximumFractionDigits: 3 }).format(abs / 1000);
  return `${seconds} s`;
}

/**
 * "The data's last transaction committed at 10:03:16.842 GMT+1 (09:03:16.842 UTC), 0.158 s before
 * the chosen point." Recovery targets are commit times, so the gap is data that never existed
 * rather than data lost; a commit after the point would break the contract and is said plainly.
 */
export function describeLastCommit(
  from: Pick<RestoredFrom, "pointInTime" | "lastCommitTime">,
  zone: string,
  { t, locale }: Wording,
): string {
  if (from.lastCommitTime === null) return t("lastCommitUnknown");
  const clock = (z: string) => formatClockMillis(from.lastCommitTime!, z, from.pointInTime, locale);
  const at = zone === "UTC" ? clock("UTC") : `${clock(zone)} (${clock("UTC")})`;
  const lag = Date.parse(from.pointInTime) - Date.parse(from.lastCommitTime);
  const key = lag === 0 ? "lastCommitAt" : lag > 0 ? "lastCommitBefore" : "lastCommitAfter";
  return t(key, { at, lag: formatLag(lag, locale) });
}

/**
 * "Restored from backup nightly-2 of instance orders-db, to 2026-11-20 11:03:17 GMT+1
 * (2026-11-20 10:03:17 UTC), timeline 2." Names when the dashboard could read them, else ids; an
 * instance recovered in place is its own source and says so.
 */
export function describeOrigin(from: RestoredFrom, instanceId: string, zone: string, { t, locale }: Wording): string {
  const backup = from.backupName ?? from.backupId;
  const source = from.sourceInstanceName ?? from.sourceInstanceId;
  const inPlace = from.sourceInstanceId === instanceId;
  const what = `${backup ? t("backupNamed", { backup }) : t("aBackup")}${inPlace || !source ? "" : t("ofInstance", { source })}`;
  return t(inPlace ? "recoveredInPlace" : "restoredFrom", {
    what,
    point: formatBoth(from.pointInTime, zone, locale),
    timeline: from.timeline === null ? "" : t("timeline", { timeline: String(from.timeline) }),
  });
}

/** "public.orders", "a and b", "a, b and c" (the locale's own list). */
function listNames(names: readonly string[], { t, locale }: Wording): string {
  return names.length === 0 ? t("aTable") : new Intl.ListFormat(locale, { type: "conjunction" }).format(names);
}

/** The transaction a restore "to just before" left out, or null when it stopped at a time. */
export function describeExcluded(from: Pick<RestoredFrom, "excluded" | "pointInTime">, zone: string, wording: Wording): string | null {
  const e = from.excluded;
  if (!e) return null;
  const values = {
    kind: e.kind === "truncate" ? "truncate" : "drop",
    tables: listNames(e.relations, wording),
    at: formatClockMillis(e.time, zone, from.pointInTime, wording.locale),
  };
  return e.xid === null ? wording.t("excluded", values) : wording.t("excludedXid", { ...values, xid: String(e.xid) });
}
