/** Recent and in-flight in-place recoveries (PITR extension); stock Trove has none to list. */
import "server-only";
import type { RecoveryList } from "@/lib/api/schemas";
import type { TroveClient } from "@/lib/trove/client";

export async function listRecoveries(
  trove: TroveClient,
  options: { nowMs: number; allProjects: boolean; instanceId?: string },
): Promise<RecoveryList> {
  const capability = await trove.capability(options.nowMs);
  if (capability !== "pitr") return { capability, recoveries: [] };
  const recoveries = await trove.listRecoveries({ allProjects: options.allProjects, instanceId: options.instanceId });
  recoveries.sort((a, b) => (a.created < b.created ? 1 : a.created > b.created ? -1 : 0));
  return { capability, recoveries };
}
