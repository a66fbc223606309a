/**
 * The dashboard's own HTTP API contract (app/api/**), shared by the route handlers that
 * answer and the browser hooks (lib/queries) that parse the answers. Universal code:
 * no server-only imports here. Times are ISO 8601 UTC strings ("…Z").
 */
import { z } from "zod";
import type { BaseVerdict, Gap, Interval, Recoverability, RecoveryWindow, TimelineSummary } from "@/lib/recovery/types";

export const isoUtc = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/, "an ISO 8601 UTC time like 2026-11-20T10:03:17Z");

/** One error body for every failure: no stack, no token, no upstream internals. */
export const apiErrorSchema = z.object({
  error: z.object({
    code: z.string(),
    message: z.string(),
    /** Field-level validation messages, keyed by dotted path. */
    fields: z.record(z.string(), z.string()).optional(),
    /** true when repeating the same read may succeed (upstream down, slow, 5xx). */
    retryable: z.boolean().optional(),
    details: z.unknown().optional(),
  }),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const loginRequestSchema = z.object({
  username: z.string().trim().min(1, "User name is required").max(255),
  password: z.string().min(1, "Password is required").max(4096),
  project: z.string().trim().min(1, "Project is required").max(255),
  domain: z.string().trim().min(1).max(255).default("Default"),
});
export type LoginRequest = z.input<typeof loginRequestSchema>;

export const sessionSchema = z.object({
  user: z.object({ id: z.string(), name: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  roles: z.array(z.string()),
  isAdmin: z.boolean(),
  canWrite: z.boolean(),
  expiresAt: isoUtc,
});
export type Session = z.infer<typeof sessionSchema>;

export const statusToneSchema = z.enum(["ok", "pending", "error", "neutral"]);
export type StatusTone = z.infer<typeof statusToneSchema>;

export const faultSchema = z.object({
  message: z.string(),
  created: z.string().nullable().optional(),
  details: z.string().nullable().optional(),
});

export const coverageHealthSchema = z.object({
  latestRestorable: isoUtc.nullable(),
  rpoSeconds: z.number().nullable(),
  gapsLast24h: z.number().int(),
  /** "ok" | "warning" (gap in last 24 h or RPO over threshold) | "critical" (nothing restorable) */
  level: z.enum(["ok", "warning", "critical", "unknown"]),
  summary: z.string(),
});
export type CoverageHealth = z.infer<typeof coverageHealthSchema>;

/**
 * Where a restored or recovered instance's data came from and where it really ends (the PITR
 * extension's restored_from, trove-api.md "Provenance of a restored or recovered instance").
 * Absent on stock Trove and on instances never restored.
 */
export const restoredFromSchema = z.object({
  sourceInstanceId: z.string().nullable(),
  /** Filled by GET /api/instances/:id when the source can still be read; null elsewhere. */
  sourceInstanceName: z.string().nullable(),
  backupId: z.string().nullable(),
  /** Filled by GET /api/instances/:id when the backup can still be read; null elsewhere. */
  backupName: z.string().nullable(),
  pointInTime: isoUtc,
  timeline: z.number().int().nullable(),
  /** Millisecond precision, at or before pointInTime; null when the engine could not tell. */
  lastCommitTime: isoUtc.nullable(),
  lastCommitLsn: z.string().nullable(),
  recoveredAt: isoUtc.nullable(),
  /** Restored to just before a logged destructive commit: the transaction left out. */
  excluded: z
    .object({ kind: z.string(), xid: z.number().int().nullable(), time: isoUtc, relations: z.array(z.string()) })
    .nullable()
    .default(null),
});
export type RestoredFrom = z.infer<typeof restoredFromSchema>;

export const instanceSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  tone: statusToneSchema,
  datastore: z.object({ type: z.string(), version: z.string() }),
  flavorId: z.string().nullable(),
  volumeSize: z.number().nullable(),
  region: z.string().nullable(),
  created: isoUtc,
  updated: isoUtc,
  fault: faultSchema.nullable(),
  projectId: z.string().nullable(),
  /** The addresses clients connect to (the datastore's standard port); absent when the cloud gives none. */
  addresses: z.array(z.string()).optional(),
  restoredFrom: restoredFromSchema.optional(),
});
export type Instance = z.infer<typeof instanceSchema>;

export const instanceListSchema = z.object({
  capability: z.enum(["pitr", "stock"]),
  instances: z.array(instanceSchema.extend({ health: coverageHealthSchema.nullable() })),
});
export type InstanceList = z.infer<typeof instanceListSchema>;

export const instanceDetailSchema = z.object({ capability: z.enum(["pitr", "stock"]), instance: instanceSchema });
export type InstanceDetail = z.infer<typeof instanceDetailSchema>;

// The recovery core's objects (lib/recovery/types.ts), as this contract sends them: the
// assertions below fail tsc when a field is added, dropped or retyped on one side only.
const intervalSchema = z.object({ start: isoUtc, end: isoUtc });
export const baseVerdictSchema = z.object({
  backupId: z.string(),
  name: z.string(),
  kind: z.enum(["full", "incremental"]),
  status: z.string(),
  restorable: z.boolean(),
  reasonCode: z.enum(["not-completed", "missing-ancestor", "unusable-ancestor", "chain-cycle", "no-consistent-point"]).optional(),
  reason: z.string().optional(),
  chain: z.array(z.string()),
  parentId: z.string().nullable(),
  consistentTime: isoUtc.nullable(),
  consistentLsn: z.string().nullable(),
  timeline: z.number().nullable(),
  created: isoUtc,
  updated: isoUtc,
});
export const recoveryWindowSchema = intervalSchema.extend({
  baseId: z.string(),
  timeline: z.number().nullable(),
  startLsn: z.string().nullable(),
  endLsn: z.string().nullable(),
});
export const gapSchema = intervalSchema.extend({
  timeline: z.number().nullable(),
  cause: z.enum(["missing-segment", "failed-segment", "lsn-discontinuity", "broken-chain"]),
  durationSeconds: z.number(),
  message: z.string(),
});
export const timelineSummarySchema = z.object({
  timeline: z.number(),
  coverage: z.array(intervalSchema),
  segmentCount: z.number().int(),
  firstLogTime: isoUtc.nullable(),
  lastLogTime: isoUtc.nullable(),
  windows: z.array(intervalSchema),
});
export const recoverabilitySchema = z.object({
  capability: z.enum(["pitr", "stock"]),
  bases: z.array(baseVerdictSchema),
  windows: z.array(recoveryWindowSchema),
  recoverable: z.array(intervalSchema),
  earliest: isoUtc.nullable(),
  latest: isoUtc.nullable(),
  gaps: z.array(gapSchema),
  timelines: z.array(timelineSummarySchema),
});

/** True when A and B are the same type: mutual assignability would miss an optional field. */
type Same<A, B> = (<T>() => T extends A ? 1 : 2) extends <T>() => T extends B ? 1 : 2 ? true : false;
type Holds<T extends true> = T;
export type RecoveryShapesAgree = [
  Holds<Same<z.infer<typeof intervalSchema>, Interval>>,
  Holds<Same<z.infer<typeof baseVerdictSchema>, BaseVerdict>>,
  Holds<Same<z.infer<typeof recoveryWindowSchema>, RecoveryWindow>>,
  Holds<Same<z.infer<typeof gapSchema>, Gap>>,
  Holds<Same<z.infer<typeof timelineSummarySchema>, TimelineSummary>>,
  Holds<Same<z.infer<typeof recoverabilitySchema>, Recoverability>>,
];

/**
 * GET /api/instances/:id/timeline: the analysis, each base with the tone of its backup status
 * (lib/domain/status.ts decides it, not the browser).
 */
export const timelineResponseSchema = recoverabilitySchema.extend({
  instanceId: z.string(),
  generatedAt: isoUtc,
  bases: z.array(baseVerdictSchema.extend({ tone: statusToneSchema })),
  /** The instance list's coverage column, from this same analysis (one analysis serves every page). */
  health: coverageHealthSchema.optional(),
});
export type TimelineResponse = z.infer<typeof timelineResponseSchema>;

/** GET /api/instances/:id/coverage: the instance list's coverage column alone, from the timeline's analysis. */
export const instanceCoverageSchema = z.object({ instanceId: z.string(), generatedAt: isoUtc, health: coverageHealthSchema });
export type InstanceCoverage = z.infer<typeof instanceCoverageSchema>;

/** POST /api/instances/:id/backups */
export const createBackupRequestSchema = z.object({
  kind: z.enum(["full", "incremental"]),
  name: z.string().trim().min(1).max(255).optional(),
  description: z.string().max(512).optional(),
});

/** POST /api/instances/:id/backups → 202 */
export const createBackupResponseSchema = z.object({
  backup: z.object({
    id: z.string(),
    name: z.string(),
    kind: z.enum(["full", "incremental"]),
    status: z.string(),
    tone: statusToneSchema,
    parentId: z.string().nullable(),
    instanceId: z.string(),
    created: isoUtc,
  }),
});
export type CreateBackupResponse = z.infer<typeof createBackupResponseSchema>;

/** POST /api/instances/:id/restores (header Idempotency-Key required) */
/** A log sequence number, in decimal as the PITR extension writes it (64 bits: never a JS number). */
export const lsnText = z.string().regex(/^\d{1,20}$/, "a decimal log sequence number");

/**
 * `lsn`: restore to just before that log record (a destructive commit found in the log) rather than
 * to the end of `point_in_time`'s second; the point is still the second that must be recoverable.
 */
export const restoreRequestSchema = z.discriminatedUnion("mode", [
  z.object({
    mode: z.literal("new"),
    point_in_time: isoUtc,
    lsn: lsnText.optional(),
    name: z.string().trim().min(1, "Name is required").max(255).optional(),
    flavorRef: z.string().min(1).optional(),
    volume: z.object({ size: z.number().int().min(1).max(10_000) }).optional(),
  }),
  z.object({ mode: z.literal("in-place"), point_in_time: isoUtc, lsn: lsnText.optional() }),
]);
export type RestoreRequest = z.infer<typeof restoreRequestSchema>;

export const restoreResponseSchema = z.object({
  restore: z.object({
    mode: z.enum(["new", "in-place"]),
    /** The instance to watch: the new one, or the source itself for in-place recovery. */
    instanceId: z.string(),
    instanceName: z.string(),
    sourceInstanceId: z.string(),
    baseBackupId: z.string(),
    pointInTime: isoUtc,
    /** Set when the restore stops just before this log record. */
    lsn: lsnText.nullable().optional(),
    status: z.string(),
    requestedAt: isoUtc,
  }),
});
export type RestoreResponse = z.infer<typeof restoreResponseSchema>;

/** GET /api/instances/:id/status (JSON) or ?stream=1 (text/event-stream of the same objects). */
export const instanceStatusSchema = z.object({
  id: z.string(),
  name: z.string(),
  status: z.string(),
  tone: statusToneSchema,
  done: z.boolean(),
  fault: faultSchema.nullable(),
  updated: isoUtc,
  observedAt: isoUtc,
});
export type InstanceStatus = z.infer<typeof instanceStatusSchema>;

export const flavorListSchema = z.object({
  flavors: z.array(z.object({ id: z.string(), name: z.string(), ram: z.number().nullable(), vcpus: z.number().nullable() })),
});

/** One in-place recovery as the PITR extension's GET /recovery lists it. */
export const recoverySchema = z.object({
  id: z.string(),
  instanceId: z.string(),
  projectId: z.string().nullable(),
  userId: z.string().nullable(),
  backupId: z.string().nullable(),
  pointInTime: isoUtc.nullable(),
  status: z.string(),
  tone: statusToneSchema,
  created: isoUtc,
  updated: isoUtc,
  /** From Keystone; null when it refused or did not answer (the id is shown), absent when not asked. */
  projectName: z.string().nullable().optional(),
  userName: z.string().nullable().optional(),
});
export type Recovery = z.infer<typeof recoverySchema>;

/** GET /api/recoveries (?all_projects=true for admins): newest first; empty on stock Trove. */
export const recoveryListSchema = z.object({ capability: z.enum(["pitr", "stock"]), recoveries: z.array(recoverySchema) });
export type RecoveryList = z.infer<typeof recoveryListSchema>;

/** GET /api/admin/recovery-overview */
export const overviewRowSchema = z.object({
  projectId: z.string(),
  /** From Keystone; null when it refused or did not answer (the id is shown), absent when not asked. */
  projectName: z.string().nullable().optional(),
  instanceId: z.string(),
  instanceName: z.string(),
  datastore: z.object({ type: z.string(), version: z.string() }),
  status: z.string(),
  tone: statusToneSchema,
  latestRestorable: isoUtc.nullable(),
  rpoSeconds: z.number().nullable(),
  gapsLast24h: z.number().int(),
  gapsLast7d: z.number().int(),
  lastFullBackup: z.object({ id: z.string(), ageSeconds: z.number(), status: z.string(), tone: statusToneSchema }).nullable(),
  recoveriesInFlight: z.number().int(),
  error: z.string().nullable(),
});
export const recoveryOverviewSchema = z.object({
  generatedAt: isoUtc,
  capability: z.enum(["pitr", "stock"]),
  rows: z.array(overviewRowSchema),
  recoveries: z.array(recoverySchema),
  upstreamCalls: z.number().int(),
});
export type Overview = z.infer<typeof recoveryOverviewSchema>;

/** GET /api/instances/:id/log-events: commits that dropped or truncated tables, oldest first. */
export const logEventSchema = z.object({
  id: z.string(),
  kind: z.enum(["drop", "truncate"]),
  time: isoUtc,
  lsn: lsnText,
  xid: z.number().int().nullable(),
  relations: z.array(z.string()),
  timeline: z.number().int(),
});
export type LogEvent = z.infer<typeof logEventSchema>;

export const logEventsResponseSchema = z.object({
  instanceId: z.string(),
  /** false: the backend does not look for destructive changes (stock Trove, or no extension). */
  supported: z.boolean(),
  events: z.array(logEventSchema),
});
export type LogEventsResponse = z.infer<typeof logEventsResponseSchema>;

/** POST /api/instances/:id/previews: a read-only query against the data as it was at a point. */
export const previewRequestSchema = z.object({
  point_in_time: isoUtc,
  lsn: lsnText.optional(),
  query: z.string().trim().min(1, "Write a query").max(10_000),
  database: z
    .string()
    .trim()
    .min(1)
    .max(63)
    .regex(/^[A-Za-z0-9_.-]+$/, "a database name")
    .default("postgres"),
});
export type PreviewRequest = z.input<typeof previewRequestSchema>;

export const previewResponseSchema = z.object({
  preview: z.object({
    pointInTime: isoUtc,
    lsn: lsnText.nullable(),
    baseBackupId: z.string(),
    database: z.string(),
    query: z.string(),
    columns: z.array(z.string()),
    rows: z.array(z.array(z.string().nullable())),
    truncated: z.boolean(),
    rowLimit: z.number().int(),
    elapsedMs: z.number().nullable(),
  }),
});
export type PreviewResponse = z.infer<typeof previewResponseSchema>;

/** One restore this dashboard saw finish, as the restore estimate uses it (durations only, no names). */
export const seenRestoreSchema = z.object({
  seconds: z.number().nonnegative(),
  outcome: z.enum(["ACTIVE", "ERROR"]),
  /** Total GB of the chain restored (full + incrementals), when Trove said. */
  chainSizeGb: z.number().nullable(),
  incrementals: z.number().int().nonnegative(),
  /** How long Trove took to write that chain's backups: the yardstick when sizes are unknown. */
  backupSeconds: z.number().nullable(),
  finishedAt: isoUtc,
});
export type SeenRestore = z.infer<typeof seenRestoreSchema>;

/** GET /api/instances/:id/restore-estimate?point_in_time=…: what a restore to that point would restore, and how long earlier ones took. */
export const restoreFactsSchema = z.object({
  pointInTime: isoUtc,
  chain: z.object({
    baseBackupId: z.string(),
    /** GB of the full backup the chain starts from. */
    baseSizeGb: z.number().nullable(),
    chainSizeGb: z.number().nullable(),
    incrementals: z.number().int().nonnegative(),
    /** How long Trove took to write the chain's backups (created → updated, summed). */
    backupSeconds: z.number().nullable(),
    /** Log to replay after the base, in seconds of history. */
    replaySeconds: z.number().nonnegative(),
  }),
  /** Newest first; restores of this project seen by this dashboard. */
  recentRestores: z.array(seenRestoreSchema),
});
export type RestoreFacts = z.infer<typeof restoreFactsSchema>;
