import { describe, expect, it } from "vitest";
import type { AuditRecord } from "@/lib/api/audit";
import { auditCsv } from "./audit";

const record: AuditRecord = {
  id: "a1",
  at: "2026-11-20T10:00:00Z",
  action: "restore",
  user: { id: "u1", name: '=HYPERLINK("http://x")' },
  project: { id: "p1", name: "demo" },
  instanceId: "i1",
  instanceName: "orders-db",
  pointInTime: "2026-11-20T09:00:00Z",
  lsn: null,
  baseBackupId: "b1",
  backupKind: null,
  address: "10.0.0.7",
  addressVerified: true,
  idempotencyKey: "+cmd|' /C calc'!A0",
  outcome: { status: "ACTIVE", final: true, at: "2026-11-20T10:01:00Z", resultId: "i2", message: null },
};

describe("auditCsv", () => {
  it("writes one line per action under a header, CRLF-terminated", () => {
    const csv = auditCsv([record, { ...record, id: "a2", action: "backup", backupKind: "full" }]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toMatch(/^requested_utc,action,user,/);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toBe("");
    expect(lines[1]).toContain(",restore,");
    expect(lines[2]).toContain(",backup,");
  });

  it("defuses cells a spreadsheet would run as formulas (user names and keys come from users)", () => {
    const csv = auditCsv([record]);
    expect(csv).toContain(`"'=HYPERLINK(""http://x"")"`);
    expect(csv).toContain("'+cmd|' /C calc'!A0");
  });
});
