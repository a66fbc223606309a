// POST /api/instances/:id/restores — validated restore to a point (new instance or in place) → 202; Idempotency-Key required.
import { createHash } from "node:crypto";
import { restoreRequestSchema } from "@/lib/api/schemas";
import { ForbiddenError, ValidationError } from "@/lib/domain/errors";
import { canWrite } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { restore } from "@/lib/server/services/restores";
import { serverState } from "@/lib/server/state";

export const POST = sessionRoute<typeof restoreRequestSchema, { id: string }>({ body: restoreRequestSchema }, async ({ req, session, trove, params, body, nowMs }) => {
  if (!canWrite(session.roles)) throw new ForbiddenError("Your role (reader) can look but not restore.");
  const key = req.headers.get("idempotency-key")?.trim();
  if (!key || key.length > 255) throw new ValidationError("Send an Idempotency-Key header (1–255 characters) so a repeated click restores only once.", { "Idempotency-Key": "required, 1–255 characters" });
  const scope = { key, userId: session.user.id, projectId: session.project.id, instanceId: params.id };
  const fingerprint = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  return json(await serverState().restores.run(scope, fingerprint, nowMs, () => restore(trove, params.id, body, nowMs)), 202);
});
