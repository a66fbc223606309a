/** Pure helpers of the audit trail screens: the CSV an operator exports (its columns and values stay English, for scripts). */
import type { AuditRecord } from "@/lib/api/audit";
import { cell } from "./recovery-overview";

/** One line per action, newest first; text cells defused against spreadsheet formulas. */
export function auditCsv(records: readonly AuditRecord[]): string {
  const head = [
    "requested_utc",
    "action",
    "user",
    "user_id",
    "project",
    "project_id",
    "instance",
    "instance_id",
    "point_in_time_utc",
    "lsn",
    "base_backup_id",
    "backup_kind",
    "address",
    "address_verified",
    "idempotency_key",
    "outcome",
    "outcome_final",
    "outcome_utc",
    "result_id",
    "message",
  ];
  const lines = records.map((r) =>
    [
      r.at,
      r.action,
      r.user.name,
      r.user.id,
      r.project.name,
      r.project.id,
      r.instanceName,
      r.instanceId,
      r.pointInTime,
      r.lsn,
      r.baseBackupId,
      r.backupKind,
      r.address,
      r.addressVerified ? "yes" : "no",
      r.idempotencyKey,
      r.outcome.status,
      r.outcome.final ? "yes" : "no",
      r.outcome.at,
      r.outcome.resultId,
      r.outcome.message,
    ]
      .map(cell)
      .join(","),
  );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
