import { describe, expect, it } from "vitest";
import { NAME_MAX, backupName, compactUtc, restoredInstanceName } from "./names";

describe("compactUtc", () => {
  it("writes the UTC instant to the second, without separators a name might refuse", () => {
    expect(compactUtc(Date.UTC(2026, 10, 20, 6, 30, 15, 999))).toBe("20261120-063015");
  });
});

describe("restoredInstanceName", () => {
  it("names the copy after its source and the point", () => {
    expect(restoredInstanceName("billing-pg", "2026-11-20T06:30:15Z")).toBe("billing-pg-at-20261120-063015");
  });

  it("reads the point as UTC whatever offset it is written with", () => {
    expect(restoredInstanceName("db", "2026-11-20T07:30:15+01:00")).toBe("db-at-20261120-063015");
  });

  it("stays within the length Trove keeps, cutting the source's name's end rather than failing", () => {
    const name = restoredInstanceName("x".repeat(300), "2026-11-20T06:30:15Z");
    expect(name).toHaveLength(NAME_MAX);
    expect(name).toBe("x".repeat(NAME_MAX));
    expect(restoredInstanceName("x".repeat(200), "2026-11-20T06:30:15Z")).toMatch(/-at-20261120-063015$/);
  });
});

describe("backupName", () => {
  it("names a backup after its kind and when it was asked for", () => {
    expect(backupName("incremental", Date.UTC(2026, 0, 2, 3, 4, 5))).toBe("incremental-20260102-030405");
  });
});
