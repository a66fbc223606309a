// POST /api/instances/:id/restores — validated restore to a point (new instance or in place) → 202; Idempotency-Key required.
import { restoreRequestSchema } from "@/lib/api/schemas";
import { ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { canWrite } from "@/lib/domain/roles";
import { clientAddressFor } from "@/lib/server/client-address";
import { json, sessionRoute } from "@/lib/server/handler";
import { auditedRestore } from "@/lib/server/services/audited-writes";
import { serverState } from "@/lib/server/state";

export const POST = sessionRoute<typeof restoreRequestSchema, { id: string }>(
  { body: restoreRequestSchema },
  async ({ req, env, session, trove, params, body, nowMs }) => {
    if (!canWrite(session.roles)) throw new ForbiddenError("Your role (reader) can look but not restore.");
    const key = req.headers.get("idempotency-key")?.trim();
    if (!key || key.length > 255)
      throw new ValidationError("Send an Idempotency-Key header (1–255 characters) so a repeated click restores only once.", {
        "Idempotency-Key": "required, 1–255 characters",
      });
    const { restores, audit } = serverState();
    const ctx = { session, trove, audit, address: clientAddressFor(req.headers, env.TRUST_PROXY), nowMs };
    return json(await auditedRestore(ctx, restores, params.id, body, key), 202);
  },
);
