import { describe, expect, it } from "vitest";
import { indexSegments, isCurrent, reachFrom, replayPath } from "./segments";
import { seg } from "./test-fixtures";

function completedOf(segments: Parameters<typeof indexSegments>[0], timeline = 1) {
  const log = indexSegments(segments).timelines.get(timeline);
  if (!log) throw new Error("no such timeline");
  return log.completed;
}

describe("the archive index", () => {
  it("a zero-length segment reaches what the segments starting at its LSN reach", () => {
    const c = completedOf([seg("a", "10:00", "10:05", 0, 100), seg("z", "10:05", "10:05", 100, 100), seg("b", "10:05", "10:10", 100, 200)]);
    // Sorted by (start LSN, end LSN): a, z, b.
    expect(c.reach[1]).toBe(2);
    expect(c.reach[0]).toBe(2);
  });

  it("reachFrom answers null when no COMPLETED segment holds the LSN", () => {
    const c = completedOf([seg("a", "10:00", "10:05", 0, 100), seg("f", "10:05", "10:10", 100, 200, { status: "FAILED" })]);
    expect(reachFrom(c, 0, 150)).toBeNull();
    expect(reachFrom(c, 0, 100)).toMatchObject({ pos: 0, ms: Date.UTC(2026, 10, 20, 10, 5) });
  });

  it("finds a holder far behind when a long segment overlaps many short ones", () => {
    const segs = [seg("long", "10:00", "11:00", 0, 10_000), seg("tail", "11:00", "11:05", 10_000, 10_100)];
    for (let i = 1; i < 50; i++) segs.push(seg(`s${i}`, "10:00", "10:01", i * 10, i * 10 + 5));
    const c = completedOf(segs);
    expect(reachFrom(c, 0, 9_000)).toMatchObject({ ms: Date.UTC(2026, 10, 20, 11, 5) });
  });

  it("replayPath counts the segments up to the one covering the point", () => {
    const c = completedOf([seg("a", "10:00", "10:05", 0, 100), seg("b", "10:05", "10:10", 100, 200), seg("c", "10:10", "10:15", 200, 300)]);
    expect(replayPath(c, 0, Date.UTC(2026, 10, 20, 10, 12))).toEqual({ last: 2, count: 3 });
    expect(replayPath(c, 0, Date.UTC(2026, 10, 20, 10, 5))).toEqual({ last: 0, count: 1 });
    expect(replayPath(c, 0, Date.UTC(2026, 10, 20, 10, 16))).toBeNull();
  });

  it("an index is current until the next one reuses its memory", () => {
    const first = indexSegments([seg("a", "10:00", "10:05", 0, 100)]);
    expect(isCurrent(first)).toBe(true);
    indexSegments([]);
    expect(isCurrent(first)).toBe(false);
  });
});

describe("sorting the archive", () => {
  // LSNs that differ in every 16-bit digit, with ties on the start LSN, over two timelines.
  const digits = [0n, 1n, 0xffffn, 0x10000n, 0xffff_ffffn, 0x1_0000_0000n, 0xffff_0000_0000n, 0x1_0000_0000_0000n, 0xfffe_ffff_ffff_ffffn];
  const segments = digits.flatMap((d, i) => [
    seg(`a${i}`, "10:00", "10:05", d, d + 10n),
    seg(`b${i}`, "10:00", "10:04", d, d + 5n),
    seg(`c${i}`, "10:00", "10:05", d, d + 10n, { status: "FAILED" }),
    seg(`d${i}`, "10:00", "10:05", d, d + 7n, { timeline: 2 }),
  ]);

  function snapshot(list: typeof segments) {
    const index = indexSegments(list);
    return [...index.timelines].map(([t, log]) => [t, Array.from(log.completed.sHi), Array.from(log.completed.sLo), Array.from(log.completed.eLo), Array.from(log.completed.reach)]);
  }

  it("orders by start LSN then end LSN whatever the input order", () => {
    const expected = snapshot(segments);
    const [[, hi, lo, endLo]] = expected as [[number, number[], number[], number[]]];
    const starts = hi.map((h, k) => (BigInt(h) << 32n) + BigInt(lo[k]!));
    expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(starts).toHaveLength(digits.length * 2);
    // Within a start LSN the shorter segment comes first.
    expect(endLo[0]! < endLo[1]!).toBe(true);
    for (let seed = 1; seed < 20; seed++) {
      const shuffled = [...segments].sort((x, y) => ((x.id.charCodeAt(0) * seed + x.id.charCodeAt(1) * 7) % 11) - ((y.id.charCodeAt(0) * seed + y.id.charCodeAt(1) * 7) % 11) || (x.id < y.id ? 1 : -1));
      expect(snapshot(shuffled)).toEqual(expected);
      expect(snapshot([...segments].reverse())).toEqual(expected);
    }
  });
});
