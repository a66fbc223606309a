import { describe, expect, it } from "vitest";
import { axisInstant, axisTicks, labelWidthPx, startOfDayIn, type AxisTick } from "./time-axis";

const at = (iso: string) => Date.parse(iso);
const iso = (t: AxisTick) => new Date(t.t).toISOString().replace(".000Z", "Z");

function expectNoOverlap(ticks: readonly AxisTick[], from: number, to: number, width: number) {
  const x = (t: number) => ((t - from) / (to - from)) * width;
  for (let i = 1; i < ticks.length; i++) {
    const a = ticks[i - 1]!;
    const b = ticks[i]!;
    expect(x(b.t) - labelWidthPx(b.label) / 2, `${a.label} | ${b.label}`).toBeGreaterThan(x(a.t) + labelWidthPx(a.label) / 2);
  }
}

describe("axisTicks", () => {
  it("a week: every midnight in the zone, labelled with its date", () => {
    const to = at("2026-11-20T10:00:00Z");
    const from = to - 7 * 86_400_000;
    const ticks = axisTicks(from, to, "Europe/Berlin", 900);
    const midnights = ticks.filter((t) => t.midnight);
    expect(midnights.map((t) => t.label)).toEqual([
      "Sat 14 Nov",
      "Sun 15 Nov",
      "Mon 16 Nov",
      "Tue 17 Nov",
      "Wed 18 Nov",
      "Thu 19 Nov",
      "Fri 20 Nov",
    ]);
    // Midnight in Berlin (CET, UTC+1) is 23:00 UTC the day before.
    expect(midnights.map(iso)[0]).toBe("2026-11-13T23:00:00Z");
    expect(ticks.every((t) => t.midnight || t.label === "12:00")).toBe(true);
    expectNoOverlap(ticks, from, to, 900);
  });

  it("a week in UTC moves the midnights", () => {
    const to = at("2026-11-20T10:00:00Z");
    const ticks = axisTicks(to - 7 * 86_400_000, to, "UTC", 900).filter((t) => t.midnight);
    expect(ticks.map(iso)[0]).toBe("2026-11-14T00:00:00Z");
  });

  it("a day: whole hours in steps of 1, 2, 3 or 6 h by width, the date at midnight", () => {
    const to = at("2026-11-20T10:00:00Z");
    const from = to - 86_400_000;
    const wide = axisTicks(from, to, "Europe/Berlin", 1200);
    const narrow = axisTicks(from, to, "Europe/Berlin", 500);
    for (const ticks of [wide, narrow]) {
      expect(ticks.filter((t) => t.midnight).map((t) => t.label)).toEqual(["Fri 20 Nov"]);
      for (const t of ticks.filter((t) => !t.midnight)) expect(t.label).toMatch(/^\d\d:00$/);
    }
    expect(wide.length).toBeGreaterThan(narrow.length);
    const hours = (ticks: AxisTick[]) => ticks.filter((t) => !t.midnight).map((t) => Number(t.label.slice(0, 2)));
    expect(hours(narrow).every((h) => h % 6 === 0)).toBe(true);
    expect(hours(wide).every((h) => h % 2 === 0)).toBe(true);
    expectNoOverlap(wide, from, to, 1200);
    expectNoOverlap(narrow, from, to, 500);
  });

  it("an hour: minutes on 5 or 10 minute boundaries", () => {
    const from = at("2026-11-20T09:03:20Z");
    const ticks = axisTicks(from, from + 3_600_000, "Europe/Berlin", 1000);
    expect(ticks[0]!.label).toBe("10:05");
    expect(ticks.map((t) => t.label)).toContain("11:00");
    expect(ticks.every((t) => Number(t.label.slice(3)) % 5 === 0)).toBe(true);
  });

  it("a few minutes: seconds", () => {
    const from = at("2026-11-20T09:00:05Z");
    const ticks = axisTicks(from, from + 120_000, "UTC", 800);
    expect(ticks[0]!.label).toMatch(/^09:00:(10|30)$/);
  });

  it("Berlin's fall-back (2026-10-25): 02:00 twice, told apart by the zone, and the day still starts at its midnight", () => {
    const from = at("2026-10-24T21:30:00Z"); // 23:30 CEST
    const to = at("2026-10-25T04:15:00Z"); // 05:15 CET
    const ticks = axisTicks(from, to, "Europe/Berlin", 700);
    expect(ticks.map((t) => t.label)).toEqual(["Sun 25 Oct", "01:00", "02:00", "02:00 GMT+1", "03:00", "04:00", "05:00"]);
    expect(ticks.map(iso).slice(2, 4)).toEqual(["2026-10-25T00:00:00Z", "2026-10-25T01:00:00Z"]);
    expectNoOverlap(ticks, from, to, 700);
  });

  it("Berlin's spring-forward (2026-03-29): no 02:00, 01:00 then 03:00 one hour apart", () => {
    const from = at("2026-03-28T22:45:00Z"); // 23:45 CET
    const to = at("2026-03-29T04:15:00Z"); // 06:15 CEST
    const ticks = axisTicks(from, to, "Europe/Berlin", 700);
    expect(ticks.map((t) => t.label)).toEqual(["Sun 29 Mar", "01:00", "03:00 GMT+2", "04:00", "05:00", "06:00"]);
    expect(ticks[2]!.t - ticks[1]!.t).toBe(3_600_000);
  });

  it("a day across the fall-back: 6-hour ticks on the wall clock, seven real hours apart at the change", () => {
    const from = at("2026-10-24T20:00:00Z");
    const to = from + 30 * 3_600_000;
    const ticks = axisTicks(from, to, "Europe/Berlin", 500);
    expect(ticks.map((t) => t.label)).toEqual(["Sun 25 Oct", "06:00 GMT+1", "12:00", "18:00", "Mon 26 Oct"]);
    expect(ticks[1]!.t - ticks[0]!.t).toBe(7 * 3_600_000);
  });

  it("a week across the change keeps one tick per local midnight", () => {
    const from = at("2026-10-21T12:00:00Z");
    const to = at("2026-10-28T12:00:00Z");
    const ticks = axisTicks(from, to, "Europe/Berlin", 700).filter((t) => t.midnight);
    expect(ticks.map(iso)).toEqual([
      "2026-10-21T22:00:00Z",
      "2026-10-22T22:00:00Z",
      "2026-10-23T22:00:00Z",
      "2026-10-24T22:00:00Z",
      "2026-10-25T23:00:00Z",
      "2026-10-26T23:00:00Z",
      "2026-10-27T23:00:00Z",
    ]);
  });

  it("never overlaps, whatever the width", () => {
    const to = at("2026-11-20T10:00:00Z");
    for (const span of [3_600_000, 86_400_000, 7 * 86_400_000, 40 * 86_400_000]) {
      for (const width of [240, 480, 960, 1600]) expectNoOverlap(axisTicks(to - span, to, "America/New_York", width), to - span, to, width);
    }
  });

  it("an empty or inverted range has no ticks", () => {
    expect(axisTicks(10, 10, "UTC", 500)).toEqual([]);
    expect(axisTicks(10, 5, "UTC", 500)).toEqual([]);
  });
});

describe("startOfDayIn", () => {
  it("finds midnight on both DST days and in UTC+14", () => {
    expect(startOfDayIn(at("2026-10-25T20:00:00Z"), "Europe/Berlin")).toBe(at("2026-10-24T22:00:00Z"));
    expect(startOfDayIn(at("2026-03-29T20:00:00Z"), "Europe/Berlin")).toBe(at("2026-03-28T23:00:00Z"));
    expect(startOfDayIn(at("2026-11-20T11:00:00Z"), "Pacific/Kiritimati")).toBe(at("2026-11-20T10:00:00Z"));
  });
});

describe("axisInstant", () => {
  it("names an instant as the axis does, with the zone", () => {
    expect(axisInstant(at("2026-11-20T09:03:17Z"), "Europe/Berlin")).toBe("Fri 20 Nov 10:03:17 GMT+1");
    expect(axisInstant(at("2026-11-20T09:03:17Z"), "UTC")).toBe("Fri 20 Nov 09:03:17 UTC");
  });
});
