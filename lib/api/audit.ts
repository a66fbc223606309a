/**
 * GET /api/audit: the audit trail of writes asked through the dashboard (restores, in-place
 * recoveries, on-demand backups), newest first. Universal code, like schemas.ts.
 */
import { z } from "zod";
import { isoUtc } from "./schemas";

export const auditActionSchema = z.enum(["restore", "recovery", "backup"]);
export type AuditAction = z.infer<typeof auditActionSchema>;

export const auditRecordSchema = z.object({
  id: z.string(),
  /** When the dashboard was asked. */
  at: isoUtc,
  action: auditActionSchema,
  /** As the session knew them. */
  user: z.object({ id: z.string(), name: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  /** The instance acted on (the restore's source). */
  instanceId: z.string(),
  instanceName: z.string().nullable(),
  /** restore/recovery: the point asked for; the base backup and LSN once the dashboard chose them. */
  pointInTime: isoUtc.nullable(),
  lsn: z.string().nullable(),
  baseBackupId: z.string().nullable(),
  /** backup: full or incremental. */
  backupKind: z.enum(["full", "incremental"]).nullable(),
  /** The client's address; `addressVerified` false when no trusted proxy vouches for it (TRUST_PROXY). */
  address: z.string().nullable(),
  addressVerified: z.boolean(),
  idempotencyKey: z.string().nullable(),
  outcome: z.object({
    /** requested → Trove's status (BUILD, NEW…) → its final one (ACTIVE, ERROR), or refused / unknown. */
    status: z.string(),
    /** Whether this is the end: a final status, a refusal, or an unknown outcome. */
    final: z.boolean(),
    at: isoUtc,
    /** The new instance's or backup's id, once Trove gave one. */
    resultId: z.string().nullable(),
    /** Why it was refused or failed: the error code and message shown to the user. */
    message: z.string().nullable(),
  }),
});
export type AuditRecord = z.infer<typeof auditRecordSchema>;

export const auditListSchema = z.object({
  /** all: an admin's view of every project; project: the signed-in project's only. */
  scope: z.enum(["all", "project"]),
  records: z.array(auditRecordSchema),
  /** How many of the newest entries the store keeps (older ones are dropped). */
  retention: z.object({ maxEntries: z.number().int() }),
});
export type AuditList = z.infer<typeof auditListSchema>;
