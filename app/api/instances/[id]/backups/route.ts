// POST /api/instances/:id/backups — an on-demand full or incremental backup (member/admin) → 202.
import { createBackupRequestSchema } from "@/lib/api/schemas";
import { ForbiddenError } from "@/lib/domain/errors";
import { canWrite } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { createBackup } from "@/lib/server/services/backups";

export const POST = sessionRoute<typeof createBackupRequestSchema, { id: string }>({ body: createBackupRequestSchema }, async ({ session, trove, params, body, nowMs }) => {
  // Trove 18's default policy lets a reader back up: the dashboard is where readers are stopped.
  if (!canWrite(session.roles)) throw new ForbiddenError("Your role (reader) can look but not create backups.");
  return json(await createBackup(trove, params.id, body, nowMs), 202);
});
