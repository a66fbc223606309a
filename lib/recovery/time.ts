/**
 * Time at second precision, in UTC, without Date objects: the analysis parses millions of
 * segment timestamps, and Date construction plus regexes dominated its cost.
 */

const MS_PER_DAY = 86_400_000;

// Howard Hinnant's days_from_civil: proleptic Gregorian, valid for every year we accept.
function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** Two decimal digits at `i`, or a negative number when either is not a digit. */
function two(s: string, i: number): number {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  // Unsigned, a code below '0' wraps far above 9: one comparison per character, in integers.
  return a >>> 0 <= 9 && b >>> 0 <= 9 ? a * 10 + b : -1;
}

// The first day and length of recently seen months, direct-mapped on year * 12 + month: a log
// listed out of order jumps between days on almost every segment, but rarely leaves a span of
// 64 months, so the calendar arithmetic runs about once per month seen, in any order.
const MONTH_SLOTS = 64;
const monthKey = new Int32Array(MONTH_SLOTS).fill(-1);
const monthFirstDay = new Int32Array(MONTH_SLOTS);
const monthLength = new Int32Array(MONTH_SLOTS);

/**
 * Parses a Trove timestamp into `out[at]` as epoch milliseconds truncated to the second; false
 * (out untouched) when it is not one. Accepts "YYYY-MM-DDTHH:MM:SS", optional fractional
 * seconds, then nothing (Trove's zone-less UTC), "Z", or a "+hh:mm"/"-hh:mm" offset.
 * Writing into a typed array instead of returning a double keeps the million-segment loop
 * from allocating a boxed number per call.
 */
export function parseTimeInto(s: string, out: Float64Array, at: number): boolean {
  const n = s.length;
  if (n < 19 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84) return false;
  if (s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58) return false;
  const yh = two(s, 0);
  const yl = two(s, 2);
  const mo = two(s, 5);
  const d = two(s, 8);
  const h = two(s, 11);
  const mi = two(s, 14);
  const se = two(s, 17);
  if (!(yh >= 0 && yl >= 0 && mo >= 1 && mo <= 12 && d >= 1 && h >= 0 && h <= 23 && mi >= 0 && mi <= 59 && se >= 0 && se <= 59))
    return false;
  const y = yh * 100 + yl;
  const key = y * 12 + mo - 1;
  const slot = key & (MONTH_SLOTS - 1);
  if (monthKey[slot] !== key) {
    monthKey[slot] = key;
    monthFirstDay[slot] = daysFromCivil(y, mo, 1);
    monthLength[slot] = daysInMonth(y, mo);
  }
  if (d > monthLength[slot]!) return false;
  const days = monthFirstDay[slot]! + d - 1;
  let i = 19;
  if (i < n && s.charCodeAt(i) === 46) {
    i++;
    const from = i;
    while (i < n && (s.charCodeAt(i) - 48) >>> 0 <= 9) i++;
    if (i === from) return false;
  }
  let offsetMinutes = 0;
  if (i < n && !(s.charCodeAt(i) === 90 && i + 1 === n)) {
    const sign = s.charCodeAt(i);
    if ((sign !== 43 && sign !== 45) || i + 6 !== n || s.charCodeAt(i + 3) !== 58) return false;
    const oh = two(s, i + 1);
    const om = two(s, i + 4);
    if (!(oh >= 0 && oh <= 23 && om >= 0 && om <= 59)) return false;
    offsetMinutes = (sign === 45 ? -1 : 1) * (oh * 60 + om);
  }
  out[at] = days * MS_PER_DAY + ((h * 60 + mi - offsetMinutes) * 60 + se) * 1000;
  return true;
}

const one = new Float64Array(1);

/** Epoch milliseconds of a Trove timestamp (see {@link parseTimeInto}), or NaN. */
export function parseTroveTimeOrNaN(s: string): number {
  return parseTimeInto(s, one, 0) ? one[0]! : NaN;
}

/** Like {@link parseTroveTime}, but null instead of throwing. */
export function tryParseTroveTime(s: string): number | null {
  const ms = parseTroveTimeOrNaN(s);
  return Number.isNaN(ms) ? null : ms;
}

