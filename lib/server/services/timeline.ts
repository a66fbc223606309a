/**
 * What an instance can be recovered to: its backups (all pages) and, on PITR, its log archive,
 * judged by the recovery core. Log segments are summarised per timeline, never dumped.
 */
import "server-only";
import type { TimelineResponse } from "@/lib/api/schemas";
import { analyzeRecoverability, formatUtc, type Capability, type Recoverability, type RecoveryInput } from "@/lib/recovery";
import type { TroveClient } from "@/lib/trove/client";

export async function loadRecoveryInput(trove: TroveClient, capability: Capability, instanceId: string): Promise<RecoveryInput> {
  const [backups, segments] = await Promise.all([
    trove.listInstanceBackups(instanceId),
    capability === "pitr" ? trove.listLogSegments(instanceId) : Promise.resolve([]),
  ]);
  return { capability, backups, segments };
}

export async function analyzeInstance(trove: TroveClient, capability: Capability, instanceId: string): Promise<{ input: RecoveryInput; analysis: Recoverability }> {
  const input = await loadRecoveryInput(trove, capability, instanceId);
  return { input, analysis: analyzeRecoverability(input) };
}

/** GET /api/instances/:id/timeline. The instance is read first so an unknown id is a clean 404. */
export async function getTimeline(trove: TroveClient, instanceId: string, nowMs: number): Promise<TimelineResponse> {
  const [capability] = await Promise.all([trove.capability(nowMs), trove.getInstance(instanceId)]);
  const { analysis } = await analyzeInstance(trove, capability, instanceId);
  return {
    instanceId,
    capability,
    generatedAt: formatUtc(nowMs),
    bases: analysis.bases,
    windows: analysis.windows,
    recoverable: analysis.recoverable,
    earliest: analysis.earliest,
    latest: analysis.latest,
    gaps: analysis.gaps,
    timelines: analysis.timelines,
  };
}
