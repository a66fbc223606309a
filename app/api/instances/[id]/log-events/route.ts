// GET /api/instances/:id/log-events — commits that dropped or truncated tables (when the backend finds them).
import { json, sessionRoute } from "@/lib/server/handler";
import { getLogEvents } from "@/lib/server/services/log-events";

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ trove, params, nowMs }) => {
  return json(await getLogEvents(trove, params.id, nowMs));
});
