import { describe, expect, it } from "vitest";
import { logMaxAgeFor } from "./recovery-overview";

describe("the overview's log view age", () => {
  it("stays within 45–75 s, is the same for an instance every time, and spreads a fleet's re-reads", () => {
    const ages = Array.from({ length: 2000 }, (_, i) => logMaxAgeFor(`instance-${i}`));
    expect(Math.min(...ages)).toBeGreaterThanOrEqual(45_000);
    expect(Math.max(...ages)).toBeLessThanOrEqual(75_000);
    expect(logMaxAgeFor("instance-7")).toBe(ages[7]);
    // Each 15 s slice of the range holds a fair share of the fleet, not all of it.
    for (let from = 45_000; from < 75_000; from += 15_000) {
      const share = ages.filter((a) => a >= from && a < from + 15_000).length / ages.length;
      expect(share).toBeGreaterThan(0.4);
      expect(share).toBeLessThan(0.6);
    }
  });
});
