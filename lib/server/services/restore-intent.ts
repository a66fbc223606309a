/**
 * What a restore is about to send to Trove, kept in its idempotency record just before the write,
 * and how to find out afterwards whether Trove carried it out: when the replica that sent it died
 * before storing the answer, the next request with the same key asks Trove instead of sending it
 * again.
 */
import "server-only";
import { z } from "zod";
import type { RestoreResponse } from "@/lib/api/schemas";
import { formatUtc } from "@/lib/recovery";
import type { TroveClient } from "@/lib/trove/client";

export const restoreIntentSchema = z.object({
  mode: z.enum(["new", "in-place"]),
  sourceInstanceId: z.string(),
  sourceInstanceName: z.string(),
  /** The new instance's name (mode new): how it is found again. */
  name: z.string().nullable(),
  baseBackupId: z.string(),
  pointInTime: z.string(),
  lsn: z.string().nullable(),
  sentAtMs: z.number(),
  /** The audit record of the attempt, so whoever resolves it can give it its outcome. */
  auditId: z.string().optional(),
});
export type RestoreIntent = z.infer<typeof restoreIntentSchema>;

/** Trove's clock and ours may differ by this much; a match must be created no earlier than this before sending. */
const CLOCK_SKEW_MS = 60_000;

/** The answer for `intent` if Trove shows it was carried out, else null. */
export async function findRestoreOutcome(trove: TroveClient, intent: RestoreIntent): Promise<RestoreResponse | null> {
  const since = intent.sentAtMs - CLOCK_SKEW_MS;
  const common = {
    sourceInstanceId: intent.sourceInstanceId,
    baseBackupId: intent.baseBackupId,
    pointInTime: intent.pointInTime,
    lsn: intent.lsn,
    requestedAt: formatUtc(intent.sentAtMs),
  };
  if (intent.mode === "new") {
    const created = (await trove.listInstances()).find((i) => i.name === intent.name && Date.parse(i.created) >= since);
    return created
      ? { restore: { mode: "new", instanceId: created.id, instanceName: created.name, status: created.status, ...common } }
      : null;
  }
  const recovery = (await trove.listRecoveries({ instanceId: intent.sourceInstanceId })).find(
    (r) => r.backupId === intent.baseBackupId && Date.parse(r.created) >= since,
  );
  return recovery
    ? {
        restore: {
          mode: "in-place",
          instanceId: recovery.instanceId,
          instanceName: intent.sourceInstanceName,
          status: recovery.status,
          ...common,
        },
      }
    : null;
}
