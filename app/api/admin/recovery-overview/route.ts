// GET /api/admin/recovery-overview — every project's coverage, RPO, gaps and recoveries in flight (admin only).
// The fleet view is the most expensive read there is (two fleet-wide lists plus one log read per
// instance): one computation per admin and endpoint serves every request for OVERVIEW_TTL_MS, and
// concurrent requests share the one in flight. `?refresh=1` asks for a fresh one (joining one
// already under way); it needs the CSRF header, so a cross-site page cannot run fleet scans.
import { ForbiddenError } from "@/lib/domain/errors";
import { isAdmin } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { z } from "zod";
import { checkCustomHeader, readQuery } from "@/lib/server/request";
import { nameReader, withNames } from "@/lib/server/services/names";
import { recoveryOverview } from "@/lib/server/services/recovery-overview";
import { serverState } from "@/lib/server/state";

const querySchema = z.object({ refresh: z.enum(["0", "1"]).default("0") });

export const GET = sessionRoute({}, async ({ req, session, trove, env, nowMs }) => {
  if (!isAdmin(session.roles)) throw new ForbiddenError("The fleet overview is for administrators.");
  const refresh = readQuery(req, querySchema).refresh === "1";
  if (refresh) checkCustomHeader(req);
  const key = `${session.troveEndpoint}|${session.user.id}`;
  // The wall clock, not DASHBOARD_NOW: the TTL measures how old a computation is, which a frozen clock never lets expire.
  const overview = await serverState().overviews.get(key, Date.now(), refresh, () =>
    recoveryOverview(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS }),
  );
  // Names are kept on their own terms (lib/server/names.ts), outside the 15 s computation.
  return json(await withNames(overview, nameReader(session, env), nowMs));
});
