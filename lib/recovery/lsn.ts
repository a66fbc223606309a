/**
 * Log sequence numbers are unsigned 64-bit integers sent as decimal strings. JS numbers lose
 * them above 2^53, and BigInt is too slow for a million segments, so the hot paths split each
 * LSN into its high and low 32 bits, exact in doubles and storable in Uint32Arrays.
 * (hi, lo) compares lexicographically exactly like the BigInt value.
 */

const TWO32 = 4_294_967_296;

/** Where {@link parseLsnInto} writes; reused to keep the hot loop allocation-free. */
export interface LsnParts {
  hi: number;
  lo: number;
}

/** Parses an unsigned 64-bit decimal into `out`; false (out untouched) for anything else. */
export function parseLsnInto(s: string, out: LsnParts): boolean {
  const n = s.length;
  if (n === 0 || n > 20) return false;
  // Fifteen digits stay below 2^53; only the rest need carrying between the halves.
  const head = n < 15 ? n : 15;
  let v = 0;
  for (let i = 0; i < head; i++) {
    const c = s.charCodeAt(i) - 48;
    if (c < 0 || c > 9) return false;
    v = v * 10 + c;
  }
  let hi = Math.floor(v / TWO32);
  let lo = v - hi * TWO32;
  if (n > head) {
    // At most five more digits: (hi, lo) * 10^k + tail, carrying once; every step stays exact.
    let tail = 0;
    let scale = 1;
    for (let i = head; i < n; i++) {
      const c = s.charCodeAt(i) - 48;
      if (c < 0 || c > 9) return false;
      tail = tail * 10 + c;
      scale *= 10;
    }
    lo = lo * scale + tail;
    const carry = Math.floor(lo / TWO32);
    lo -= carry * TWO32;
    hi = hi * scale + carry;
  }
  if (hi >= TWO32) return false;
  out.hi = hi;
  out.lo = lo;
  return true;
}

const E7 = 10_000_000;
// 2^32 = 429 * 10^7 + 4_967_296.
const TWO32_HIGH = 429;
const TWO32_LOW = 4_967_296;

/** The canonical decimal string of an LSN split as (hi, lo). */
export function formatLsn(hi: number, lo: number): string {
  if (hi < 2_097_152) return String(hi * TWO32 + lo);
  // Above 2^53, in base 10^7 digits, where every product is below 2^53 and so exact: an
  // analysis formats an LSN per base and per window, and BigInt took a microsecond each.
  const h1 = Math.floor(hi / E7);
  const h0 = hi - h1 * E7;
  const d0 = h0 * TWO32_LOW + lo;
  const c0 = d0 % E7;
  const d1 = h1 * TWO32_LOW + h0 * TWO32_HIGH + Math.floor(d0 / E7);
  const c1 = d1 % E7;
  const d2 = h1 * TWO32_HIGH + Math.floor(d1 / E7);
  const low = String(c0).padStart(7, "0");
  return d2 > 0 ? `${d2}${String(c1).padStart(7, "0")}${low}` : `${c1}${low}`;
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
