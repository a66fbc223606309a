// GET /api/admin/overview — every project's coverage, RPO, gaps and recoveries in flight (admin only).
// The fleet view is the most expensive read there is (two fleet-wide lists plus one log read per
// instance): one computation per admin and endpoint serves every request for OVERVIEW_TTL_MS, and
// concurrent requests share the one in flight. `?refresh=1` asks for a fresh one.
import { ForbiddenError } from "@/lib/domain/errors";
import { isAdmin } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { adminOverview } from "@/lib/server/services/overview";
import type { Overview } from "@/lib/api/schemas";

const OVERVIEW_TTL_MS = 15_000;
const cache = new Map<string, { at: number; answer: Promise<Overview> }>();

export const GET = sessionRoute({}, async ({ req, session, trove, env, nowMs }) => {
  if (!isAdmin(session.roles)) throw new ForbiddenError("The fleet overview is for administrators.");
  const key = `${session.troveEndpoint}|${session.user.id}`;
  const refresh = new URL(req.url).searchParams.get("refresh") === "1";
  const hit = cache.get(key);
  const fresh = Date.now();
  if (!refresh && hit && fresh - hit.at < OVERVIEW_TTL_MS) return json(await hit.answer);
  const answer = adminOverview(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS });
  cache.set(key, { at: fresh, answer });
  // A failed computation is not kept: the next request tries again.
  answer.catch(() => cache.delete(key));
  return json(await answer);
});
