import { englishWording } from "@/lib/i18n/translate";
import { describe, expect, it } from "vitest";
import { compareSingles, previewPoint } from "./preview";

const W = englishWording("preview");

const base = {
  baseBackupId: "b",
  database: "app",
  query: "SELECT count(*) FROM orders",
  truncated: false,
  rowLimit: 100,
  elapsedMs: 10,
  lsn: null,
};

describe("previews in words", () => {
  it("say where the data was looked at", () => {
    expect(previewPoint({ pointInTime: "2026-11-20T10:03:10Z", lsn: null }, "UTC", W)).toBe("at 2026-11-20 10:03:10 UTC");
    expect(previewPoint({ pointInTime: "2026-11-20T10:03:10Z", lsn: "42" }, "UTC", W)).toBe("just before LSN 42 (2026-11-20 10:03:10 UTC)");
  });

  it("compare two one-value answers of the same query in one line, and nothing else", () => {
    const a = { ...base, pointInTime: "2026-11-20T10:03:10Z", columns: ["count"], rows: [["10412"]] };
    const b = { ...base, pointInTime: "2026-11-20T10:03:12Z", columns: ["count"], rows: [["0"]] };
    expect(compareSingles(a, b, "UTC", W)).toBe("count: 10412 at 10:03:10 UTC, 0 at 10:03:12 UTC");
    expect(compareSingles(a, { ...b, query: "SELECT 1" }, "UTC", W)).toBeNull();
    expect(compareSingles(a, { ...b, rows: [["1"], ["2"]] }, "UTC", W)).toBeNull();
  });
});
