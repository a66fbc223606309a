/** Pure helpers of the admin overview: what "at risk" means, and the CSV an operator exports. */
import type { Overview } from "@/lib/api/schemas";

export type OverviewRow = Overview["rows"][number];

export function isAtRisk(row: OverviewRow, rpoThresholdSeconds: number): boolean {
  return (
    row.error !== null ||
    row.rpoSeconds === null ||
    row.rpoSeconds > rpoThresholdSeconds ||
    row.gapsLast24h > 0 ||
    row.lastFullBackup?.status === "FAILED"
  );
}

/**
 * Text a spreadsheet would read as a formula: OWASP's list (CSV Injection) of leading characters,
 * = + - @ and also tab and carriage return, which spreadsheets skip before looking for the =.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function cell(v: string | number | null | undefined): string {
  const s = v === null || v === undefined ? "" : String(v);
  // Only text is defused: a negative number is data, and numbers never come from a user.
  const safe = typeof v === "string" && FORMULA_START.test(s) ? `'${s}` : s;
  return /[",\n\r\t]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function overviewCsv(rows: readonly OverviewRow[], rpoThresholdSeconds: number): string {
  const head = [
    "project_id",
    "project",
    "instance_id",
    "instance",
    "datastore",
    "status",
    "latest_restorable_utc",
    "rpo_seconds",
    "gaps_24h",
    "gaps_7d",
    "last_full_backup_age_seconds",
    "last_full_backup_status",
    "recoveries_in_flight",
    "at_risk",
    "error",
  ];
  const lines = rows.map((r) =>
    [
      r.projectId,
      // Empty where Keystone gave no name: the id is in the column before.
      r.projectName ?? null,
      r.instanceId,
      r.instanceName,
      `${r.datastore.type} ${r.datastore.version}`,
      r.status,
      r.latestRestorable,
      r.rpoSeconds,
      r.gapsLast24h,
      r.gapsLast7d,
      r.lastFullBackup?.ageSeconds ?? null,
      r.lastFullBackup?.status ?? null,
      r.recoveriesInFlight,
      isAtRisk(r, rpoThresholdSeconds) ? "yes" : "no",
      r.error,
    ]
      .map(cell)
      .join(","),
  );
  return `${[head.join(","), ...lines].join("\r\n")}\r\n`;
}
