/** Instance list (with per-instance coverage health), detail and flavors. */
import "server-only";
import type { CoverageHealth, InstanceCoverage, InstanceDetail, InstanceList, RestoredFrom } from "@/lib/api/schemas";
import { AuthError } from "@/lib/domain/errors";
import { assessCoverage } from "@/lib/domain/coverage";
import { formatUtc } from "@/lib/recovery";
import type { Instance } from "@/lib/api/schemas";
import type { Backup, TroveClient } from "@/lib/trove/client";
import { mapLimit, UPSTREAM_CONCURRENCY } from "../concurrency";
import { partFailure } from "../errors";
import { analyzeInstance, coverageOfListed } from "./timeline";

export { UPSTREAM_CONCURRENCY };

function unknownHealth(error: unknown): CoverageHealth {
  const reason = partFailure("instance coverage", error);
  return { latestRestorable: null, rpoSeconds: null, gapsLast24h: 0, level: "unknown", summary: `Coverage unknown: ${reason}` };
}

export async function listInstances(
  trove: TroveClient,
  options: { nowMs: number; rpoWarningSeconds: number; withHealth: boolean },
): Promise<InstanceList> {
  const [capability, instances] = await Promise.all([trove.capability(options.nowMs), trove.listInstances()]);
  if (!options.withHealth) return { capability, instances: instances.map((i) => ({ ...i, health: null })) };
  const rows = await mapLimit(instances, UPSTREAM_CONCURRENCY, async (instance) => {
    try {
      const { analysis } = await analyzeInstance(trove, capability, instance.id, { nowMs: options.nowMs });
      return { ...instance, health: assessCoverage(analysis, options.nowMs, options.rpoWarningSeconds) };
    } catch (error) {
      // One instance's trouble must not hide the others; an ended session ends the whole answer.
      if (error instanceof AuthError) throw error;
      return { ...instance, health: unknownHealth(error) };
    }
  });
  return { capability, instances: rows };
}

/**
 * A listed instance's coverage for a page streamed from the server: never fails, a row says its own
 * trouble (an ended session too: the browser's next read sends the user to sign in).
 */
export async function coverageForRow(
  trove: TroveClient,
  instanceId: string,
  nowMs: number,
  rpoWarningSeconds: number,
  newest?: Backup | null,
): Promise<InstanceCoverage> {
  try {
    return await coverageOfListed(trove, instanceId, nowMs, rpoWarningSeconds, newest);
  } catch (error) {
    return { instanceId, generatedAt: formatUtc(nowMs), health: unknownHealth(error) };
  }
}

/** A name worth showing, or null when the thing is gone, elsewhere or unreadable: the id stands in then. */
async function nameOrNull(read: () => Promise<{ name: string }>): Promise<string | null> {
  try {
    return (await read()).name || null;
  } catch (error) {
    if (error instanceof AuthError) throw error;
    return null;
  }
}

/** Names the source instance and base backup of a provenance, so the user reads names, not ids. */
async function nameProvenance(trove: TroveClient, instance: Instance, from: RestoredFrom): Promise<RestoredFrom> {
  const { sourceInstanceId: sourceId, backupId } = from;
  const [sourceInstanceName, backupName] = await Promise.all([
    sourceId === null ? null : sourceId === instance.id ? instance.name : nameOrNull(() => trove.getInstance(sourceId)),
    backupId === null ? null : nameOrNull(() => trove.getBackup(backupId)),
  ]);
  return { ...from, sourceInstanceName, backupName };
}

/** GET /api/instances/:id: the instance and the capability; a restored one's provenance carries names. */
export async function describeInstance(trove: TroveClient, instanceId: string, nowMs: number): Promise<InstanceDetail> {
  const [capability, instance] = await Promise.all([trove.capability(nowMs), trove.getInstance(instanceId)]);
  if (!instance.restoredFrom) return { capability, instance };
  return { capability, instance: { ...instance, restoredFrom: await nameProvenance(trove, instance, instance.restoredFrom) } };
}
