/**
 * Periodic work spread evenly over a fleet: each key gets its own fixed phase within the period, and
 * is due when a boundary of its own passes. Whatever the cadence of the callers, every key is done
 * once per period and, across many keys, about the same share falls in each stretch of time. A
 * per-key age (45–75 s, say) does not spread: computations every 15 s round the ages to a few
 * values, and their periods line up again every few minutes, bringing back the whole fleet at once.
 */

/** A key's fixed offset in [0, periodMs), from its FNV-1a hash. */
export function phaseOf(key: string, periodMs: number): number {
  let h = 2166136261;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619);
  return ((h >>> 0) / 2 ** 32) * periodMs;
}

/** True when one of the key's period boundaries lies in (sinceMs, nowMs]. */
export function boundaryPassed(key: string, periodMs: number, sinceMs: number, nowMs: number): boolean {
  const phase = phaseOf(key, periodMs);
  return Math.floor((nowMs - phase) / periodMs) > Math.floor((sinceMs - phase) / periodMs);
}

/** How long ago the key's latest boundary was: anything done since then is still current. */
export function sinceLastBoundary(key: string, periodMs: number, nowMs: number): number {
  const phase = phaseOf(key, periodMs);
  return (((nowMs - phase) % periodMs) + periodMs) % periodMs;
}
