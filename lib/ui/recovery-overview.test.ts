import { describe, expect, it } from "vitest";
import { isAtRisk, overviewCsv, type OverviewRow } from "./recovery-overview";

const row = (over: Partial<OverviewRow> = {}): OverviewRow => ({
  projectId: "p1",
  projectName: "demo",
  instanceId: "i1",
  instanceName: "orders-db",
  datastore: { type: "mysql", version: "8.0" },
  status: "ACTIVE",
  tone: "ok",
  latestRestorable: "2026-11-20T10:00:00Z",
  rpoSeconds: 120,
  gapsLast24h: 0,
  gapsLast7d: 1,
  lastFullBackup: { id: "b", ageSeconds: 3600, status: "COMPLETED", tone: "ok" },
  recoveriesInFlight: 0,
  error: null,
  ...over,
});

describe("admin overview helpers", () => {
  it("calls a row at risk for RPO over the threshold, a recent gap, nothing restorable, a failed full or an error", () => {
    expect(isAtRisk(row(), 900)).toBe(false);
    expect(isAtRisk(row({ rpoSeconds: 901 }), 900)).toBe(true);
    expect(isAtRisk(row({ gapsLast24h: 1 }), 900)).toBe(true);
    expect(isAtRisk(row({ rpoSeconds: null }), 900)).toBe(true);
    expect(isAtRisk(row({ lastFullBackup: { id: "b", ageSeconds: 1, status: "FAILED", tone: "error" } }), 900)).toBe(true);
    expect(isAtRisk(row({ error: "Trove timed out" }), 900)).toBe(true);
  });

  it("exports CSV with a header, quoting, and formula injection defused", () => {
    const csv = overviewCsv([row(), row({ instanceName: '=HYPERLINK("x"),1', rpoSeconds: 5000 })], 900);
    const lines = csv.trim().split("\r\n");
    expect(lines[0]).toBe(
      "project_id,project,instance_id,instance,datastore,status,latest_restorable_utc,rpo_seconds,gaps_24h,gaps_7d,last_full_backup_age_seconds,last_full_backup_status,recoveries_in_flight,at_risk,error",
    );
    expect(lines[1]).toBe("p1,demo,i1,orders-db,mysql 8.0,ACTIVE,2026-11-20T10:00:00Z,120,0,1,3600,COMPLETED,0,no,");
    expect(lines[2]).toContain(`"'=HYPERLINK(""x""),1"`);
    expect(lines[2]).toContain(",yes,");
  });

  it("names the project where Keystone gave its name, and leaves the cell empty (the id beside it) where not", () => {
    const csv = overviewCsv([row({ projectName: null }), row({ projectName: undefined }), row({ projectName: "=evil()" })], 900);
    const lines = csv.trim().split("\r\n");
    expect(lines[1]!.startsWith("p1,,i1,")).toBe(true);
    expect(lines[2]!.startsWith("p1,,i1,")).toBe(true);
    expect(lines[3]!.startsWith("p1,'=evil(),i1,")).toBe(true);
  });

  it.each([
    ["=1+1", "'=1+1"],
    ["+1+1", "'+1+1"],
    ["-1+1", "'-1+1"],
    ["@SUM(A1)", "'@SUM(A1)"],
    // Spreadsheets skip a leading tab or carriage return and still see the formula after it.
    ["\t=1+1", '"\'\t=1+1"'],
    ["\r=1+1", '"\'\r=1+1"'],
  ])("defuses a cell starting like a formula: %j", (name, expected) => {
    const csv = overviewCsv([row({ instanceName: name, error: name })], 900);
    const fields = csv.trim().split("\r\n")[1] ?? "";
    expect(fields.startsWith(`p1,demo,i1,${expected},`)).toBe(true);
    expect(fields.endsWith(`,${expected}`)).toBe(true);
  });
});
