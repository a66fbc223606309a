import { englishWording } from "@/lib/i18n/translate";
import { describe, expect, it } from "vitest";
import type { RestoredFrom } from "@/lib/api/schemas";
import { translator } from "@/lib/i18n/translate";
import { describeExcluded, describeLastCommit, describeOrigin, formatClockMillis, formatLag } from "./provenance";

const W = englishWording("provenance");

const from: RestoredFrom = {
  sourceInstanceId: "src-1",
  sourceInstanceName: "orders-db",
  backupId: "b-1",
  backupName: "nightly-2",
  pointInTime: "2026-11-20T10:03:17Z",
  timeline: 2,
  lastCommitTime: "2026-11-20T10:03:16.842Z",
  lastCommitLsn: "220459461512",
  recoveredAt: "2026-11-20T10:05:02Z",
  excluded: null,
};

describe("formatLag", () => {
  it.each([
    [158, "0.158 s"],
    [0, "0.000 s"],
    [1_000, "1.000 s"],
    [59_999, "59.999 s"],
    [-200, "0.200 s"],
    [185_000, "3 min 5 s"],
    [7_800_000, "2 h 10 min"],
  ])("%i ms reads %s", (ms, text) => expect(formatLag(ms)).toBe(text));
});

describe("formatClockMillis", () => {
  it("keeps the milliseconds and writes the zone", () => {
    expect(formatClockMillis("2026-11-20T10:03:16.842Z", "UTC", "2026-11-20T10:03:17Z")).toBe("10:03:16.842 UTC");
    expect(formatClockMillis("2026-11-20T10:03:16.842Z", "Europe/Berlin", "2026-11-20T10:03:17Z")).toBe("11:03:16.842 GMT+1");
    expect(formatClockMillis("2026-11-20T10:03:16Z", "UTC", "2026-11-20T10:03:17Z")).toBe("10:03:16.000 UTC");
  });

  it("puts the date in front when the commit falls on another day than the point in that zone", () => {
    expect(formatClockMillis("2026-11-19T23:59:59.500Z", "UTC", "2026-11-20T00:00:01Z")).toBe("2026-11-19 23:59:59.500 UTC");
    // The same two instants share a day in Berlin (00:59 and 01:00 on the 20th).
    expect(formatClockMillis("2026-11-19T23:59:59.500Z", "Europe/Berlin", "2026-11-20T00:00:01Z")).toBe("00:59:59.500 GMT+1");
    // One second apart across midnight in UTC+14 and UTC−12: the point opens a new day there.
    expect(formatClockMillis("2026-11-20T09:59:59.001Z", "Pacific/Kiritimati", "2026-11-20T10:00:00Z")).toBe(
      "2026-11-20 23:59:59.001 GMT+14",
    );
    expect(formatClockMillis("2026-11-20T11:59:59.999Z", "Etc/GMT+12", "2026-11-20T12:00:00Z")).toBe("2026-11-19 23:59:59.999 GMT-12");
  });
});

describe("describeLastCommit", () => {
  it("says when the last transaction committed and how long before the point, in both zones", () => {
    expect(describeLastCommit(from, "UTC", W)).toBe(
      "The data's last transaction committed at 10:03:16.842 UTC, 0.158 s before the chosen point.",
    );
    expect(describeLastCommit(from, "Europe/Berlin", W)).toBe(
      "The data's last transaction committed at 11:03:16.842 GMT+1 (10:03:16.842 UTC), 0.158 s before the chosen point.",
    );
  });

  it("says the engine could not tell when it has no last commit", () => {
    expect(describeLastCommit({ ...from, lastCommitTime: null }, "UTC", W)).toBe(
      "The engine could not tell when the data's last transaction committed.",
    );
  });

  it("names a commit exactly at the point, and one after it as a broken promise", () => {
    expect(describeLastCommit({ ...from, lastCommitTime: "2026-11-20T10:03:17.000Z" }, "UTC", W)).toMatch(
      /at 10:03:17\.000 UTC, exactly at the chosen point\.$/,
    );
    expect(describeLastCommit({ ...from, lastCommitTime: "2026-11-20T10:03:17.250Z" }, "UTC", W)).toMatch(
      /0\.250 s after the chosen point, which recovery should never give\.$/,
    );
  });

  it("a quiet database: the last commit hours earlier, on the day before", () => {
    expect(describeLastCommit({ ...from, pointInTime: "2026-11-20T01:00:00Z", lastCommitTime: "2026-11-19T22:30:00.125Z" }, "UTC", W)).toBe(
      "The data's last transaction committed at 2026-11-19 22:30:00.125 UTC, 2 h 30 min before the chosen point.",
    );
  });
});

