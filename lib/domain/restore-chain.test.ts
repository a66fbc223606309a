import { describe, expect, it } from "vitest";
import { chainFacts } from "./restore-chain";

const b = (id: string, sizeGb: number | null, created: string, updated: string) => ({ id, sizeGb, created, updated });
const backups = [
  b("full", 3.4, "2026-11-20T00:00:00Z", "2026-11-20T00:05:00Z"),
  b("inc1", 0.3, "2026-11-20T04:00:00Z", "2026-11-20T04:00:30Z"),
  b("inc2", 0.2, "2026-11-20T08:00:00Z", "2026-11-20T08:00:30Z"),
];

describe("chainFacts", () => {
  it("sums the chain's sizes and backup durations and measures the log after the base", () => {
    expect(chainFacts(backups, ["full", "inc1", "inc2"], "2026-11-20T08:00:30Z", "2026-11-20T09:00:30Z")).toEqual({
      baseBackupId: "inc2",
      baseSizeGb: 3.4,
      chainSizeGb: 3.9,
      incrementals: 2,
      backupSeconds: 360,
      replaySeconds: 3600,
    });
  });

  it("a size Trove did not give, or a member it no longer lists, leaves the chain's total unknown", () => {
    expect(
      chainFacts([b("full", null, "2026-11-20T00:00:00Z", "2026-11-20T00:05:00Z")], ["full"], null, "2026-11-20T09:00:00Z"),
    ).toMatchObject({ chainSizeGb: null, baseSizeGb: null, backupSeconds: 300, replaySeconds: 0 });
    expect(chainFacts(backups.slice(1), ["full", "inc1"], null, "2026-11-20T09:00:00Z")).toMatchObject({
      chainSizeGb: null,
      backupSeconds: null,
      baseSizeGb: null,
      incrementals: 1,
    });
  });
});
