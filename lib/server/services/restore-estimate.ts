/**
 * What the restore dialog's estimate rests on: the chain a restore to the point would lay down
 * (judged as a restore judges it, from the kept timeline: an estimate decides nothing) and the
 * durations of this project's restores the dashboard has seen finish.
 */
import "server-only";
import type { InstanceStatus, RestoreFacts } from "@/lib/api/schemas";
import { chainFacts } from "@/lib/domain/restore-chain";
import { nowMs as clockNow } from "@/lib/clock";
import type { TroveClient } from "@/lib/trove/client";
import { serverState } from "../state";
import { judgePoint } from "./timeline";

/** More than the estimate counts, so a list with a few failures still has enough. */
const HISTORY_READ = 20;

export async function restoreFacts(trove: TroveClient, instanceId: string, pointInTime: string, nowMs: number): Promise<RestoreFacts> {
  const capability = await trove.capability(nowMs);
  const verdict = await judgePoint(trove, capability, instanceId, pointInTime, { nowMs });
  const state = serverState();
  // Just read by analyzeInstance, so no second call to Trove.
  const backups = state.upstream.peekBackups(trove, instanceId) ?? [];
  const recentRestores = await state.restoreHistory.list(trove.http.endpoint, HISTORY_READ);
  return {
    pointInTime: verdict.point,
    chain: chainFacts(backups, verdict.base.chain, verdict.base.consistentTime, verdict.point),
    recentRestores,
  };
}

/** Noted when a restore is requested, so the status reads that see it settle can time it. */
export function noteRestoreStarted(trove: TroveClient, watchedId: string, requestedAt: string, facts: RestoreFacts["chain"]): void {
  // An estimate's basis, never a reason to fail the restore that was just accepted.
  serverState()
    .restoresInFlight.started(trove.http.endpoint, watchedId, {
      requestedAt,
      chainSizeGb: facts.chainSizeGb,
      incrementals: facts.incrementals,
      backupSeconds: facts.backupSeconds,
    })
    .catch(() => undefined);
}

/** For every status read: times the restores this dashboard started once they settle (never fails the read). */
export function timeRestores(trove: TroveClient): (status: InstanceStatus) => void {
  return (status) => {
    const { restoresInFlight, restoreHistory } = serverState();
    restoresInFlight.observe(trove.http.endpoint, status, restoreHistory, clockNow()).catch(() => undefined);
  };
}