describe("describeOrigin", () => {
  it("names the backup, the source, the point in both zones and the timeline", () => {
    expect(describeOrigin(from, "new-1", "Europe/Berlin", W)).toBe(
      "Restored from backup nightly-2 of instance orders-db, to 2026-11-20 11:03:17 GMT+1 (2026-11-20 10:03:17 UTC), timeline 2.",
    );
    expect(describeOrigin(from, "new-1", "UTC", W)).toBe(
      "Restored from backup nightly-2 of instance orders-db, to 2026-11-20 10:03:17 UTC, timeline 2.",
    );
  });

  it("falls back to ids when the names could not be read, and leaves out an unknown timeline", () => {
    const bare = { ...from, sourceInstanceName: null, backupName: null, timeline: null };
    expect(describeOrigin(bare, "new-1", "UTC", W)).toBe("Restored from backup b-1 of instance src-1, to 2026-11-20 10:03:17 UTC.");
    expect(describeOrigin({ ...bare, backupId: null, sourceInstanceId: null }, "new-1", "UTC", W)).toBe(
      "Restored from a backup, to 2026-11-20 10:03:17 UTC.",
    );
  });

  it("an instance recovered in place is its own source", () => {
    expect(describeOrigin(from, "src-1", "UTC", W)).toBe(
      "Recovered in place from backup nightly-2, to 2026-11-20 10:03:17 UTC, timeline 2.",
    );
  });
});

describe("a restore to just before a destructive commit", () => {
  it("names the transaction it left out, and what it did", () => {
    const excluded = { kind: "drop", xid: 745, time: "2026-11-20T10:03:17.250Z", relations: ["public.orders", "public.order_lines"] };
    expect(describeExcluded({ ...from, excluded }, "UTC", W)).toBe(
      "Left out: transaction 745, which dropped public.orders and public.order_lines at 10:03:17.250 UTC, and everything after it.",
    );
    expect(
      describeExcluded({ ...from, excluded: { ...excluded, kind: "truncate", xid: null, relations: ["shop.cart_items"] } }, "UTC", W),
    ).toBe("Left out: the transaction that truncated shop.cart_items at 10:03:17.250 UTC, and everything after it.");
    expect(describeExcluded(from, "UTC", W)).toBeNull();
  });
});

describe("in German", () => {
  const de = { t: translator("de", "provenance"), locale: "de" };
  it("says where the data comes from and where it ends, with the locale's decimal comma and list", () => {
    expect(describeOrigin(from, "new-1", "UTC", de)).toBe(
      "Wiederhergestellt aus Sicherung nightly-2 der Instanz orders-db, auf 20.11.2026, 10:03:17 UTC, Timeline 2.",
    );
    expect(describeLastCommit(from, "UTC", de)).toBe(
      "Die letzte Transaktion der Daten wurde um 10:03:16.842 UTC festgeschrieben, 0,158 s vor dem gewählten Zeitpunkt.",
    );
    const excluded = { ...from, excluded: { kind: "drop", xid: 42, time: "2026-11-20T10:03:17Z", relations: ["a", "b", "c"] } };
    expect(describeExcluded(excluded, "UTC", de)).toBe(
      "Außen vor: Transaktion 42, die a, b und c um 10:03:17.000 UTC gelöscht hat, und alles danach.",
    );
  });
});
