import { describe, expect, it } from "vitest";
import { analyzeRecoverability } from "@/lib/recovery";
import type { BackupRecord, LogSegment, Recoverability } from "@/lib/recovery";
import { assessCoverage } from "./coverage";

const NOW = Date.parse("2026-11-20T12:00:00Z");

function full(id: string, time: string, lsn: string): BackupRecord {
  return {
    id,
    name: id,
    status: "COMPLETED",
    parentId: null,
    created: time,
    updated: time,
    consistentTime: time,
    consistentLsn: lsn,
    timeline: 1,
  };
}
function seg(id: string, start: string, end: string, startLsn: string, endLsn: string, status = "COMPLETED"): LogSegment {
  return { id, timeline: 1, status, start, end, startLsn, endLsn };
}
function pitr(backups: BackupRecord[], segments: LogSegment[]): Recoverability {
  return analyzeRecoverability({ capability: "pitr", backups, segments });
}

describe("assessCoverage", () => {
  it("is critical when nothing is restorable", () => {
    const r = assessCoverage(pitr([], []), NOW, 900);
    expect(r).toMatchObject({ level: "critical", latestRestorable: null, rpoSeconds: null, gapsLast24h: 0 });
  });

  it("is ok when logs reach within the RPO threshold", () => {
    const a = pitr([full("b1", "2026-11-20T11:00:00Z", "100")], [seg("s1", "2026-11-20T10:59:00Z", "2026-11-20T11:55:00Z", "50", "200")]);
    const r = assessCoverage(a, NOW, 900);
    expect(r).toMatchObject({ level: "ok", latestRestorable: "2026-11-20T11:55:00Z", rpoSeconds: 300, gapsLast24h: 0 });
  });

  it("warns when the RPO is over the threshold, at exactly one second over", () => {
    const a = pitr([full("b1", "2026-11-20T11:44:59Z", "100")], []);
    expect(assessCoverage(a, NOW, 900).level).toBe("warning");
    expect(assessCoverage(a, NOW, 901).level).toBe("ok");
  });

  it("counts a gap in the last 24 h and 7 d, and warns about it", () => {
    const a = pitr(
      [full("b1", "2026-11-20T10:00:00Z", "100")],
      [
        seg("s1", "2026-11-20T09:59:00Z", "2026-11-20T10:30:00Z", "50", "200"),
        seg("s2", "2026-11-20T10:30:00Z", "2026-11-20T10:40:00Z", "200", "300", "FAILED"),
        seg("s3", "2026-11-20T10:40:00Z", "2026-11-20T11:58:00Z", "300", "400"),
      ],
    );
    const r = assessCoverage(a, NOW, 900);
    expect(a.gaps.length).toBeGreaterThan(0);
    expect(r.gapsLast24h).toBe(a.gaps.length);
    expect(r.gapsLast7d).toBe(a.gaps.length);
    expect(r.level).toBe("warning");
    expect(r.summary).toMatch(/gap/);
  });

  it("does not count a gap older than 24 h in the daily figure but does in the weekly one", () => {
    const a = pitr(
      [full("b1", "2026-11-17T10:00:00Z", "100")],
      [
        seg("s1", "2026-11-17T09:59:00Z", "2026-11-17T10:30:00Z", "50", "200"),
        seg("s2", "2026-11-17T10:30:00Z", "2026-11-17T10:40:00Z", "200", "300", "FAILED"),
        seg("s3", "2026-11-17T10:40:00Z", "2026-11-20T11:58:00Z", "300", "400"),
      ],
    );
    const r = assessCoverage(a, NOW, 900);
    expect(r.gapsLast7d).toBeGreaterThan(0);
    expect(r.gapsLast24h).toBe(0);
  });

  it("clamps the RPO to 0 when the latest point is ahead of the clock", () => {
    const a = pitr([full("b1", "2026-11-20T12:00:30Z", "100")], []);
    expect(assessCoverage(a, NOW, 900).rpoSeconds).toBe(0);
  });
});
