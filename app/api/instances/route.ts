// GET /api/instances — the project's instances with coverage health (?health=0 skips the health reads).
import { json, sessionRoute } from "@/lib/server/handler";
import { listInstances } from "@/lib/server/services/instances";

export const GET = sessionRoute({}, async ({ req, trove, env, nowMs }) => {
  const withHealth = req.nextUrl.searchParams.get("health") !== "0";
  return json(await listInstances(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS, withHealth }));
});
