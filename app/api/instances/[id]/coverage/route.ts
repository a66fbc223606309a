// GET /api/instances/:id/coverage — the instance list's coverage column for one instance (the timeline's health alone).
import { json, sessionRoute } from "@/lib/server/handler";
import { getCoverage } from "@/lib/server/services/timeline";

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ trove, params, nowMs, env }) => {
  return json(await getCoverage(trove, params.id, nowMs, env.RPO_WARNING_SECONDS));
});
