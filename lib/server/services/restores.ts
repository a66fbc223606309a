/**
 * Restores: the server fetches the timeline afresh and validates the point itself, never
 * trusting the browser; a point outside every window is refused with 422 and nothing reaches
 * Trove. On stock Trove the point must be a backup's instant and no point_in_time is sent
 * (trove-api.md: stock Trove would silently restore the whole backup instead).
 */
import "server-only";
import type { RestoreRequest, RestoreResponse } from "@/lib/api/schemas";
import { ConflictError } from "@/lib/domain/errors";
import { formatUtc } from "@/lib/recovery";
import { restoredInstanceName } from "@/lib/domain/names";
import type { TroveClient } from "@/lib/trove/client";
import type { RestoreIntent } from "./restore-intent";
import { chainFacts } from "@/lib/domain/restore-chain";
import { serverState } from "../state";
import { noteRestoreStarted } from "./restore-estimate";
import { judgePoint } from "./timeline";

/**
 * Trove 18 refuses (403 BackupTooLarge) a restore whose volume is smaller than the base backup, and a
 * source's volume is often smaller than its backups (seen on the real cloud: 3.41 GB onto 2 GB). Left
 * unset, the volume grows to fit; an explicit size too small is refused here with the size needed.
 */
async function restoreVolumeSize(
  trove: TroveClient,
  backupId: string,
  requested: number | null,
  sourceSize: number | null,
): Promise<number | null> {
  const { sizeGb } = await trove.getBackup(backupId);
  const needed = sizeGb === null ? null : Math.ceil(sizeGb);
  if (requested !== null) {
    if (needed !== null && requested < needed) {
      throw new ConflictError(
        422,
        "volume_too_small",
        `The base backup holds ${sizeGb} GB: the new instance needs a volume of at least ${needed} GB (asked for ${requested} GB).`,
      );
    }
    return requested;
  }
  if (needed === null) return sourceSize;
  return sourceSize === null ? needed : Math.max(sourceSize, needed);
}

/** `sending` is told what is about to be sent, just before it is (the idempotency record keeps it). */
export async function restore(
  trove: TroveClient,
  instanceId: string,
  request: RestoreRequest,
  nowMs: number,
  sending: (intent: RestoreIntent) => Promise<void> = async () => {},
): Promise<RestoreResponse> {
  const [capability, source] = await Promise.all([trove.capability(nowMs), trove.getInstance(instanceId)]);
  if (request.mode === "in-place" && capability !== "pitr") {
    throw new ConflictError(
      422,
      "in_place_unsupported",
      "This cloud's Trove has no PITR extension: recovering an instance in place is not possible. Restore into a new instance instead.",
    );
  }
  // What decides the action is Trove's answer now, never a kept copy.
  const verdict = await judgePoint(trove, capability, instanceId, request.point_in_time, { nowMs, fresh: true });
  const base = verdict.base;
  const requestedAt = formatUtc(nowMs);
  const lsn = request.lsn ?? null;
  if (lsn !== null && capability !== "pitr") {
    throw new ConflictError(422, "lsn_unsupported", "This cloud's Trove has no PITR extension: it cannot stop a restore at a log record.");
  }
  const intent = {
    mode: request.mode,
    sourceInstanceId: instanceId,
    sourceInstanceName: source.name,
    baseBackupId: base.backupId,
    pointInTime: verdict.point,
    lsn,
    sentAtMs: nowMs,
  };
  // Timed from here to when a status read sees it settle, for the next restore's estimate.
  const timed = (watchedId: string) =>
    noteRestoreStarted(
      trove,
      watchedId,
      requestedAt,
      chainFacts(serverState().upstream.peekBackups(trove, instanceId) ?? [], base.chain, base.consistentTime, verdict.point),
    );
  if (request.mode === "in-place") {
    await sending({ ...intent, name: null });
    const recovery = await trove.recoverInPlace({ instanceId, backupId: base.backupId, pointInTime: verdict.point, lsn });
    timed(recovery.id);
    return {
      restore: {
        mode: "in-place",
        instanceId: recovery.id,
        instanceName: source.name,
        sourceInstanceId: instanceId,
        baseBackupId: base.backupId,
        pointInTime: verdict.point,
        lsn,
        status: recovery.status,
        requestedAt,
      },
    };
  }
  const flavorRef = request.flavorRef ?? source.flavorId;
  if (!flavorRef)
    throw new ConflictError(422, "flavor_required", "The source instance has no flavor to copy: choose a flavor for the new instance.");
  const volumeSize = await restoreVolumeSize(trove, base.backupId, request.volume?.size ?? null, source.volumeSize);
  const name = request.name ?? restoredInstanceName(source.name, verdict.point);
  await sending({ ...intent, name });
  const created = await trove.restoreNew({
    name,
    flavorRef,
    volumeSize,
    // Real Trove refuses a restore without a datastore unless the cloud set a default.
    datastore: source.datastore,
    backupRef: base.backupId,
    pointInTime: capability === "pitr" ? verdict.point : null,
    lsn,
  });
  timed(created.id);
  return {
    restore: {
      mode: "new",
      instanceId: created.id,
      instanceName: created.name,
      sourceInstanceId: instanceId,
      baseBackupId: base.backupId,
      pointInTime: verdict.point,
      lsn,
      status: created.status,
      requestedAt,
    },
  };
}
