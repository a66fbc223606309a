// GET /api/recoveries — recent and in-flight in-place recoveries (?instance_id=, ?all_projects=true for admins).
import { ForbiddenError } from "@/lib/domain/errors";
import { isAdmin } from "@/lib/domain/roles";
import { z } from "zod";
import { json, sessionRoute } from "@/lib/server/handler";
import { readQuery } from "@/lib/server/request";
import { nameReader, recoveriesWithNames } from "@/lib/server/services/names";
import { listRecoveries } from "@/lib/server/services/recoveries";

const querySchema = z.object({
  all_projects: z.enum(["true", "false"]).default("false"),
  instance_id: z
    .string()
    .regex(/^[A-Za-z0-9-]{1,64}$/, "an instance id")
    .optional(),
});

export const GET = sessionRoute({}, async ({ req, session, trove, env, nowMs }) => {
  const query = readQuery(req, querySchema);
  const allProjects = query.all_projects === "true";
  if (allProjects && !isAdmin(session.roles)) throw new ForbiddenError("Listing every project's recoveries is for administrators.");
  const instanceId = query.instance_id;
  return json(await recoveriesWithNames(await listRecoveries(trove, { nowMs, allProjects, instanceId }), nameReader(session, env), nowMs));
});
