import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { articleFor, formatDuration, formatRange, formatUtc, parseTroveTime, tryParseTroveTime } from "./time";

describe("parseTroveTime", () => {
  it.each([
    ["zone-less Trove time is UTC", "2026-11-20T10:03:17", "2026-11-20T10:03:17Z"],
    ["Z", "2026-11-20T10:03:17Z", "2026-11-20T10:03:17Z"],
    ["fraction is truncated, never rounded up", "2026-11-20T10:03:17.999999", "2026-11-20T10:03:17Z"],
    ["fraction with Z", "2026-11-20T10:03:17.5Z", "2026-11-20T10:03:17Z"],
    ["UTC+14:00 (Kiribati) is the previous UTC day", "2026-11-21T00:03:17+14:00", "2026-11-20T10:03:17Z"],
    ["UTC-12:00 is the next UTC day", "2026-11-19T22:03:17-12:00", "2026-11-20T10:03:17Z"],
    ["+05:45 minutes count", "2026-11-20T15:48:17+05:45", "2026-11-20T10:03:17Z"],
    ["-00:00", "2026-11-20T10:03:17-00:00", "2026-11-20T10:03:17Z"],
    ["fraction and offset", "2026-11-20T11:03:17.25+01:00", "2026-11-20T10:03:17Z"],
    ["leap day", "2028-02-29T00:00:00Z", "2028-02-29T00:00:00Z"],
    ["2000 was a leap year", "2000-02-29T12:00:00", "2000-02-29T12:00:00Z"],
    ["end of day", "2026-12-31T23:59:59Z", "2026-12-31T23:59:59Z"],
    ["before the epoch", "1969-12-31T23:59:59Z", "1969-12-31T23:59:59Z"],
  ])("%s: %s", (_why, input, expected) => {
    expect(formatUtc(parseTroveTime(input))).toBe(expected);
  });

  it("is second-precise epoch milliseconds", () => {
    expect(parseTroveTime("1970-01-01T00:00:01Z")).toBe(1000);
    expect(parseTroveTime("2026-11-20T10:03:17Z")).toBe(Date.UTC(2026, 10, 20, 10, 3, 17));
  });

  it.each([
    ["", "empty"],
    ["2026-11-20", "date only"],
    ["2026-11-20 10:03:17", "space instead of T"],
    ["2026-11-20T10:03", "no seconds"],
    ["2026-13-01T00:00:00Z", "month 13"],
    ["2026-00-01T00:00:00Z", "month 0"],
    ["2026-02-29T00:00:00Z", "29 February of a common year"],
    ["1900-02-29T00:00:00Z", "1900 was not a leap year"],
    ["2026-04-31T00:00:00Z", "31 April"],
    ["2026-11-20T24:00:00Z", "hour 24"],
    ["2026-11-20T10:60:00Z", "minute 60"],
    ["2026-11-20T10:03:60Z", "leap second"],
    ["2026-11-20T10:03:17.Z", "empty fraction"],
    ["2026-11-20T10:03:17+0100", "offset without colon"],
    ["2026-11-20T10:03:17+01", "offset without minutes"],
    ["2026-11-20T10:03:17+24:00", "offset hour 24"],
    ["2026-11-20T10:03:17z", "lower-case z"],
    ["2026-11-20T10:03:17Z ", "trailing space"],
    ["2026-1a-20T10:03:17Z", "letter in a field"],
    ["+2026-11-20T10:03:17Z", "leading sign"],
  ])("refuses %j (%s) with a RangeError", (input) => {
    expect(() => parseTroveTime(input)).toThrow(RangeError);
    expect(() => parseTroveTime(input)).toThrow(/expected ISO 8601/);
    expect(tryParseTroveTime(input)).toBeNull();
  });

  it("does not depend on the process time zone or DST: zone-less times are UTC", () => {
    // Europe's 2026 DST switch is 29 March 01:00 UTC; an hour apart in UTC stays an hour apart.
    const before = parseTroveTime("2026-03-29T00:30:00");
    const after = parseTroveTime("2026-03-29T01:30:00");
    expect(after - before).toBe(3_600_000);
    // US 2026 fall-back, 1 November 06:00 UTC: no repeated hour in UTC.
    expect(parseTroveTime("2026-11-01T06:30:00") - parseTroveTime("2026-11-01T05:30:00")).toBe(3_600_000);
  });

  it("agrees with Date.parse on every second of the range it accepts", () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Date.UTC(1970, 0, 1) / 1000, max: Date.UTC(2200, 0, 1) / 1000 }),
        fc.integer({ min: -12 * 60, max: 14 * 60 }),
        (sec, offset) => {
          const utc = new Date(sec * 1000).toISOString().slice(0, 19);
          expect(parseTroveTime(utc)).toBe(sec * 1000);
          expect(parseTroveTime(`${utc}Z`)).toBe(sec * 1000);
          const local = new Date(sec * 1000 + offset * 60_000).toISOString().slice(0, 19);
          const sign = offset < 0 ? "-" : "+";
          const abs = Math.abs(offset);
          const withOffset = `${local}${sign}${String(Math.floor(abs / 60)).padStart(2, "0")}:${String(abs % 60).padStart(2, "0")}`;
          expect(parseTroveTime(withOffset)).toBe(sec * 1000);
          expect(formatUtc(parseTroveTime(withOffset))).toBe(`${utc}Z`);
        },
      ),
    );
  });
});

describe("formatUtc", () => {
  it("truncates sub-seconds and always writes Z", () => {
    expect(formatUtc(Date.UTC(2026, 10, 20, 10, 3, 17, 999))).toBe("2026-11-20T10:03:17Z");
    expect(formatUtc(-1)).toBe("1969-12-31T23:59:59Z");
  });
  it("refuses what is not a time", () => {
    expect(() => formatUtc(Number.NaN)).toThrow(RangeError);
    expect(() => formatUtc(Infinity)).toThrow(RangeError);
  });
});

describe("message helpers", () => {
  it.each([
    [45, "45-second"],
    [60, "1-minute"],
    [420, "7-minute"],
    [450, "7-minute 30-second"],
    [3_900, "1-hour 5-minute"],
    [90_000, "1-day 1-hour"],
  ])("formatDuration(%i) = %s", (s, text) => expect(formatDuration(s)).toBe(text));

  it.each([
    ["7-minute", "a"],
    ["8-minute", "an"],
    ["11-second", "an"],
    ["18-hour", "an"],
    ["80-second", "an"],
    ["1-hour", "a"],
    ["110-minute", "a"],
  ])("article before %s is %s", (phrase, article) => expect(articleFor(phrase)).toBe(article));

  it("writes a range on one day without dates, across days with them", () => {
    const t = (s: string) => parseTroveTime(s);
    expect(formatRange(t("2026-11-20T10:05:00Z"), t("2026-11-20T10:12:00Z"))).toBe("10:05:00–10:12:00");
    expect(formatRange(t("2026-11-20T23:55:00Z"), t("2026-11-21T00:10:00Z"))).toBe("2026-11-20 23:55:00–2026-11-21 00:10:00");
  });
});
