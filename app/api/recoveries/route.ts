// GET /api/recoveries — recent and in-flight in-place recoveries (?instance_id=, ?all_projects=true for admins).
import { ForbiddenError } from "@/lib/domain/errors";
import { isAdmin } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { nameReader, recoveriesWithNames } from "@/lib/server/services/names";
import { listRecoveries } from "@/lib/server/services/recoveries";

export const GET = sessionRoute({}, async ({ req, session, trove, env, nowMs }) => {
  const allProjects = req.nextUrl.searchParams.get("all_projects") === "true";
  if (allProjects && !isAdmin(session.roles)) throw new ForbiddenError("Listing every project's recoveries is for administrators.");
  const instanceId = req.nextUrl.searchParams.get("instance_id") ?? undefined;
  return json(await recoveriesWithNames(await listRecoveries(trove, { nowMs, allProjects, instanceId }), nameReader(session, env), nowMs));
});
