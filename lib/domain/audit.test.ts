import { describe, expect, it } from "vitest";
import { foldAuditLog, type AuditActionEntry } from "./audit";

const action = (id: string, over: Partial<AuditActionEntry> = {}): AuditActionEntry => ({
  kind: "action",
  id,
  action: "restore",
  user: { id: "u1", name: "demo" },
  project: { id: "p1", name: "demo" },
  instanceId: "src",
  instanceName: null,
  pointInTime: "2026-11-20T09:00:00Z",
  lsn: null,
  backupKind: null,
  address: "127.0.0.1",
  addressVerified: false,
  idempotencyKey: "k",
  ...over,
});
const outcome = (ref: string, status: string, final: boolean, extra: Record<string, unknown> = {}) => ({
  kind: "outcome",
  ref,
  status,
  final,
  resultId: null,
  baseBackupId: null,
  instanceName: null,
  message: null,
  ...extra,
});
const at = (s: number) => Date.UTC(2026, 10, 20, 10, 0, s);
// Newest first, as a store reads its log.
const log = (...entries: [number, unknown][]) => entries.reverse().map(([s, e]) => ({ atMs: at(s), data: JSON.stringify(e) }));

describe("foldAuditLog", () => {
  it("gives each action its latest outcome, keeping what earlier outcomes told (result id, base backup)", () => {
    const { records } = foldAuditLog(
      log(
        [0, action("a")],
        [1, outcome("a", "BUILD", false, { resultId: "new-1", baseBackupId: "b1" })],
        [2, action("b")],
        [5, outcome("a", "ACTIVE", true)],
        [6, outcome("b", "refused", true, { message: "point_not_recoverable: no" })],
      ),
    );
    expect(records.map((r) => r.id)).toEqual(["b", "a"]);
    expect(records[1]).toMatchObject({
      at: "2026-11-20T10:00:00Z",
      baseBackupId: "b1",
      outcome: { status: "ACTIVE", final: true, resultId: "new-1", at: "2026-11-20T10:00:05Z" },
    });
    expect(records[0]?.outcome).toMatchObject({ status: "refused", final: true, message: "point_not_recoverable: no" });
  });

  it("shows an action with no outcome yet as requested", () => {
    expect(foldAuditLog(log([0, action("a")])).records[0]?.outcome).toMatchObject({ status: "requested", final: false });
  });

  it("keeps a final status over later non-final news", () => {
    const { records } = foldAuditLog(log([0, action("a")], [1, outcome("a", "ERROR", true)], [2, outcome("a", "BUILD", false)]));
    expect(records[0]?.outcome.status).toBe("ERROR");
  });

  it("skips and counts malformed entries, and ignores outcomes whose action was dropped", () => {
    const entries = [
      ...log([0, action("a")], [1, outcome("gone", "ACTIVE", true)]),
      { atMs: at(3), data: "{not json" },
      { atMs: at(4), data: JSON.stringify({ kind: "action" }) },
    ];
    const { records, malformed } = foldAuditLog(entries);
    expect(records.map((r) => r.id)).toEqual(["a"]);
    expect(malformed).toBe(2);
  });
});
