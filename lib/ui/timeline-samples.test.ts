import { describe, expect, it } from "vitest";
import type { TimelineResponse } from "@/lib/api/schemas";
import { buildSamples, rangeFor, recoverableDays, snapToRecoverable } from "./timeline-samples";

const tl: TimelineResponse = {
  instanceId: "i",
  capability: "pitr",
  generatedAt: "2026-11-20T12:00:00Z",
  bases: [],
  windows: [],
  recoverable: [
    { start: "2026-11-20T00:00:00Z", end: "2026-11-20T10:05:00Z" },
    { start: "2026-11-20T10:12:00Z", end: "2026-11-20T11:55:00Z" },
  ],
  earliest: "2026-11-20T00:00:00Z",
  latest: "2026-11-20T11:55:00Z",
  gaps: [
    {
      start: "2026-11-20T10:05:00Z",
      end: "2026-11-20T10:12:00Z",
      timeline: 1,
      cause: "missing-segment",
      durationSeconds: 420,
      message: "7-minute gap",
    },
  ],
  timelines: [
    {
      timeline: 1,
      coverage: [{ start: "2026-11-19T23:00:00Z", end: "2026-11-20T11:55:00Z" }],
      segmentCount: 10,
      firstLogTime: "2026-11-19T23:00:00Z",
      lastLogTime: "2026-11-20T11:55:00Z",
      windows: [],
    },
  ],
};

describe("timeline samples", () => {
  it("keeps a 7-minute gap visible at 14-day scale (a bucket that touches it is red)", () => {
    const to = Date.parse("2026-11-20T12:00:00Z");
    const samples = buildSamples(tl, to - 14 * 86_400_000, to, 360);
    expect(samples).toHaveLength(360);
    expect(samples.filter((s) => s.gap === 1).length).toBeGreaterThanOrEqual(1);
    expect(samples.find((s) => s.gap === 1)?.gapMessage).toBe("7-minute gap");
    expect(samples[0]!.recoverable).toBe(0);
    expect(samples.at(-1)!.recoverable).toBe(1);
  });

  it("snaps a click into the recoverable part of its bucket", () => {
    const from = Date.parse("2026-11-20T10:00:00Z");
    const to = Date.parse("2026-11-20T10:10:00Z");
    expect(new Date(snapToRecoverable(tl, from, to)).toISOString()).toBe("2026-11-20T10:05:00.000Z");
    const inside = snapToRecoverable(tl, Date.parse("2026-11-20T09:00:00Z"), Date.parse("2026-11-20T09:10:00Z"));
    expect(new Date(inside).toISOString()).toBe("2026-11-20T09:05:00.000Z");
  });

  it("ranges end at the timeline's now; 'all' starts before the first log", () => {
    expect(rangeFor(tl, "24h").to - rangeFor(tl, "24h").from).toBe(86_400_000);
    expect(rangeFor(tl, "all").from).toBeLessThan(Date.parse("2026-11-19T23:00:00Z"));
  });

  it("lists the calendar days with recoverable time in a zone", () => {
    const days = recoverableDays(tl, (ms) => new Date(ms + 14 * 3_600_000).toISOString().slice(0, 10));
    expect([...days].sort()).toEqual(["2026-11-20", "2026-11-21"]);
  });
});
