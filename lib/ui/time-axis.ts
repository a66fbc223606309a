/**
 * Ticks for a time axis that a person can read: on the wall-clock boundaries of the chosen zone
 * (midnights, whole hours, quarter hours…), the day's date at every midnight, and never closer
 * together than their labels are wide. Pure: the zone, the range and the width in pixels are
 * arguments, so DST transitions are unit-tested.
 */
import { partsIn, zoneAbbreviation } from "./time";

export interface AxisTick {
  /** Epoch ms. */
  t: number;
  label: string;
  /** The first instant of a calendar day in the zone: labelled with the date. */
  midnight: boolean;
}

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/** Candidate spacings, finest first; sub-day ones are wall-clock, day ones are calendar days. */
const STEPS: readonly { ms: number; days?: number }[] = [
  { ms: 10_000 },
  { ms: 30_000 },
  { ms: MINUTE },
  { ms: 2 * MINUTE },
  { ms: 5 * MINUTE },
  { ms: 10 * MINUTE },
  { ms: 15 * MINUTE },
  { ms: 30 * MINUTE },
  { ms: HOUR },
  { ms: 2 * HOUR },
  { ms: 3 * HOUR },
  { ms: 6 * HOUR },
  { ms: 12 * HOUR },
  { ms: DAY, days: 1 },
  { ms: 2 * DAY, days: 2 },
  { ms: 7 * DAY, days: 7 },
  { ms: 14 * DAY, days: 14 },
  { ms: 28 * DAY, days: 28 },
];

