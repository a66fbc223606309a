import { describe, expect, it } from "vitest";
import { analyzeRecoverability } from "./analyze";
import { at, backup, pitr, run, seg } from "./test-fixtures";
import type { BackupRecord, LogSegment, Recoverability } from "./types";

const full = (id: string, time: string, lsn: number | bigint | null, extra: Partial<Parameters<typeof backup>[2]> = {}) =>
  backup(id, null, { time, lsn, ...extra });

function analyze(backups: BackupRecord[], segments: LogSegment[]): Recoverability {
  return analyzeRecoverability(pitr(backups, segments));
}

function windowsOf(a: Recoverability): [string, string, string][] {
  return a.windows.map((w) => [w.baseId, w.start, w.end]);
}

describe("analyzeRecoverability: windows", () => {
  it("empty input: nothing recoverable, no gaps, no timelines", () => {
    expect(analyze([], [])).toEqual({
      capability: "pitr",
      bases: [],
      windows: [],
      recoverable: [],
      earliest: null,
      latest: null,
      gaps: [],
      timelines: [],
    });
  });

  it("a base replays contiguous segments to the end of the last one", () => {
    // 10:00–10:30, LSN 0–600 in six 5-minute segments; the base is consistent at 10:02, LSN 50.
    const a = analyze([full("f", "10:02", 50)], run("s", "10:00", 6));
    expect(a.windows).toEqual([{ baseId: "f", timeline: 1, start: at("10:02"), end: at("10:30"), startLsn: "50", endLsn: "600" }]);
    expect(a.recoverable).toEqual([{ start: at("10:02"), end: at("10:30") }]);
    expect([a.earliest, a.latest]).toEqual([at("10:02"), at("10:30")]);
    expect(a.gaps).toEqual([]);
  });

  it.each([
    ["at a segment's start LSN", 0, "10:00"],
    ["at a boundary, held by both neighbours", 100, "10:05"],
    ["at the very last end LSN", 600, "10:30"],
  ])("holder lookup is closed (start_lsn <= lsn <= end_lsn): %s", (_why, lsn, time) => {
    const a = analyze([full("f", time, lsn)], run("s", "10:00", 6));
    expect(windowsOf(a)).toEqual([["f", at(time), at("10:30")]]);
  });

  it("no segment holds the consistent LSN: the window is the instant", () => {
    const a = analyze([full("f", "10:02", 5000)], run("s", "10:00", 6));
    expect(a.windows).toEqual([{ baseId: "f", timeline: 1, start: at("10:02"), end: at("10:02"), startLsn: null, endLsn: null }]);
    expect(a.recoverable).toEqual([{ start: at("10:02"), end: at("10:02") }]);
  });

  it("segments of another timeline do not extend a base", () => {
    const a = analyze([full("f", "10:02", 50, { timeline: 2 })], run("s", "10:00", 6));
    expect(windowsOf(a)).toEqual([["f", at("10:02"), at("10:02")]]);
  });

  it("a segment that ends before the base's consistent time leaves the instant", () => {
    const a = analyze([full("f", "11:00", 50)], run("s", "10:00", 1));
    expect(windowsOf(a)).toEqual([["f", at("11:00"), at("11:00")]]);
  });

  it("a missing segment stops the window and is a gap with its cause and message", () => {
    const segs = run("s", "10:00", 6).filter((s) => s.id !== "s1");
    const a = analyze([full("f", "10:02", 50)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:02"), at("10:05")]]);
    expect(a.gaps).toEqual([
      {
        start: at("10:05"),
        end: at("10:10"),
        timeline: 1,
        cause: "missing-segment",
        durationSeconds: 300,
        message: "5-minute gap in the transaction log, 10:05:00–10:10:00 UTC (missing segment)",
      },
    ]);
  });

  it("a FAILED segment stops the window and is a failed-segment gap", () => {
    const segs = run("s", "10:00", 6).map((s) => (s.id === "s2" ? { ...s, status: "FAILED" } : s));
    const a = analyze([full("f", "10:02", 50)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:02"), at("10:10")]]);
    expect(a.gaps.map((g) => [g.cause, g.start, g.end, g.message])).toEqual([
      ["failed-segment", at("10:10"), at("10:15"), "5-minute gap in the transaction log, 10:10:00–10:15:00 UTC (failed segment)"],
    ]);
  });

  it("a FAILED segment at the end of the archive is a gap even with nothing after it", () => {
    const segs = [...run("s", "10:00", 2), seg("x", "10:10", "10:15", 200, 300, { status: "FAILED" })];
    const a = analyze([full("f", "10:02", 50)], segs);
    expect(a.gaps.map((g) => [g.cause, g.start, g.end])).toEqual([["failed-segment", at("10:10"), at("10:15")]]);
  });

  it("an LSN jump where times touch is a discontinuity at the instant the log stops", () => {
    const segs = [seg("a", "10:00", "10:05", 0, 100), seg("b", "10:05", "10:10", 150, 250)];
    const a = analyze([full("f", "10:01", 10)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:01"), at("10:05")]]);
    expect(a.gaps).toEqual([
      {
        start: at("10:05"),
        end: at("10:05"),
        timeline: 1,
        cause: "lsn-discontinuity",
        durationSeconds: 0,
        message: "LSN discontinuity in the transaction log at 2026-11-20 10:05:00 UTC (the log stops at LSN 100 and resumes at LSN 150)",
      },
    ]);
  });

  it("an LSN overlap (the next segment starts before the previous ends) is a discontinuity too", () => {
    const segs = [seg("a", "10:00", "10:05", 0, 100), seg("b", "10:04", "10:10", 90, 250)];
    const a = analyze([full("f", "10:01", 10)], segs);
    // b holds LSN 90..250 but a does not lead into it; from f only a is replayable.
    expect(windowsOf(a)).toEqual([["f", at("10:01"), at("10:05")]]);
    expect(a.gaps.map((g) => [g.cause, g.start, g.end])).toEqual([["lsn-discontinuity", at("10:05"), at("10:05")]]);
  });

  it("a base inside an overlap reaches the furthest of the segments holding it", () => {
    const segs = [seg("a", "10:00", "10:05", 0, 100), seg("b", "10:04", "10:10", 90, 250), seg("c", "10:10", "10:20", 250, 300)];
    const a = analyze([full("f", "10:04:30", 95)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:04:30"), at("10:20")]]);
  });

  it("with two successors for one end LSN, the window reaches the one going furthest", () => {
    const segs = [
      seg("a", "10:00", "10:05", 0, 100),
      seg("short", "10:05", "10:07", 100, 150),
      seg("long", "10:05", "10:10", 100, 200),
      seg("next", "10:10", "10:15", 200, 300),
    ];
    const a = analyze([full("f", "10:01", 10)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:01"), at("10:15")]]);
    expect(a.gaps).toEqual([]);
  });

  it("zero-length segments are contiguous with what starts at their LSN and end no loop", () => {
    const segs = [seg("a", "10:00", "10:05", 0, 100), seg("z", "10:05", "10:05", 100, 100), seg("b", "10:05", "10:10", 100, 200)];
    const a = analyze([full("f", "10:05", 100)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:05"), at("10:10")]]);
  });

  it("a stray segment inside already covered time adds no gap", () => {
    const segs = [
      seg("long", "10:00", "10:30", 0, 300),
      seg("stray", "10:10", "10:15", 1000, 1100),
      seg("next", "10:30", "10:35", 300, 400),
    ];
    const a = analyze([full("f", "10:01", 10)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:01"), at("10:35")]]);
    expect(a.gaps).toEqual([]);
    expect(a.timelines[0]?.coverage).toEqual([{ start: at("10:00"), end: at("10:35") }]);
  });

  it("a BUILDING segment is neither coverage nor a gap", () => {
    const segs = [...run("s", "10:00", 2), seg("w", "10:10", "10:12", 200, 230, { status: "BUILDING" })];
    const a = analyze([full("f", "10:02", 50)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:02"), at("10:10")]]);
    expect(a.gaps).toEqual([]);
    expect(a.timelines[0]).toMatchObject({
      segmentCount: 3,
      firstLogTime: at("10:00"),
      lastLogTime: at("10:12"),
      coverage: [{ start: at("10:00"), end: at("10:10") }],
    });
  });

  it("segments that cannot be parsed are treated as missing", () => {
    const segs = run("s", "10:00", 3).map((s) => (s.id === "s1" ? { ...s, endLsn: "not-a-number" } : s));
    const a = analyze([full("f", "10:02", 50)], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:02"), at("10:05")]]);
    expect(a.gaps.map((g) => g.cause)).toEqual(["missing-segment"]);
  });

  it("handles LSNs beyond 2^53 exactly", () => {
    const base = 18_446_744_073_709_551_000n;
    const segs = [
      seg("a", "10:00", "10:05", base, base + 1n),
      seg("b", "10:05", "10:10", base + 1n, base + 2n),
      seg("c", "10:10", "10:15", base + 3n, base + 4n),
    ];
    const a = analyze([full("f", "10:01", base)], segs);
    expect(a.windows[0]).toMatchObject({ end: at("10:10"), startLsn: String(base), endLsn: String(base + 2n) });
    expect(a.gaps[0]?.message).toContain(`stops at LSN ${base + 2n} and resumes at LSN ${base + 3n}`);
  });
});

describe("analyzeRecoverability: union, gaps and summaries", () => {
  it("windows merge into a sorted union; overlaps and one-second neighbours join", () => {
    const segs = [...run("s", "10:00", 2), seg("t", "10:10:01", "10:20", 300, 400), seg("u", "11:00", "11:05", 500, 600)];
    const a = analyze(
      [full("f", "10:00", 0), backup("i", "f", { time: "10:03", lsn: 60 }), full("g", "10:10:01", 300), full("h", "11:01", 550)],
      segs,
    );
    expect(a.recoverable).toEqual([
      { start: at("10:00"), end: at("10:20") },
      { start: at("11:01"), end: at("11:05") },
    ]);
  });

  it("a base inside a log gap splits the gap around its instant", () => {
    const segs = [seg("a", "10:00", "10:05", 0, 100), seg("b", "10:15", "10:20", 200, 300)];
    const a = analyze([full("f", "10:01", 10), full("mid", "10:09", 150), full("g", "10:15", 200)], segs);
    expect(a.gaps.map((g) => [g.start, g.end, g.message])).toEqual([
      [at("10:05"), at("10:09"), "4-minute gap in the transaction log, 10:05:00–10:09:00 UTC (missing segment)"],
      [at("10:09"), at("10:15"), "6-minute gap in the transaction log, 10:09:00–10:15:00 UTC (missing segment)"],
    ]);
  });

  it("a broken chain is a gap where only the unusable base would have reached", () => {
    // f covers 10:01–10:05; the log then resumes at 10:10 without a usable base until g at 10:20.
    const segs = [seg("a", "10:00", "10:05", 0, 100), ...run("r", "10:10", 4, { lsn: 200 })];
    const backups = [
      full("f", "10:01", 10),
      full("bad", "10:09", 150, { status: "FAILED", name: "full-2" }),
      backup("inc", "bad", { time: "10:12", lsn: 250, name: "inc-3" }),
      full("g", "10:20", 400),
    ];
    const a = analyze(backups, segs);
    const broken = a.gaps.filter((g) => g.cause === "broken-chain");
    expect(broken).toEqual([
      {
        start: at("10:12"),
        end: at("10:20"),
        timeline: 1,
        cause: "broken-chain",
        durationSeconds: 480,
        message:
          "8-minute gap without a restorable base backup, 10:12:00–10:20:00 UTC (broken backup chain: backup 'inc-3' cannot be restored, parent backup 'full-2' is FAILED)",
      },
    ]);
    expect(a.gaps.find((g) => g.cause === "missing-segment")).toMatchObject({ start: at("10:05"), end: at("10:10") });
  });

  it("summarises each timeline: coverage runs, counts, first and last log time, windows", () => {
    const segs = [...run("s", "10:00", 2), ...run("t", "10:20", 2, { lsn: 500 }), ...run("u", "10:12", 3, { lsn: 150, timeline: 2 })];
    const a = analyze([full("f", "10:01", 10), full("g", "10:13", 200, { timeline: 2 })], segs);
    expect(a.timelines).toEqual([
      {
        timeline: 1,
        coverage: [
          { start: at("10:00"), end: at("10:10") },
          { start: at("10:20"), end: at("10:30") },
        ],
        segmentCount: 4,
        firstLogTime: at("10:00"),
        lastLogTime: at("10:30"),
        windows: [{ start: at("10:01"), end: at("10:10") }],
      },
      {
        timeline: 2,
        coverage: [{ start: at("10:12"), end: at("10:27") }],
        segmentCount: 3,
        firstLogTime: at("10:12"),
        lastLogTime: at("10:27"),
        windows: [{ start: at("10:13"), end: at("10:27") }],
      },
    ]);
    expect(a.gaps.map((g) => [g.timeline, g.start, g.end])).toEqual([[1, at("10:10"), at("10:13")]]);
  });

  it("duplicated backups and segments change nothing", () => {
    const backups = [full("f", "10:02", 50), backup("i", "f", { time: "10:12", lsn: 250 })];
    const segs = run("s", "10:00", 6).filter((s) => s.id !== "s3");
    const once = analyze(backups, segs);
    const twice = analyze([...backups, ...backups], [...segs, ...segs.slice(0, 3), ...segs]);
    expect(twice).toEqual(once);
  });

  it("a segment listed BUILDING then COMPLETED (pages shifted) counts once, as COMPLETED", () => {
    const segs = run("s", "10:00", 2);
    const stale = { ...segs[1]!, status: "BUILDING", end: at("10:07"), endLsn: "150" };
    const a = analyze([full("f", "10:02", 50)], [stale, ...segs]);
    expect(a.timelines[0]?.segmentCount).toBe(2);
    expect(windowsOf(a)).toEqual([["f", at("10:02"), at("10:10")]]);
  });

  it("accepts times with offsets and zone-less times and answers in UTC", () => {
    const segs = [{ ...seg("a", "10:00", "10:05", 0, 100), start: "2026-11-21T00:00:00+14:00", end: "2026-11-19T22:05:00-12:00" }];
    const b = { ...full("f", "10:01", 10), consistentTime: "2026-11-20T10:01:00" };
    const a = analyze([b], segs);
    expect(windowsOf(a)).toEqual([["f", at("10:01"), at("10:05")]]);
  });

  it("is plain JSON data", () => {
    const a = analyze([full("f", "10:02", 50)], run("s", "10:00", 3));
    expect(JSON.parse(JSON.stringify(a))).toEqual(a);
  });
});

describe("analyzeRecoverability: stock Trove", () => {
  it("every restorable backup is an instant at its `updated` time; segments are ignored", () => {
    const stock = (b: BackupRecord): BackupRecord => ({ ...b, consistentLsn: null, consistentTime: null, timeline: null });
    const backups = [
      stock(full("f", "10:00", null, { updated: "10:00:10" })),
      stock(backup("i", "f", { time: "14:00", lsn: null, updated: "14:00:12" })),
      stock(backup("j", "x", { time: "18:00", lsn: null })),
    ];
    const a = analyzeRecoverability({ capability: "stock", backups, segments: run("s", "10:00", 3) });
    expect(a.windows).toEqual([
      { baseId: "f", timeline: null, start: at("10:00:10"), end: at("10:00:10"), startLsn: null, endLsn: null },
      { baseId: "i", timeline: null, start: at("14:00:12"), end: at("14:00:12"), startLsn: null, endLsn: null },
    ]);
    expect(a.recoverable).toEqual([
      { start: at("10:00:10"), end: at("10:00:10") },
      { start: at("14:00:12"), end: at("14:00:12") },
    ]);
    expect(a.gaps).toEqual([]);
    expect(a.timelines).toEqual([]);
    expect(a.bases.find((b) => b.backupId === "j")?.reasonCode).toBe("missing-ancestor");
  });
});

describe("analyzeRecoverability: recorded answers of a real Trove 18", () => {
  // /work/shared/real-trove/samples/backups.json, reshaped: newest first, zone-less UTC times.
  const recorded: BackupRecord[] = [
    {
      id: "b5b2a3fd-304d-4430-b877-be53db8f59f7",
      name: "inc-2",
      status: "COMPLETED",
      parentId: "1d464ac5-d55d-4faf-9555-806663101d34",
      created: "2026-11-23T23:40:28",
      updated: "2026-11-23T23:40:38",
    },
    {
      id: "1d464ac5-d55d-4faf-9555-806663101d34",
      name: "inc-1",
      status: "COMPLETED",
      parentId: "90ccf616-f42d-4132-bb97-4dd04269b311",
      created: "2026-11-23T23:40:18",
      updated: "2026-11-23T23:40:28",
    },
    {
      id: "90ccf616-f42d-4132-bb97-4dd04269b311",
      name: "full-1",
      status: "COMPLETED",
      parentId: null,
      created: "2026-11-23T23:40:07",
      updated: "2026-11-23T23:40:18",
    },
  ];

  it("offers each backup of a full + incremental chain as an instant at its `updated` time", () => {
    const a = analyzeRecoverability({ capability: "stock", backups: recorded, segments: [] });
    expect(a.recoverable.map((i) => i.start)).toEqual(["2026-11-23T23:40:18Z", "2026-11-23T23:40:28Z", "2026-11-23T23:40:38Z"]);
    expect(a.bases.find((b) => b.name === "inc-2")?.chain).toEqual([
      "90ccf616-f42d-4132-bb97-4dd04269b311",
      "1d464ac5-d55d-4faf-9555-806663101d34",
      "b5b2a3fd-304d-4430-b877-be53db8f59f7",
    ]);
  });

  it("after the full backup is deleted (Trove deletes its incrementals too), a stale list is judged safely", () => {
    // backup-delete-parent-of-incremental.json: 202; the incremental then answers 404. A list
    // fetched mid-way may still show an incremental whose parent is gone.
    const a = analyzeRecoverability({ capability: "stock", backups: recorded.slice(0, 2), segments: [] });
    expect(a.windows).toEqual([]);
    expect(a.bases.map((b) => [b.name, b.reasonCode, b.reason])).toEqual([
      ["inc-1", "missing-ancestor", "parent backup 90ccf616-f42d-4132-bb97-4dd04269b311 no longer exists"],
      ["inc-2", "missing-ancestor", "ancestor backup 90ccf616-f42d-4132-bb97-4dd04269b311 no longer exists"],
    ]);
  });
});
