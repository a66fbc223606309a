import { describe, expect, it } from "vitest";
import { boundaryPassed, phaseOf, sinceLastBoundary } from "./spread";

const PERIOD = 60_000;
const keys = Array.from({ length: 2000 }, (_, i) => `instance-${i}`);

describe("work spread over a fleet", () => {
  it("gives each key a fixed phase within the period", () => {
    for (const k of keys) {
      const p = phaseOf(k, PERIOD);
      expect(p).toBeGreaterThanOrEqual(0);
      expect(p).toBeLessThan(PERIOD);
      expect(phaseOf(k, PERIOD)).toBe(p);
    }
  });

  it("is due once per period for each key, whatever the cadence", () => {
    for (const k of keys.slice(0, 50)) {
      let passed = 0;
      for (let t = 1000; t <= 600_000; t += 1000) if (boundaryPassed(k, PERIOD, t - 1000, t)) passed++;
      expect(passed).toBe(10);
      expect(boundaryPassed(k, PERIOD, 0, PERIOD)).toBe(true);
    }
  });

  it("takes the same share of a fleet at every computation, never all of it at once", () => {
    // The overview recomputed every 15 s for 10 minutes: each key re-read when its boundary passed.
    const last = new Map(keys.map((k) => [k, 0]));
    const shares: number[] = [];
    let oldest = 0;
    for (let now = 15_000; now <= 600_000; now += 15_000) {
      let due = 0;
      for (const k of keys) {
        const at = last.get(k)!;
        if (now - at >= sinceLastBoundary(k, PERIOD, now)) {
          due++;
          last.set(k, now);
        }
        oldest = Math.max(oldest, now - last.get(k)!);
      }
      shares.push(due / keys.length);
    }
    for (const share of shares) {
      expect(share).toBeGreaterThan(0.18);
      expect(share).toBeLessThan(0.32);
    }
    // No key's view is ever older than the period.
    expect(oldest).toBeLessThanOrEqual(PERIOD);
  });
});