/** Every label the axis writes, in one place. */
const FORMATS = {
  /** "Tue 24 Nov" */
  date: { weekday: "short", day: "numeric", month: "short" },
  time: { hour: "2-digit", minute: "2-digit", hourCycle: "h23" },
  seconds: { hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" },
} as const satisfies Record<string, Intl.DateTimeFormatOptions>;

const formatters = new Map<string, Intl.DateTimeFormat>();
function format(ms: number, zone: string, kind: keyof typeof FORMATS, locale: string): string {
  const key = `${zone}|${kind}|${locale}`;
  let f = formatters.get(key);
  if (!f) {
    // English labels read day before month ("Tue 24 Nov"), as in the rest of the dashboard.
    f = new Intl.DateTimeFormat(locale === "en" ? "en-GB" : locale, { timeZone: zone, ...FORMATS[kind] });
    formatters.set(key, f);
  }
  return f.format(new Date(ms)).replace(",", "");
}

interface Wall {
  y: number;
  mo: number;
  d: number;
  /** Seconds since the wall-clock midnight. */
  s: number;
}

function wallOf(ms: number, zone: string): Wall {
  const p = partsIn(ms, zone);
  return { y: p.year, mo: p.month, d: p.day, s: p.hour * 3600 + p.minute * 60 + p.second };
}

const sameDay = (a: Wall, b: Wall) => a.y === b.y && a.mo === b.mo && a.d === b.d;

/**
 * The first instant of the zone's calendar day holding `ms`: its midnight, or the first second
 * that exists where a zone skips midnight. Tried in the day's own offset first; a DST change
 * earlier that day makes that guess wrong, and then a search over the 26 h before finds it.
 */
export function startOfDayIn(ms: number, zone: string): number {
  const t = Math.floor(ms / 1000) * 1000;
  const day = wallOf(t, zone);
  const isStart = (x: number) => sameDay(wallOf(x, zone), day) && !sameDay(wallOf(x - 1000, zone), day);
  const guess = t - day.s * 1000;
  if (isStart(guess)) return guess;
  let lo = t - 26 * HOUR;
  let hi = t;
  while (hi - lo > 1000) {
    const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
    if (sameDay(wallOf(mid, zone), day)) hi = mid;
    else lo = mid;
  }
  return hi;
}

/** Instants of the step's wall-clock boundaries inside [from, to]. */
function boundaries(from: number, to: number, zone: string, step: { ms: number; days?: number }): number[] {
  const out: number[] = [];
  if (step.days) {
    let day = startOfDayIn(from, zone);
    if (day < from) day = startOfDayIn(day + DAY + 2 * HOUR, zone);
    // Multi-day steps count days from the epoch's calendar so the ticks do not move as time passes.
    while (day <= to) {
      const w = wallOf(day, zone);
      const n = Math.round(Date.UTC(w.y, w.mo - 1, w.d) / DAY);
      if (n % step.days === 0) out.push(day);
      day = startOfDayIn(day + DAY + 2 * HOUR, zone);
    }
    return out;
  }
  // Zone offsets are whole quarter hours, so a boundary of a step of 15 min or more is on a UTC
  // quarter hour, and one of a finer step (which divides 15 min, or is 2 or 10 min) on a UTC multiple of its gcd with it.
  const grain = step.ms >= 15 * MINUTE ? 15 * MINUTE : step.ms === 2 * MINUTE || step.ms === 10 * MINUTE ? MINUTE : step.ms;
  const stepS = step.ms / 1000;
  for (let t = Math.ceil(from / grain) * grain; t <= to; t += grain) {
    if (wallOf(t, zone).s % stepS === 0) out.push(t);
  }
  return out;
}

function labelFor(t: number, zone: string, step: { ms: number }, midnight: boolean, offsetChanged: boolean, locale: string): string {
  if (midnight) return format(t, zone, "date", locale);
  const time = format(t, zone, step.ms < MINUTE ? "seconds" : "time", locale);
  // The hour repeated or skipped by a DST change would otherwise read as a mistake.
  return offsetChanged ? `${time} ${zoneAbbreviation(t, zone, locale)}` : time;
}

/** Rough width of a label in px at the axis' 11 px font: digits and letters ~7 px, plus room. */
export function labelWidthPx(label: string): number {
  return label.length * 7 + 4;
}

/**
 * Ticks for [from, to] drawn `widthPx` wide, in `zone`: the finest natural step whose labels do
 * not overlap (at least `gapPx` between neighbours) and fit inside the plot.
 */
export function axisTicks(from: number, to: number, zone: string, widthPx: number, gapPx = 16, locale = "en"): AxisTick[] {
  if (!(to > from) || !(widthPx > 0)) return [];
  const x = (t: number) => ((t - from) / (to - from)) * widthPx;
  for (const step of STEPS) {
    // Cheap pre-check before asking Intl about every boundary.
    if ((step.ms / (to - from)) * widthPx < 36) continue;
    const instants = boundaries(from, to, zone, step);
    let previousAbbr: string | null = null;
    const ticks = instants.map((t) => {
      const midnight = startOfDayIn(t, zone) === t;
      const abbr = zone === "UTC" ? "UTC" : zoneAbbreviation(t, zone, locale);
      const changed = previousAbbr !== null && abbr !== previousAbbr;
      previousAbbr = abbr;
      return { t, midnight, label: labelFor(t, zone, step, midnight, changed, locale) };
    });
    // A label sticking out of the plot would be cut off by the chart: such an end tick is left out.
    const inside = ticks.filter(
      (t) => x(t.t) - labelWidthPx(t.label) / 2 >= -EDGE_PX && x(t.t) + labelWidthPx(t.label) / 2 <= widthPx + EDGE_PX,
    );
    if (fits(inside, x, gapPx)) return inside;
  }
  return [];
}

/** How far a label may reach past the plot's ends: the chart's margin. */
const EDGE_PX = 8;

function fits(ticks: readonly AxisTick[], x: (t: number) => number, gapPx: number): boolean {
  for (let i = 1; i < ticks.length; i++) {
    const prev = ticks[i - 1]!;
    const cur = ticks[i]!;
    if (x(cur.t) - labelWidthPx(cur.label) / 2 - (x(prev.t) + labelWidthPx(prev.label) / 2) < gapPx) return false;
  }
  return true;
}

/** "Tue 24 Nov 06:00:00 CET": the brush and the hover card name instants the way the axis does. */
export function axisInstant(ms: number, zone: string, locale = "en"): string {
  return `${format(ms, zone, "date", locale)} ${format(ms, zone, "seconds", locale)} ${zoneAbbreviation(ms, zone, locale)}`;
}
