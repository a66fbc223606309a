/**
 * Previews: the data as it was at a point, for "which second do I restore to?". The point is judged
 * by the recovery core exactly as a restore's is (never trusting the browser), and the base is the
 * one a restore there would use; the backend restores it into a scratch cluster and runs the query
 * read-only. Restoring data to look at it is a write: readers are refused by the route.
 */
import "server-only";
import type { PreviewRequest, PreviewResponse } from "@/lib/api/schemas";
import { ConflictError } from "@/lib/domain/errors";
import type { TroveClient } from "@/lib/trove/client";
import { judgePoint } from "./timeline";

export async function preview(
  trove: TroveClient,
  instanceId: string,
  request: Required<Pick<PreviewRequest, "database">> & Omit<PreviewRequest, "database">,
  nowMs: number,
): Promise<PreviewResponse> {
  const [capability, events] = await Promise.all([trove.capability(nowMs), trove.hasLogEvents(nowMs), trove.getInstance(instanceId)]);
  if (capability !== "pitr" || !events) {
    throw new ConflictError(
      422,
      "preview_unsupported",
      "This cloud's Trove cannot show the data at a point: it has no PITR extension with log events and previews.",
    );
  }
  // Like a restore, a preview restores data: judged against what Trove says now, not the cache.
  const verdict = await judgePoint(trove, capability, instanceId, request.point_in_time, { nowMs, fresh: true });
  const lsn = request.lsn ?? null;
  const answer = await trove.preview({
    instanceId,
    backupId: verdict.base.backupId,
    pointInTime: verdict.point,
    lsn,
    query: request.query,
    database: request.database,
  });
  return {
    preview: {
      pointInTime: verdict.point,
      lsn,
      baseBackupId: verdict.base.backupId,
      database: request.database,
      query: request.query,
      columns: answer.columns,
      rows: answer.rows,
      truncated: answer.truncated,
      rowLimit: answer.row_limit,
      elapsedMs: answer.elapsed_ms ?? null,
    },
  };
}
