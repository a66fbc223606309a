import { describe, expect, it } from "vitest";
import { analyzeArchive, analyzeRecoverability } from "./analyze";
import { explainPoint } from "./explain";
import { at, backup, pitr, run, seg } from "./test-fixtures";
import type { PointVerdict, RecoveryInput } from "./types";

// Log 10:00–10:05 (LSN 0–100), missing 10:05–10:12, then 10:12–10:32 (LSN 200–600) in 5-minute
// segments. Bases: f at 10:01 (LSN 10), i (incremental on f) at 10:14 (LSN 240), g at 10:20 (LSN 360).
const segments = [seg("a", "10:00", "10:05", 0, 100), ...run("r", "10:12", 4, { lsn: 200 })];
const input: RecoveryInput = pitr(
  [
    backup("f", null, { time: "10:01", lsn: 10, name: "full-1" }),
    backup("i", "f", { time: "10:14", lsn: 240, name: "inc-1" }),
    backup("g", null, { time: "10:20", lsn: 360, name: "full-2" }),
  ],
  segments,
);
const { analysis, archive } = analyzeArchive(input);

function refused(v: PointVerdict) {
  if (v.recoverable) throw new Error(`expected a refusal, got base ${v.base.backupId}`);
  return v;
}

function accepted(v: PointVerdict) {
  if (!v.recoverable) throw new Error(`expected recoverable, got ${v.code}: ${v.reason}`);
  return v;
}

