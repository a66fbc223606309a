/**
 * The audit trail as an append-only log: one `action` entry when the dashboard is asked to write,
 * then `outcome` entries as the write goes on (Trove's answer, its final status). Folding the log
 * gives one record per action with its latest outcome. Pure: the store and the clock are elsewhere.
 */
import { z } from "zod";
import { auditActionSchema, type AuditRecord } from "@/lib/api/audit";
import { formatUtc } from "@/lib/recovery";

export const auditActionEntrySchema = z.object({
  kind: z.literal("action"),
  id: z.string(),
  action: auditActionSchema,
  user: z.object({ id: z.string(), name: z.string() }),
  project: z.object({ id: z.string(), name: z.string() }),
  instanceId: z.string(),
  instanceName: z.string().nullable(),
  pointInTime: z.string().nullable(),
  lsn: z.string().nullable(),
  backupKind: z.enum(["full", "incremental"]).nullable(),
  address: z.string().nullable(),
  addressVerified: z.boolean(),
  idempotencyKey: z.string().nullable(),
});
export type AuditActionEntry = z.infer<typeof auditActionEntrySchema>;

export const auditOutcomeEntrySchema = z.object({
  kind: z.literal("outcome"),
  ref: z.string(),
  status: z.string(),
  final: z.boolean(),
  resultId: z.string().nullable(),
  baseBackupId: z.string().nullable(),
  instanceName: z.string().nullable(),
  message: z.string().nullable(),
});
export type AuditOutcomeEntry = z.infer<typeof auditOutcomeEntrySchema>;

const entrySchema = z.discriminatedUnion("kind", [auditActionEntrySchema, auditOutcomeEntrySchema]);

export interface RawAuditEntry {
  atMs: number;
  data: string;
}

/**
 * One record per action, newest first. `entries` newest first, as the store reads them; an
 * outcome whose action was already dropped from the log is ignored, and a malformed entry is
 * skipped (and counted) rather than hiding the rest of the trail.
 */
export function foldAuditLog(entries: readonly RawAuditEntry[]): { records: AuditRecord[]; malformed: number } {
  const outcomes = new Map<string, { entry: AuditOutcomeEntry; atMs: number }[]>();
  const actions: { entry: AuditActionEntry; atMs: number }[] = [];
  let malformed = 0;
  for (const raw of entries) {
    let parsed;
    try {
      parsed = entrySchema.safeParse(JSON.parse(raw.data));
    } catch {
      parsed = null;
    }
    if (!parsed?.success) {
      malformed++;
      continue;
    }
    const entry = parsed.data;
    if (entry.kind === "action") actions.push({ entry, atMs: raw.atMs });
    else {
      const list = outcomes.get(entry.ref) ?? [];
      list.push({ entry, atMs: raw.atMs });
      outcomes.set(entry.ref, list);
    }
  }
  const records = actions.map(({ entry, atMs }): AuditRecord => {
    // Newest first: the first final outcome wins over later non-final news, else the newest.
    const own = outcomes.get(entry.id) ?? [];
    const latest = own.find((o) => o.entry.final) ?? own[0];
    const known = (pick: (o: AuditOutcomeEntry) => string | null) => own.map((o) => pick(o.entry)).find((v) => v !== null) ?? null;
    return {
      id: entry.id,
      at: formatUtc(atMs),
      action: entry.action,
      user: entry.user,
      project: entry.project,
      instanceId: entry.instanceId,
      instanceName: entry.instanceName ?? known((o) => o.instanceName),
      pointInTime: entry.pointInTime,
      lsn: entry.lsn,
      baseBackupId: known((o) => o.baseBackupId),
      backupKind: entry.backupKind,
      address: entry.address,
      addressVerified: entry.addressVerified,
      idempotencyKey: entry.idempotencyKey,
      outcome: latest
        ? {
            status: latest.entry.status,
            final: latest.entry.final,
            at: formatUtc(latest.atMs),
            resultId: known((o) => o.resultId),
            message: latest.entry.message,
          }
        : { status: "requested", final: false, at: formatUtc(atMs), resultId: null, message: null },
    };
  });
  return { records, malformed };
}
