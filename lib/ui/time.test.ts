import { englishWording } from "@/lib/i18n/translate";
import { describe, expect, it } from "vitest";
import { dateAndTimeIn, formatIn, humanDuration, partsIn, wallTimeToUtc, zoneOffsetMinutes, formatNumber } from "./time";

const W = englishWording("wallTime");

describe("wall time ↔ UTC across DST", () => {
  it("Berlin fall-back (2026-10-25): 02:30 happens twice, the first (CEST) is taken and said", () => {
    const r = wallTimeToUtc("2026-10-25", "02:30:00", "Europe/Berlin", W);
    expect(r).toMatchObject({ ok: true, iso: "2026-10-25T00:30:00Z" });
    expect(r.ok && r.note).toMatch(/twice/);
    expect(formatIn("2026-10-25T01:30:00Z", "Europe/Berlin")).toBe("2026-10-25 02:30:00 GMT+1");
  });

  it("Berlin spring-forward (2026-03-29): 02:30 does not exist", () => {
    const r = wallTimeToUtc("2026-03-29", "02:30:00", "Europe/Berlin", W);
    expect(r.ok).toBe(false);
    expect(wallTimeToUtc("2026-03-29", "03:00:00", "Europe/Berlin", W)).toEqual({ ok: true, iso: "2026-03-29T01:00:00Z" });
  });

  it("New York fall-back (2026-11-01) and ordinary times on both sides", () => {
    expect(wallTimeToUtc("2026-10-31", "12:00:00", "America/New_York", W)).toEqual({ ok: true, iso: "2026-10-31T16:00:00Z" });
    expect(wallTimeToUtc("2026-11-02", "12:00:00", "America/New_York", W)).toEqual({ ok: true, iso: "2026-11-02T17:00:00Z" });
    expect(wallTimeToUtc("2026-11-01", "01:30:00", "America/New_York", W)).toMatchObject({ ok: true, iso: "2026-11-01T05:30:00Z" });
  });

  it("UTC+14 and UTC−12 put the same instant on different calendar days", () => {
    const ms = Date.parse("2026-11-20T11:00:00Z");
    expect(dateAndTimeIn(ms, "Pacific/Kiritimati")).toEqual({ date: "2026-11-21", time: "01:00:00" });
    expect(dateAndTimeIn(ms, "Etc/GMT+12")).toEqual({ date: "2026-11-19", time: "23:00:00" });
    expect(zoneOffsetMinutes(ms, "Pacific/Kiritimati")).toBe(840);
    expect(zoneOffsetMinutes(ms, "Etc/GMT+12")).toBe(-720);
    expect(wallTimeToUtc("2026-11-21", "01:00:00", "Pacific/Kiritimati", W)).toEqual({ ok: true, iso: "2026-11-20T11:00:00Z" });
  });

  it("refuses malformed input with a sentence", () => {
    expect(wallTimeToUtc("20-11-2026", "10:00:00", "UTC", W)).toMatchObject({ ok: false });
    expect(wallTimeToUtc("2026-02-30", "10:00:00", "UTC", W)).toMatchObject({ ok: false });
    expect(wallTimeToUtc("2026-11-20", "25:00", "UTC", W)).toMatchObject({ ok: false });
  });

  it("round-trips every quarter hour of a DST day in UTC", () => {
    for (let m = 0; m < 24 * 60; m += 15) {
      const ms = Date.parse("2026-10-25T00:00:00Z") + m * 60_000;
      const { date, time } = dateAndTimeIn(ms, "UTC");
      expect(wallTimeToUtc(date, time, "UTC", W)).toEqual({ ok: true, iso: new Date(ms).toISOString().replace(".000", "") });
    }
  });
});

describe("humanDuration", () => {
  it.each([
    [42, "42 s"],
    [420, "7 min"],
    [3 * 3600 + 12 * 60, "3 h 12 min"],
    [52 * 3600, "2 d 4 h"],
  ])("%i s → %s", (s, text) => expect(humanDuration(s)).toBe(text));
});

describe("formatIn in another locale", () => {
  const ms = Date.UTC(2026, 9, 25, 0, 30, 0);
  it("keeps ISO 8601's order in English", () => {
    expect(formatIn(ms, "Europe/Berlin")).toBe("2026-10-25 02:30:00 GMT+2");
    expect(formatIn(ms, "Europe/Berlin", "en")).toBe("2026-10-25 02:30:00 GMT+2");
  });
  it("writes the date, the time and the zone the locale's way in German", () => {
    expect(formatIn(ms, "Europe/Berlin", "de")).toBe("25.10.2026, 02:30:00 MESZ");
    expect(formatIn(ms, "UTC", "de")).toBe("25.10.2026, 00:30:00 UTC");
  });
});

describe("formatNumber", () => {
  it("groups and separates as the locale does", () => {
    expect(formatNumber(30000, "en")).toBe("30,000");
    expect(formatNumber(30000, "de")).toBe("30.000");
    expect(formatNumber(3.42, "de", 1)).toBe("3,4");
  });
});

describe("partsIn UTC", () => {
  it("gives the same fields as the time-zone database for UTC, across years, leap days and day ends", () => {
    const utc = new Intl.DateTimeFormat("en-US", {
      timeZone: "UTC",
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    const instants = [0, Date.UTC(2024, 1, 29, 23, 59, 59), Date.UTC(2026, 11, 31, 23, 59, 59, 999), Date.UTC(2026, 2, 29, 1, 0, 0)];
    for (let t = Date.UTC(2026, 0, 1); t < Date.UTC(2027, 0, 1); t += 7_777_777) instants.push(t);
    for (const ms of instants) {
      const want: Record<string, number> = {};
      for (const p of utc.formatToParts(new Date(ms))) if (p.type !== "literal") want[p.type] = Number(p.value);
      expect(partsIn(ms, "UTC"), new Date(ms).toISOString()).toEqual({
        year: want.year,
        month: want.month,
        day: want.day,
        hour: want.hour! % 24,
        minute: want.minute,
        second: want.second,
      });
    }
  });
});
