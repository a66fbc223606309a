// GET /api/admin/overview — every project's coverage, RPO, gaps and recoveries in flight (admin only).
import { ForbiddenError } from "@/lib/domain/errors";
import { isAdmin } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { adminOverview } from "@/lib/server/services/overview";

export const GET = sessionRoute({}, async ({ session, trove, env, nowMs }) => {
  if (!isAdmin(session.roles)) throw new ForbiddenError("The fleet overview is for administrators.");
  return json(await adminOverview(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS }));
});
