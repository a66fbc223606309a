/**
 * Restores (issue 4): the server fetches the timeline afresh and validates the point itself, never
 * trusting the browser; a point outside every window is refused with 422 and nothing reaches
 * Trove. On stock Trove the point must be a backup's instant and no point_in_time is sent
 * (trove-api.md: stock Trove would silently restore the whole backup instead).
 */
import "server-only";
import type { RestoreRequest, RestoreResponse } from "@/lib/api/schemas";
import { ConflictError, PointRefusedError } from "@/lib/domain/errors";
import { explainPoint, formatUtc } from "@/lib/recovery";
import type { TroveClient } from "@/lib/trove/client";
import { analyzeInstance } from "./timeline";

function defaultName(sourceName: string, point: string): string {
  return `${sourceName}-at-${point.replace(/[-:]/g, "").replace("T", "-").replace("Z", "")}`.slice(0, 255);
}

export async function restore(trove: TroveClient, instanceId: string, request: RestoreRequest, nowMs: number): Promise<RestoreResponse> {
  const [capability, source] = await Promise.all([trove.capability(nowMs), trove.getInstance(instanceId)]);
  if (request.mode === "in-place" && capability !== "pitr") {
    throw new ConflictError(422, "in_place_unsupported", "This cloud's Trove has no PITR extension: recovering an instance in place is not possible. Restore into a new instance instead.");
  }
  const { input, analysis } = await analyzeInstance(trove, capability, instanceId);
  const verdict = explainPoint(analysis, request.point_in_time, input);
  if (!verdict.recoverable) {
    throw new PointRefusedError(verdict.reason, {
      reasonCode: verdict.code,
      point: verdict.point,
      nearestBefore: verdict.nearestBefore,
      nearestAfter: verdict.nearestAfter,
      gap: verdict.gap ?? null,
    });
  }
  const base = verdict.base;
  const requestedAt = formatUtc(nowMs);
  if (request.mode === "in-place") {
    const recovery = await trove.recoverInPlace({ instanceId, backupId: base.backupId, pointInTime: verdict.point });
    return {
      restore: { mode: "in-place", instanceId: recovery.id, instanceName: source.name, sourceInstanceId: instanceId, baseBackupId: base.backupId, pointInTime: verdict.point, status: recovery.status, requestedAt },
    };
  }
  const flavorRef = request.flavorRef ?? source.flavorId;
  if (!flavorRef) throw new ConflictError(422, "flavor_required", "The source instance has no flavor to copy: choose a flavor for the new instance.");
  const created = await trove.restoreNew({
    name: request.name ?? defaultName(source.name, verdict.point),
    flavorRef,
    volumeSize: request.volume?.size ?? source.volumeSize,
    // Real Trove refuses a restore without a datastore unless the cloud set a default.
    datastore: source.datastore,
    backupRef: base.backupId,
    pointInTime: capability === "pitr" ? verdict.point : null,
  });
  return {
    restore: { mode: "new", instanceId: created.id, instanceName: created.name, sourceInstanceId: instanceId, baseBackupId: base.backupId, pointInTime: verdict.point, status: created.status, requestedAt },
  };
}
