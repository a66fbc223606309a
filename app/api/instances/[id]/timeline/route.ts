// GET /api/instances/:id/timeline — bases, windows, gaps, earliest/latest restorable, per-timeline summary, coverage health.
import { json, sessionRoute } from "@/lib/server/handler";
import { getTimeline } from "@/lib/server/services/timeline";

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ trove, params, nowMs, env }) => {
  return json(await getTimeline(trove, params.id, nowMs, env.RPO_WARNING_SECONDS));
});
