/**
 * Times as the user reads and types them: wall-clock in a named zone (the browser's, or UTC),
 * always with the zone written out. Pure: the zone is a parameter, so tests pin DST transitions.
 */

import type { Wording } from "@/lib/i18n/translate";
import { formatUtc } from "@/lib/recovery";

export type ZoneChoice = "local" | "utc";

let zoneOfThisBrowser: string | null = null;
/**
 * Read once per page: each read builds a formatter, and React asks on every render of every time
 * shown (useBrowserZone), which made it one of the costliest calls of a page's first render.
 */
export function browserZone(): string {
  zoneOfThisBrowser ??= Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  return zoneOfThisBrowser;
}

export function zoneOf(choice: ZoneChoice, local: string): string {
  return choice === "utc" ? "UTC" : local;
}

export interface Parts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
}

/** Date and 24-hour time to the second, every field written out. */
const TO_THE_SECOND = {
  hourCycle: "h23",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
  hour: "2-digit",
  minute: "2-digit",
  second: "2-digit",
} as const satisfies Intl.DateTimeFormatOptions;

const partFormatters = new Map<string, Intl.DateTimeFormat>();
/** The wall-clock fields of an instant in `zone` (hour 0–23). */
export function partsIn(ms: number, zone: string): Parts {
  // UTC needs no time-zone data: Date's own fields, where formatToParts costs a recovery screen
  // (hundreds of times drawn) ~15 ms of the browser's main thread while the page loads.
  if (zone === "UTC") {
    const d = new Date(ms);
    return {
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
      hour: d.getUTCHours(),
      minute: d.getUTCMinutes(),
      second: d.getUTCSeconds(),
    };
  }
  let f = partFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, ...TO_THE_SECOND });
    partFormatters.set(zone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== "literal") out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

const nameFormatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's short name at that instant, as the locale writes it ("GMT+1", "EST", "UTC"; German "MEZ"). */
export function zoneAbbreviation(ms: number, zone: string, locale = "en"): string {
  if (zone === "UTC") return "UTC";
  const key = `${locale}|${zone}`;
  let f = nameFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale === "en" ? "en-US" : locale, { timeZone: zone, timeZoneName: "short" });
    nameFormatters.set(key, f);
  }
  const name = f.formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName");
  return name?.value ?? zone;
}

/** Offset of the zone from UTC at `ms`, in minutes (CEST → +120). */
export function zoneOffsetMinutes(ms: number, zone: string): number {
  const p = partsIn(ms, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(ms / 1000) * 1000) / 60_000);
}

/** "2026-10-25", "02:30:00" in that zone. */
export function dateAndTimeIn(ms: number, zone: string): { date: string; time: string } {
  const p = partsIn(ms, zone);
  return { date: `${p.year}-${pad(p.month)}-${pad(p.day)}`, time: `${pad(p.hour)}:${pad(p.minute)}:${pad(p.second)}` };
}

const localFormatters = new Map<string, Intl.DateTimeFormat>();

/**
 * "2026-10-25 02:30:00 CEST" in English (ISO 8601's order, which runbooks and logs share), the
 * locale's own date and time through Intl otherwise ("25.10.2026, 02:30:00 MESZ"); the zone is
 * always written out, so a time is never read in the wrong one.
 */
export function formatIn(iso: string | number, zone: string, locale = "en"): string {
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  if (locale === "en") {
    const { date, time } = dateAndTimeIn(ms, zone);
    return `${date} ${time} ${zoneAbbreviation(ms, zone)}`;
  }
  const key = `${locale}|${zone}`;
  let f = localFormatters.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(locale, { timeZone: zone, ...TO_THE_SECOND, timeZoneName: "short" });
    localFormatters.set(key, f);
  }
  return f.format(new Date(ms));
}

/** A count or size as the locale writes it ("30,000" / "30.000", "3.4" / "3,4"). */
export function formatNumber(n: number, locale = "en", maximumFractionDigits = 0): string {
  return new Intl.NumberFormat(locale, { maximumFractionDigits }).format(n);
}

export type WallTimeResult = { ok: true; iso: string; note?: string } | { ok: false; message: string };

/**
 * The instant a person means by a wall-clock date and time in `zone`. In the hour skipped by a
 * spring-forward the time does not exist (refused, saying so); in the hour repeated by a fall-back
 * it exists twice: the earlier one is taken and the note says so.
 */
export function wallTimeToUtc(date: string, time: string, zone: string, { t, locale }: Wording): WallTimeResult {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const tm = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!d) return { ok: false, message: t("dateFormat") };
  if (!tm) return { ok: false, message: t("timeFormat") };
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi, s] = [Number(tm[1]), Number(tm[2]), Number(tm[3] ?? 0)];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59 || s > 59) return { ok: false, message: t("noSuchDateTime") };
  const naive = Date.UTC(y, mo - 1, da, h, mi, s);
  if (new Date(naive).getUTCDate() !== da) return { ok: false, message: t("noSuchDate") };
  // Try the offsets in force around that moment; keep those that map back to the same wall time.
  const candidates = new Set<number>();
  for (const probe of [naive - 86_400_000, naive, naive + 86_400_000]) candidates.add(zoneOffsetMinutes(probe, zone));
  const matches = [...candidates]
    .map((off) => naive - off * 60_000)
    .filter((ms) => {
      const back = dateAndTimeIn(ms, zone);
      return back.date === date.trim() && back.time === `${pad(h)}:${pad(mi)}:${pad(s)}`;
    })
    .sort((a, b) => a - b);
  if (matches.length === 0) return { ok: false, message: t("skipped", { wall: `${date} ${pad(h)}:${pad(mi)}:${pad(s)}`, zone }) };
  const iso = formatUtc(matches[0]!);
  if (matches.length > 1) return { ok: true, iso, note: t("twice", { zone, first: formatIn(matches[0]!, zone, locale) }) };
  return { ok: true, iso };
}

/** "3 h 12 min", "45 s", "2 d 4 h" */
export function humanDuration(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  if (s < 60) return `${s} s`;
  const m = Math.floor(s / 60);
  if (m < 60) return s % 60 && m < 10 ? `${m} min ${s % 60} s` : `${m} min`;
  const h = Math.floor(m / 60);
  if (h < 48) return m % 60 ? `${h} h ${m % 60} min` : `${h} h`;
  const dd = Math.floor(h / 24);
  return h % 24 ? `${dd} d ${h % 24} h` : `${dd} d`;
}
