/**
 * Trove v1.0 wire shapes (+ the PITR extension), kept apart from the app's own types
 * (reshape.ts converts). Unknown fields are tolerated (zod strips them); a wrong shape is an
 * UpstreamError "answered something unexpected" raised by http.ts.
 */
import { z } from "zod";
import { tryParseTroveTime } from "@/lib/recovery";

const nullableString = z.string().nullable().optional();
// Stock Trove writes flavor ids as numbers in /flavors and strings in instances.
const idLike = z.union([z.string(), z.number()]).transform(String);
const optionalIdLike = z.union([z.string(), z.number()]).transform(String).nullable().optional();

export const troveFaultSchema = z.object({ message: z.string(), created: nullableString, details: nullableString });

const troveTime = z.string().refine((v) => tryParseTroveTime(v) !== null, "not a time");

/**
 * The PITR extension's provenance of a restored or recovered instance (trove-api.md, "Provenance
 * of a restored or recovered instance"). Lenient where a field carries nothing to show; any field of
 * the wrong shape makes the whole object absent (troveInstanceSchema catches it), so an odd
 * provenance never costs the user the instance view.
 */
export const troveRestoredFromSchema = z.object({
  instance_id: nullableString,
  backup_id: nullableString,
  point_in_time: troveTime,
  timeline: z.number().int().nullable().optional(),
  /** Milliseconds allowed; null when the engine could not tell. */
  last_commit_time: troveTime.nullable().optional(),
  last_commit_lsn: optionalIdLike,
  recovered_at: troveTime.nullable().optional(),
  /** A restore to just before a logged destructive commit: that commit, left out. */
  excluded: z
    .object({
      kind: z.string(),
      xid: z.number().int().nullable().optional(),
      time: troveTime,
      lsn: optionalIdLike,
      relations: z.array(z.string()).max(1000),
    })
    .optional()
    .catch(undefined),
});
export type TroveRestoredFrom = z.infer<typeof troveRestoredFromSchema>;

export const troveInstanceSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  operating_status: nullableString,
  flavor: z.object({ id: idLike }).nullable().optional(),
  datastore: z.object({ type: z.string(), version: z.string() }),
  volume: z.object({ size: z.number().nullable().optional(), used: z.number().nullable().optional() }).nullable().optional(),
  created: z.string(),
  updated: z.string(),
  region: nullableString,
  fault: troveFaultSchema.nullable().optional(),
  /** mgmt/instances only. */
  tenant_id: nullableString,
  /** The addresses clients connect to (trove-api.md, "Reaching an instance's database"); absent while none is assigned. */
  ip: z.array(z.string()).optional().catch(undefined),
  restored_from: troveRestoredFromSchema.optional().catch(undefined),
});
export type TroveInstance = z.infer<typeof troveInstanceSchema>;

export const troveBackupSchema = z.object({
  id: z.string(),
  name: z
    .string()
    .nullable()
    .transform((v) => v ?? ""),
  description: nullableString,
  instance_id: nullableString,
  created: z.string(),
  updated: z.string(),
  size: z.number().nullable().optional(),
  status: z.string(),
  parent_id: nullableString,
  project_id: nullableString,
  datastore: z.object({ type: z.string(), version: z.string() }).nullable().optional(),
  consistent_lsn: z.union([z.string(), z.number()]).transform(String).nullable().optional(),
  consistent_time: nullableString,
  timeline: z.number().int().nullable().optional(),
});
export type TroveBackup = z.infer<typeof troveBackupSchema>;

export const troveLogSegmentSchema = z.object({
  id: z.string(),
  instance_id: nullableString,
  timeline: z.number().int(),
  status: z.string(),
  start: z.string(),
  end: z.string(),
  start_lsn: z.string(),
  end_lsn: z.string(),
});
export type TroveLogSegment = z.infer<typeof troveLogSegmentSchema>;

// Real Trove 18 lists custom flavors with "id": null and the id in str_id.
export const troveFlavorSchema = z.object({
  id: optionalIdLike,
  str_id: nullableString,
  name: z.string(),
  ram: z.number().nullable().optional(),
  vcpus: z.number().nullable().optional(),
});

export const troveRecoverySchema = z.object({
  id: z.string(),
  instance_id: z.string(),
  project_id: nullableString,
  user_id: nullableString,
  backup_id: nullableString,
  point_in_time: nullableString,
  status: z.string(),
  created: z.string(),
  updated: z.string(),
});
export type TroveRecovery = z.infer<typeof troveRecoverySchema>;

/** A commit that dropped or truncated tables (PITR-LOG-EVENTS extension). */
export const troveLogEventSchema = z.object({
  id: z.string(),
  kind: z.enum(["drop", "truncate"]),
  time: z.string(),
  lsn: z.union([z.string().regex(/^\d{1,20}$/), z.number().int().nonnegative()]).transform(String),
  xid: z.number().int().nullable().optional(),
  relations: z.array(z.string()).max(1000),
  timeline: z.number().int(),
});
export type TroveLogEvent = z.infer<typeof troveLogEventSchema>;

/** POST /instances/{id}/previews (the embedded backend's PostgreSQL engine). */
export const trovePreviewSchema = z.object({
  preview: z.object({
    columns: z.array(z.string()).max(1600),
    rows: z.array(z.array(z.string().nullable())).max(10_000),
    truncated: z.boolean(),
    row_limit: z.number().int(),
    reused: z.boolean().optional(),
    elapsed_ms: z.number().optional(),
    expires_at: z.string().optional(),
  }),
});

export const troveExtensionsSchema = z.object({ extensions: z.array(z.object({ alias: z.string() })) });

export const instanceEnvelope = z.object({ instance: troveInstanceSchema });
export const backupEnvelope = z.object({ backup: troveBackupSchema });
export const recoveryAnswerSchema = z.object({
  recovery: z.object({
    id: z.string(),
    name: z.string().optional(),
    status: z.string(),
    recovered_from_backup: nullableString,
    point_in_time: nullableString,
  }),
});
