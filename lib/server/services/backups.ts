/** On-demand backups: full, or incremental on the latest backup (Trove picks the parent). */
import "server-only";
import type { CreateBackupResponse } from "@/lib/api/schemas";
import { backupTone } from "@/lib/domain/status";
import { backupName } from "@/lib/domain/names";
import type { TroveClient } from "@/lib/trove/client";

export async function createBackup(
  trove: TroveClient,
  instanceId: string,
  request: { kind: "full" | "incremental"; name?: string; description?: string },
  nowMs: number,
): Promise<CreateBackupResponse> {
  // Reading the instance first turns an unknown id into a 404 instead of Trove's 400 about the body.
  await trove.getInstance(instanceId);
  const backup = await trove.createBackup({
    name: request.name ?? backupName(request.kind, nowMs),
    instanceId,
    description: request.description,
    incremental: request.kind === "incremental",
  });
  return {
    backup: {
      id: backup.id,
      name: backup.name,
      kind: backup.parentId === null ? "full" : "incremental",
      status: backup.status,
      tone: backupTone(backup.status),
      parentId: backup.parentId,
      instanceId: backup.instanceId ?? instanceId,
      created: backup.created,
    },
  };
}
