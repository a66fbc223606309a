import { describe, expect, it } from "vitest";
import { judgeBases } from "./bases";
import { backup } from "./test-fixtures";
import type { BackupRecord, BaseVerdict } from "./types";

function verdicts(backups: BackupRecord[], capability: "pitr" | "stock" = "pitr"): Record<string, BaseVerdict> {
  return Object.fromEntries(judgeBases(capability, backups).map((b) => [b.verdict.backupId, b.verdict]));
}

const ok = (id: string, parent: string | null, extra: Partial<Parameters<typeof backup>[2]> = {}) =>
  backup(id, parent, { time: "10:00", lsn: 100, ...extra });

describe("judgeBases", () => {
  it("a COMPLETED full backup is a base; its chain is itself", () => {
    const v = verdicts([ok("f", null)]);
    expect(v.f).toMatchObject({
      restorable: true,
      kind: "full",
      chain: ["f"],
      consistentTime: "2026-11-20T10:00:00Z",
      consistentLsn: "100",
      timeline: 1,
    });
    expect(v.f).not.toHaveProperty("reasonCode");
  });

  it("an incremental whose ancestors are all COMPLETED is a base, chain from the full down", () => {
    const v = verdicts([ok("i2", "i1"), ok("f", null), ok("i1", "f")]);
    expect(v.i2).toMatchObject({ restorable: true, kind: "incremental", chain: ["f", "i1", "i2"] });
  });

  it.each([["NEW"], ["BUILDING"], ["SAVING"], ["FAILED"], ["DELETE_FAILED"], ["RESTORED"]])("a %s backup is not a base", (status) => {
    expect(verdicts([ok("f", null, { status })]).f).toMatchObject({
      restorable: false,
      reasonCode: "not-completed",
      reason: `backup 'f' is ${status}; only COMPLETED backups can be restored`,
    });
  });

  it("a missing parent breaks the chain; the chain starts at the first backup that exists", () => {
    expect(verdicts([ok("i", "gone")]).i).toMatchObject({
      restorable: false,
      reasonCode: "missing-ancestor",
      reason: "parent backup gone no longer exists",
      chain: ["i"],
    });
  });

  it("names the nearest broken ancestor: the parent when it is the one", () => {
    const v = verdicts([ok("f", null, { status: "FAILED", name: "full-1" }), ok("i1", "f", { name: "inc-1" }), ok("i2", "i1")]);
    expect(v.i1).toMatchObject({ reasonCode: "unusable-ancestor", reason: "parent backup 'full-1' is FAILED", chain: ["f", "i1"] });
    expect(v.i2).toMatchObject({ reasonCode: "unusable-ancestor", reason: "ancestor backup 'full-1' is FAILED", chain: ["f", "i1", "i2"] });
  });

  it("a missing grand-parent is reported as an ancestor", () => {
    const v = verdicts([ok("i1", "gone"), ok("i2", "i1")]);
    expect(v.i2).toMatchObject({ reasonCode: "missing-ancestor", reason: "ancestor backup gone no longer exists", chain: ["i1", "i2"] });
  });

  it("the incomplete backup itself is reported before its ancestry", () => {
    const v = verdicts([ok("i", "gone", { status: "BUILDING" })]);
    expect(v.i?.reasonCode).toBe("not-completed");
  });

  it("handles cycles: members and backups built on them are unusable, not an endless loop", () => {
    const v = verdicts([ok("a", "b"), ok("b", "a"), ok("c", "a"), ok("self", "self")]);
    expect(v.a).toMatchObject({ restorable: false, reasonCode: "chain-cycle", chain: ["b", "a"] });
    expect(v.b).toMatchObject({ restorable: false, reasonCode: "chain-cycle", chain: ["a", "b"] });
    expect(v.c).toMatchObject({ restorable: false, reasonCode: "chain-cycle", chain: ["b", "a", "c"] });
    expect(v.self).toMatchObject({ restorable: false, reasonCode: "chain-cycle", chain: ["self"] });
    expect(v.a?.reason).toMatch(/loops back/);
  });

  it("a cycle through a FAILED member reports the FAILED parent", () => {
    const v = verdicts([ok("a", "b"), ok("b", "a", { status: "FAILED" })]);
    expect(v.a).toMatchObject({ reasonCode: "unusable-ancestor", reason: "parent backup 'b' is FAILED" });
  });

  it("with PITR a base needs its consistent point; stock needs only `updated`", () => {
    const noLsn = ok("f", null, { lsn: null });
    expect(verdicts([noLsn]).f).toMatchObject({
      restorable: false,
      reasonCode: "no-consistent-point",
      reason: "the backend reported no valid consistent LSN for it",
    });
    const v = verdicts([noLsn], "stock").f;
    expect(v).toMatchObject({ restorable: true, consistentTime: "2026-11-20T10:00:00Z", consistentLsn: null, timeline: null });
    const badTime: BackupRecord = { ...ok("g", null), consistentTime: "yesterday", timeline: null };
    expect(verdicts([badTime]).g?.reason).toBe("the backend reported no valid consistent time, timeline for it");
  });

  it("stock bases are consistent at `updated`, normalised to UTC", () => {
    const b: BackupRecord = { ...ok("f", null), updated: "2026-11-20T10:03:17", consistentTime: null, consistentLsn: null, timeline: null };
    expect(verdicts([b], "stock").f?.consistentTime).toBe("2026-11-20T10:03:17Z");
  });

  it("a backup listed twice keeps the copy updated last, whatever the order", () => {
    const older = ok("f", null, { status: "BUILDING", updated: "10:00" });
    const newer = ok("f", null, { status: "COMPLETED", updated: "10:05" });
    expect(verdicts([older, newer]).f?.status).toBe("COMPLETED");
    expect(verdicts([newer, older]).f?.status).toBe("COMPLETED");
    const twinA = ok("g", null, { name: "a" });
    const twinB = ok("g", null, { name: "b" });
    expect(verdicts([twinA, twinB]).g?.name).toBe(verdicts([twinB, twinA]).g?.name);
  });

  it("resolves a 10,000-deep chain without recursion", () => {
    const chain = [ok("b0", null), ...Array.from({ length: 10_000 }, (_, i) => ok(`b${i + 1}`, `b${i}`))];
    const v = verdicts(chain.reverse());
    expect(v.b10000?.restorable).toBe(true);
    expect(v.b10000?.chain).toHaveLength(10_001);
  });
});
