// GET /api/instances/:id/restore-estimate?point_in_time= — the chain a restore there would lay down and how long
// earlier restores here took.
import { z } from "zod";
import { isoUtc } from "@/lib/api/schemas";
import { ValidationError } from "@/lib/domain/errors";
import { json, sessionRoute } from "@/lib/server/handler";
import { restoreFacts } from "@/lib/server/services/restore-estimate";

const query = z.object({ point_in_time: isoUtc });

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ req, trove, params, nowMs }) => {
  const parsed = query.safeParse({ point_in_time: req.nextUrl.searchParams.get("point_in_time") ?? undefined });
  if (!parsed.success)
    throw new ValidationError("Give point_in_time as ISO 8601 UTC, e.g. 2026-11-20T10:03:17Z.", {
      point_in_time: parsed.error.issues[0]?.message ?? "invalid",
    });
  return json(await restoreFacts(trove, params.id, parsed.data.point_in_time, nowMs));
});
