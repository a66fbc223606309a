/**
 * Times as the user reads and types them: wall-clock in a named zone (the browser's, or UTC),
 * always with the zone written out. Pure: the zone is a parameter, so tests pin DST transitions.
 */

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
    f = new Intl.DateTimeFormat("en-US", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    partFormatters.set(zone, f);
  }
  const out: Record<string, number> = {};
  for (const p of f.formatToParts(new Date(ms))) if (p.type !== "literal") out[p.type] = Number(p.value);
  return { year: out.year!, month: out.month!, day: out.day!, hour: out.hour! % 24, minute: out.minute!, second: out.second! };
}

const pad = (n: number, w = 2) => String(n).padStart(w, "0");

const nameFormatters = new Map<string, Intl.DateTimeFormat>();
/** The zone's short name at that instant ("CET", "CEST", "EST", "UTC", "GMT+14"). */
export function zoneAbbreviation(ms: number, zone: string): string {
  if (zone === "UTC") return "UTC";
  let f = nameFormatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" });
    nameFormatters.set(zone, f);
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

/** "2026-10-25 02:30:00 CEST" */
export function formatIn(iso: string | number, zone: string): string {
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  if (Number.isNaN(ms)) return "—";
  const { date, time } = dateAndTimeIn(ms, zone);
  return `${date} ${time} ${zoneAbbreviation(ms, zone)}`;
}

/** ISO 8601 UTC with second precision, as the API wants it. */
export function toIsoUtc(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace(/\.\d{3}Z$/, "Z");
}

export type WallTimeResult = { ok: true; iso: string; note?: string } | { ok: false; message: string };

/**
 * The instant a person means by a wall-clock date and time in `zone`. In the hour skipped by a
 * spring-forward the time does not exist (refused, saying so); in the hour repeated by a fall-back
 * it exists twice: the earlier one is taken and the note says so.
 */
export function wallTimeToUtc(date: string, time: string, zone: string): WallTimeResult {
  const d = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date.trim());
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(time.trim());
  if (!d) return { ok: false, message: "Write the date as YYYY-MM-DD." };
  if (!t) return { ok: false, message: "Write the time as HH:MM:SS (24-hour)." };
  const [y, mo, da] = [Number(d[1]), Number(d[2]), Number(d[3])];
  const [h, mi, s] = [Number(t[1]), Number(t[2]), Number(t[3] ?? 0)];
  if (mo < 1 || mo > 12 || da < 1 || da > 31 || h > 23 || mi > 59 || s > 59)
    return { ok: false, message: "That date or time does not exist." };
  const naive = Date.UTC(y, mo - 1, da, h, mi, s);
  if (new Date(naive).getUTCDate() !== da) return { ok: false, message: "That date does not exist." };
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
  if (matches.length === 0)
    return { ok: false, message: `${date} ${pad(h)}:${pad(mi)}:${pad(s)} does not exist in ${zone} (the clocks skip that hour).` };
  const iso = toIsoUtc(matches[0]!);
  if (matches.length > 1)
    return { ok: true, iso, note: `That time happens twice in ${zone}; the first one (${formatIn(matches[0]!, zone)}) is taken.` };
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
