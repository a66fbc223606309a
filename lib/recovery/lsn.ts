/**
 * Log sequence numbers are unsigned 64-bit integers sent as decimal strings. JS numbers lose
 * them above 2^53, and BigInt is too slow for a million segments, so the hot paths split each
 * LSN into two exact doubles: hi = floor(lsn / 1e10) (at most 1844674407) and lo = lsn mod 1e10.
 * (hi, lo) compares lexicographically exactly like the BigInt value.
 */

const MAX_HI = 1_844_674_407;
const MAX_LO_AT_MAX_HI = 3_709_551_615;

/** Where {@link parseLsnInto} writes; reused to keep the hot loop allocation-free. */
export interface LsnParts {
  hi: number;
  lo: number;
}

/** Parses an unsigned 64-bit decimal into `out`; false (out untouched) for anything else. */
export function parseLsnInto(s: string, out: LsnParts): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  let hi = 0;
  let lo = 0;
  const split = n - 10;
  for (let i = 0; i < n; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    if (i < split) hi = hi * 10 + c;
    else lo = lo * 10 + c;
  }
  if (hi > MAX_HI || (hi === MAX_HI && lo > MAX_LO_AT_MAX_HI)) return false;
  out.hi = hi;
  out.lo = lo;
  return true;
}

/** The canonical decimal string of an LSN split as (hi, lo). */
export function formatLsn(hi: number, lo: number): string {
  return hi === 0 ? String(lo) : `${hi}${String(lo).padStart(10, "0")}`;
}

/** -1, 0 or 1 comparing (aHi, aLo) with (bHi, bLo). */
export function compareParts(aHi: number, aLo: number, bHi: number, bLo: number): number {
  if (aHi !== bHi) return aHi < bHi ? -1 : 1;
  if (aLo !== bLo) return aLo < bLo ? -1 : 1;
  return 0;
}

/** True when `s` is an unsigned 64-bit decimal (leading zeros allowed). */
export function isLsn(s: string): boolean {
  return parseLsnInto(s, { hi: 0, lo: 0 });
}

/** The canonical form of an LSN string ("007" → "7"), or null when it is not one. */
export function canonicalLsn(s: string): string | null {
  const p = { hi: 0, lo: 0 };
  return parseLsnInto(s, p) ? formatLsn(p.hi, p.lo) : null;
}

/**
 * Numeric order of two LSN strings, as BigInt would give. For canonical unsigned decimals
 * (no leading zeros) comparing by length, then lexically, is the same order; this also accepts
 * leading zeros. @throws RangeError when either is not an LSN.
 */
export function compareLsn(a: string, b: string): number {
  const pa = { hi: 0, lo: 0 };
  const pb = { hi: 0, lo: 0 };
  if (!parseLsnInto(a, pa)) throw new RangeError(`Not an LSN: ${JSON.stringify(a)}`);
  if (!parseLsnInto(b, pb)) throw new RangeError(`Not an LSN: ${JSON.stringify(b)}`);
  return compareParts(pa.hi, pa.lo, pb.hi, pb.lo);
}