describe("explainPoint", () => {
  it("a point in a window is recoverable from the base whose window holds it", () => {
    const v = accepted(explainPoint(analysis, at("10:03")));
    expect(v.point).toBe(at("10:03"));
    expect(v.base.backupId).toBe("f");
    expect(v.window).toEqual({ baseId: "f", timeline: 1, start: at("10:01"), end: at("10:05"), startLsn: "10", endLsn: "100" });
  });

  it("picks the latest base whose window holds the point", () => {
    expect(accepted(explainPoint(analysis, at("10:16"))).base.backupId).toBe("i");
    expect(accepted(explainPoint(analysis, at("10:25"))).base.backupId).toBe("g");
    // At g's own consistent instant both i and g hold it: g is the later base.
    expect(accepted(explainPoint(analysis, at("10:20"))).base.backupId).toBe("g");
  });

  it("between bases consistent at the same second, the higher consistent LSN wins, held by a segment or not", () => {
    // b0 (LSN 2) is held by no segment: its window is the instant, with no LSN range of its own.
    const tie = analyzeRecoverability(
      pitr(
        [backup("b0", null, { time: "10:00", lsn: 2 }), backup("b1", null, { time: "10:00", lsn: 0 })],
        [seg("s", "10:00", "10:00", 0, 1)],
      ),
    );
    expect(accepted(explainPoint(tie, at("10:00"))).base.backupId).toBe("b0");
  });

  it("with the archive, says which LSNs and how many segments to replay", () => {
    const v = accepted(explainPoint(analysis, at("10:28"), archive));
    // g (LSN 360) sits in r1 (10:17–10:22, LSN 300–400); 10:28 is in r3: r1, r2, r3.
    expect(v.replay).toEqual({ timeline: 1, fromLsn: "360", toLsn: "600", from: at("10:20"), to: at("10:28"), segmentCount: 3 });
    // A point on a segment's end needs nothing after it.
    const w = accepted(explainPoint(analysis, at("10:17:00"), archive));
    expect(w.replay).toEqual({ timeline: 1, fromLsn: "240", toLsn: "300", from: at("10:14"), to: at("10:17"), segmentCount: 1 });
    const x = accepted(explainPoint(analysis, at("10:17:01"), archive));
    expect(x.replay).toMatchObject({ toLsn: "400", segmentCount: 2 });
  });

  it("replay is null at the base's own instant, and without the archive", () => {
    expect(accepted(explainPoint(analysis, at("10:14"), archive)).replay).toBeNull();
    expect(accepted(explainPoint(analysis, at("10:28"))).replay).toBeNull();
  });

  it("still describes the replay after other analyses: an archive is its holder's alone", () => {
    analyzeArchive(pitr([backup("x", null, { time: "09:00", lsn: 1 })], run("z", "09:00", 50)));
    expect(accepted(explainPoint(analysis, at("10:28"), archive)).replay).toMatchObject({ toLsn: "600", segmentCount: 3 });
  });

  it("an archive handed to a later analysis is refused, and the later one answers", () => {
    const own = analyzeArchive(input);
    const next = analyzeArchive(input, own.archive);
    expect(own.archive.index.live).toBe(false);
    expect(() => explainPoint(own.analysis, at("10:28"), own.archive)).toThrow(/recycled/);
    expect(accepted(explainPoint(next.analysis, at("10:28"), next.archive)).replay).toMatchObject({ toLsn: "600", segmentCount: 3 });
  });

  it("window bounds are closed", () => {
    expect(explainPoint(analysis, at("10:01")).recoverable).toBe(true);
    expect(explainPoint(analysis, at("10:05")).recoverable).toBe(true);
    expect(explainPoint(analysis, at("10:32")).recoverable).toBe(true);
    expect(explainPoint(analysis, at("10:00:59")).recoverable).toBe(false);
    expect(explainPoint(analysis, at("10:05:01")).recoverable).toBe(false);
    expect(explainPoint(analysis, at("10:32:01")).recoverable).toBe(false);
  });

  it("a point in a gap names the gap and the nearest recoverable points", () => {
    const v = refused(explainPoint(analysis, at("10:07")));
    expect(v).toMatchObject({ code: "in-gap", nearestBefore: at("10:05"), nearestAfter: at("10:14") });
    expect(v.gap).toMatchObject({ cause: "missing-segment", start: at("10:05"), end: at("10:12") });
    expect(v.reason).toBe(
      "2026-11-20T10:07:00Z is not recoverable: it falls in a 7-minute gap in the transaction log, 10:05:00–10:12:00 UTC (missing segment). The nearest recoverable points are 2026-11-20T10:05:00Z and 2026-11-20T10:14:00Z.",
    );
  });

  it("logged but before any base on that log: not covered", () => {
    const v = refused(explainPoint(analysis, at("10:13")));
    expect(v).toMatchObject({ code: "not-covered", nearestBefore: at("10:05"), nearestAfter: at("10:14") });
    expect(v.reason).toMatch(/no restorable base backup's window holds it/);
  });

  it.each([
    ["before the earliest point", "09:00", "before-earliest", null, at("10:01")],
    ["after the latest point", "11:00", "after-latest", at("10:32"), null],
  ])("%s", (_why, clock, code, before, after) => {
    const v = refused(explainPoint(analysis, at(clock)));
    expect(v).toMatchObject({ code, nearestBefore: before, nearestAfter: after });
  });

  it("reads offsets and sub-seconds, answering in UTC", () => {
    expect(accepted(explainPoint(analysis, "2026-11-21T00:03:00.900+14:00")).point).toBe(at("10:03"));
    expect(accepted(explainPoint(analysis, "2026-11-19T22:03:00-12:00")).point).toBe(at("10:03"));
    expect(accepted(explainPoint(analysis, "2026-11-20T10:03:00")).point).toBe(at("10:03"));
  });

  it("refuses what is not a time", () => {
    const v = refused(explainPoint(analysis, "tomorrow"));
    expect(v).toMatchObject({ code: "invalid-time", point: "tomorrow", nearestBefore: null, nearestAfter: null });
  });

  it("without a restorable base nothing is recoverable, and says so", () => {
    const none = analyzeRecoverability(pitr([backup("f", null, { time: "10:00", lsn: 1, status: "FAILED" })], segments));
    expect(refused(explainPoint(none, at("10:03")))).toMatchObject({ code: "no-restorable-base", nearestBefore: null, nearestAfter: null });
    const empty = analyzeRecoverability(pitr([], []));
    expect(refused(explainPoint(empty, at("10:03"))).reason).toMatch(/no backups yet/);
  });

  it("works on the analysis after a JSON round trip (the browser's copy)", () => {
    const copy = JSON.parse(JSON.stringify(analysis)) as typeof analysis;
    for (const clock of ["10:03", "10:07", "10:13", "10:25", "11:00"]) {
      expect(explainPoint(copy, at(clock))).toEqual(explainPoint(analysis, at(clock)));
    }
  });

  it("on stock Trove only the backups' instants are recoverable", () => {
    const stock = analyzeRecoverability({
      capability: "stock",
      backups: [
        { id: "f", name: "full-1", status: "COMPLETED", parentId: null, created: "2026-11-20T09:59:50", updated: "2026-11-20T10:00:00" },
      ],
      segments: [],
    });
    expect(accepted(explainPoint(stock, at("10:00"))).replay).toBeNull();
    const v = refused(explainPoint(stock, at("10:00:01")));
    expect(v).toMatchObject({ code: "after-latest", nearestBefore: at("10:00") });
    const two = analyzeRecoverability({
      capability: "stock",
      backups: [
        { id: "f", name: "full-1", status: "COMPLETED", parentId: null, created: "2026-11-20T09:59:50", updated: "2026-11-20T10:00:00" },
        { id: "g", name: "full-2", status: "COMPLETED", parentId: null, created: "2026-11-20T11:59:50", updated: "2026-11-20T12:00:00" },
      ],
      segments: [],
    });
    const between = refused(explainPoint(two, at("11:00")));
    expect(between).toMatchObject({ code: "not-covered", nearestBefore: at("10:00"), nearestAfter: at("12:00") });
    expect(between.reason).toMatch(/only the instants at which backups completed can be restored/);
  });

  it("a point on an LSN discontinuity that no base reaches names the discontinuity", () => {
    const segs = [seg("a", "10:00", "10:05", 0, 100), seg("b", "10:05", "10:10", 150, 250)];
    const a = analyzeRecoverability(
      pitr([backup("f", null, { time: "10:01", lsn: 10 }), backup("g", null, { time: "10:07", lsn: 200 })], segs),
    );
    expect(explainPoint(a, at("10:05")).recoverable).toBe(true);
    const v = refused(explainPoint(a, at("10:06")));
    expect(v.code).toBe("not-covered");
  });
});