/**
 * Epoch milliseconds (truncated to the second) of a Trove or ISO 8601 timestamp.
 * A timestamp without a zone is UTC, as Trove writes them; "Z" and "±hh:mm" offsets are honoured;
 * fractional seconds are dropped (truncated toward the past, so a point never moves later).
 * @throws RangeError when `s` is not such a timestamp or names an impossible date.
 */
export function parseTroveTime(s: string): number {
  const ms = parseTroveTimeOrNaN(s);
  if (Number.isNaN(ms)) {
    throw new RangeError(
      `Not a timestamp: ${JSON.stringify(s)}; expected ISO 8601 such as "2026-11-20T10:03:17Z" or Trove's zone-less UTC "2026-11-20T10:03:17"`,
    );
  }
  return ms;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function civil(ms: number): { y: number; m: number; d: number; sod: number } {
  const secs = Math.floor(ms / 1000);
  const days = Math.floor(secs / 86_400);
  const sod = secs - days * 86_400;
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return { y: yoe + era * 400 + (m <= 2 ? 1 : 0), m, d, sod };
}

function clockOf(sod: number): string {
  return `${pad2(Math.floor(sod / 3600))}:${pad2(Math.floor(sod / 60) % 60)}:${pad2(sod % 60)}`;
}

function dateOf(c: { y: number; m: number; d: number }): string {
  return `${String(c.y).padStart(4, "0")}-${pad2(c.m)}-${pad2(c.d)}`;
}

function checkMs(ms: number): void {
  if (!Number.isFinite(ms)) throw new RangeError(`Not a time in milliseconds: ${ms}`);
}

/** "YYYY-MM-DDTHH:MM:SSZ" for epoch milliseconds (sub-second part truncated). */
export function formatUtc(ms: number): string {
  checkMs(ms);
  const c = civil(ms);
  return `${dateOf(c)}T${clockOf(c.sod)}Z`;
}

/** "10:05:00" for a time on `sameDayAs`'s UTC day, else "2026-11-20 10:05:00"; for messages. */
export function formatClock(ms: number, sameDayAs?: number): string {
  checkMs(ms);
  const c = civil(ms);
  if (sameDayAs !== undefined && Math.floor(sameDayAs / MS_PER_DAY) === Math.floor(ms / MS_PER_DAY)) return clockOf(c.sod);
  return `${dateOf(c)} ${clockOf(c.sod)}`;
}

/** "10:05:00–10:12:00" when both ends share a UTC day, else both with their dates. */
export function formatRange(startMs: number, endMs: number): string {
  const sameDay = Math.floor(startMs / MS_PER_DAY) === Math.floor(endMs / MS_PER_DAY);
  const c = civil(startMs);
  return sameDay ? `${clockOf(c.sod)}–${formatClock(endMs, startMs)}` : `${formatClock(startMs)}–${formatClock(endMs)}`;
}

const UNITS: readonly [string, number][] = [
  ["day", 86_400],
  ["hour", 3_600],
  ["minute", 60],
  ["second", 1],
];

/** A duration as an adjective for messages: "7-minute", "1-hour 5-minute", "45-second" (two largest units). */
export function formatDuration(seconds: number): string {
  let rest = Math.max(0, Math.floor(seconds));
  if (rest === 0) return "0-second";
  const parts: string[] = [];
  for (const [name, size] of UNITS) {
    const n = Math.floor(rest / size);
    rest -= n * size;
    if (n > 0) parts.push(`${n}-${name}`);
    if (parts.length === 2) break;
    if (parts.length === 1 && n === 0) break;
  }
  return parts.join(" ");
}

/** "a" or "an" before a spoken number ("an 8-minute gap", "an 11-second gap"). */
export function articleFor(phrase: string): "a" | "an" {
  const digits = /^\d+/.exec(phrase)?.[0] ?? "";
  if (digits.startsWith("8")) return "an";
  if (digits.length % 3 === 2 && (digits.startsWith("11") || digits.startsWith("18"))) return "an";
  return "a";
}
