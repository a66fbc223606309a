import { describe, expect, it } from "vitest";
import { buildSegmentIndex } from "./segment-index-build";
import { reachFrom, replayPath } from "./segment-index-query";
import { seg } from "./test-fixtures";

function completedOf(segments: Parameters<typeof buildSegmentIndex>[0], timeline = 1) {
  const log = buildSegmentIndex(segments).timelines.get(timeline);
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

  it("an index keeps its answers while others are built", () => {
    const first = completedOf([seg("a", "10:00", "10:05", 0, 100), seg("b", "10:05", "10:10", 100, 200)]);
    completedOf([
      seg("x", "09:00", "09:01", 5_000, 5_001),
      seg("y", "09:01", "09:02", 5_001, 5_002),
      seg("z", "09:02", "09:03", 5_002, 5_003),
    ]);
    expect(reachFrom(first, 0, 50)).toMatchObject({ pos: 0, ms: Date.UTC(2026, 10, 20, 10, 10), lo: 200 });
    expect(Array.from(first.sLo)).toEqual([0, 100]);
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
    const index = buildSegmentIndex(list);
    return [...index.timelines].map(([t, log]) => [
      t,
      Array.from(log.completed.sHi),
      Array.from(log.completed.sLo),
      Array.from(log.completed.eLo),
      Array.from(log.completed.reach),
    ]);
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
      const shuffled = [...segments].sort(
        (x, y) =>
          ((x.id.charCodeAt(0) * seed + x.id.charCodeAt(1) * 7) % 11) - ((y.id.charCodeAt(0) * seed + y.id.charCodeAt(1) * 7) % 11) ||
          (x.id < y.id ? 1 : -1),
      );
      expect(snapshot(shuffled)).toEqual(expected);
      expect(snapshot([...segments].reverse())).toEqual(expected);
    }
  });
});

describe("sorting the archive by narrow keys", () => {
  // Start LSNs sharing their low bits, as 16 MB WAL segments do, spread over more than two
  // 11-bit digits of what is left; with duplicates, ties and a FAILED copy.
  function archive(step: bigint, count: number) {
    const base = 0x1234_5678_0000_0000n;
    const list = [];
    for (let i = 0; i < count; i++) {
      const s = base + BigInt((i * 7_919) % 5_000_000) * step;
      list.push(seg(`s${i}`, "10:00", "10:05", s, s + step));
      if (i % 5 === 0) list.push(seg(`t${i}`, "10:00", "10:04", s, s + step / 2n));
      if (i % 7 === 0) list.push(seg(`s${i}`, "10:00", "10:05", s, s + step, { status: "FAILED" }));
    }
    return list;
  }

  function snapshot(list: ReturnType<typeof archive>) {
    const c = completedOf(list);
    return [Array.from(c.sHi), Array.from(c.sLo), Array.from(c.eLo), Array.from(c.reach)];
  }

  it.each([
    ["below 2^32", 1n << 24n],
    ["above 2^32", 1n << 40n],
    ["odd", 3n],
  ])("gives the order of the sorted input whatever the input order (step %s)", (_, step) => {
    const list = archive(step, 3_000);
    const sorted = [...list].sort((x, y) =>
      BigInt(x.startLsn) < BigInt(y.startLsn) ? -1 : BigInt(x.startLsn) > BigInt(y.startLsn) ? 1 : 0,
    );
    const expected = snapshot(sorted);
    const starts = expected[0]!.map((h, k) => (BigInt(h) << 32n) + BigInt(expected[1]![k]!));
    expect(starts).toEqual([...starts].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)));
    expect(snapshot(list)).toEqual(expected);
    expect(snapshot([...list].reverse())).toEqual(expected);
  });
});
