import { describe, expect, it } from "vitest";
import { bucketAt, linearScale, moveBrush, runsOf } from "./timeline-geometry";
import type { Sample } from "./timeline-samples";

const sample = (t: number, on: Partial<Pick<Sample, "recoverable" | "logs" | "gap">> = {}): Sample => ({
  t,
  end: t + 10,
  recoverable: 0,
  logs: 0,
  gap: 0,
  gapMessage: null,
  gapCause: null,
  ...on,
});

describe("linearScale", () => {
  it("maps the domain onto the range and back", () => {
    const x = linearScale(1000, 2000, 10, 110);
    expect(x(1000)).toBe(10);
    expect(x(1500)).toBe(60);
    expect(x(2000)).toBe(110);
    expect(x.invert(60)).toBe(1500);
  });
  it("runs downwards when the range does (the plot's vertical scale)", () => {
    const y = linearScale(0, 2, 200, 0);
    expect(y(0)).toBe(200);
    expect(y(1)).toBe(100);
    expect(y.invert(50)).toBe(1.5);
  });
  it("maps an empty domain to the range's start instead of dividing by zero", () => {
    const x = linearScale(5, 5, 10, 110);
    expect(x(5)).toBe(10);
    expect(x.invert(80)).toBe(5);
  });
});

describe("runsOf", () => {
  it("merges consecutive buckets into one span from the first start to the last end", () => {
    const s = [sample(0, { logs: 1 }), sample(10, { logs: 1 }), sample(20), sample(30, { logs: 1 })];
    expect(runsOf(s, (x) => x.logs === 1)).toEqual([
      { from: 0, to: 20 },
      { from: 30, to: 40 },
    ]);
  });
  it("is empty when no bucket qualifies", () => {
    expect(runsOf([sample(0), sample(10)], (x) => x.gap === 1)).toEqual([]);
  });
});

describe("bucketAt", () => {
  const s = [sample(0), sample(10), sample(20)];
  it("finds the bucket whose start is the last at or before the instant", () => {
    expect(bucketAt(s, 0)).toBe(0);
    expect(bucketAt(s, 9)).toBe(0);
    expect(bucketAt(s, 10)).toBe(1);
    expect(bucketAt(s, 25)).toBe(2);
  });
  it("clamps to the first and last bucket", () => {
    expect(bucketAt(s, -5)).toBe(0);
    expect(bucketAt(s, 99)).toBe(2);
    expect(bucketAt([], 5)).toBe(-1);
  });
});

describe("moveBrush", () => {
  it("moves one end and never lets the window close or leave the buckets", () => {
    expect(moveBrush({ start: 0, end: 9 }, 10, "start", 3)).toEqual({ start: 3, end: 9 });
    expect(moveBrush({ start: 0, end: 9 }, 10, "start", 50)).toEqual({ start: 8, end: 9 });
    expect(moveBrush({ start: 0, end: 9 }, 10, "start", -5)).toEqual({ start: 0, end: 9 });
    expect(moveBrush({ start: 2, end: 9 }, 10, "end", -50)).toEqual({ start: 2, end: 3 });
    expect(moveBrush({ start: 2, end: 5 }, 10, "end", 50)).toEqual({ start: 2, end: 9 });
  });
  it("pans the whole window, keeping its width, up to either edge", () => {
    expect(moveBrush({ start: 2, end: 5 }, 10, "both", 3)).toEqual({ start: 5, end: 8 });
    expect(moveBrush({ start: 2, end: 5 }, 10, "both", 30)).toEqual({ start: 6, end: 9 });
    expect(moveBrush({ start: 2, end: 5 }, 10, "both", -30)).toEqual({ start: 0, end: 3 });
  });
});
