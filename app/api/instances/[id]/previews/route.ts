// POST /api/instances/:id/previews — a read-only query against the data as it was at a point (members only).
import { previewRequestSchema } from "@/lib/api/schemas";
import { ForbiddenError } from "@/lib/domain/errors";
import { canWrite } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { preview } from "@/lib/server/services/previews";

export const POST = sessionRoute<typeof previewRequestSchema, { id: string }>(
  { body: previewRequestSchema },
  async ({ session, trove, params, body, nowMs }) => {
    if (!canWrite(session.roles)) throw new ForbiddenError("Your role (reader) can look but not preview: a preview restores data.");
    return json(await preview(trove, params.id, body, nowMs));
  },
);
