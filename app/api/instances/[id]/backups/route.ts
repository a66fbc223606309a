// POST /api/instances/:id/backups — an on-demand full or incremental backup (member/admin) → 202.
import { createBackupRequestSchema } from "@/lib/api/schemas";
import { ForbiddenError } from "@/lib/domain/errors";
import { canWrite } from "@/lib/domain/roles";
import { clientAddressFor } from "@/lib/server/client-address";
import { json, sessionRoute } from "@/lib/server/handler";
import { auditedBackup } from "@/lib/server/services/audited-writes";
import { serverState } from "@/lib/server/state";

export const POST = sessionRoute<typeof createBackupRequestSchema, { id: string }>(
  { body: createBackupRequestSchema },
  async ({ req, env, session, trove, params, body, nowMs }) => {
    // Trove 18's default policy lets a reader back up: the dashboard is where readers are stopped.
    if (!canWrite(session.roles)) throw new ForbiddenError("Your role (reader) can look but not create backups.");
    const ctx = { session, trove, audit: serverState().audit, address: clientAddressFor(req.headers, env.TRUST_PROXY), nowMs };
    return json(await auditedBackup(ctx, params.id, body), 202);
  },
);
