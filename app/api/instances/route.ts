// GET /api/instances — the project's instances with coverage health (?health=0 skips the health reads).
import { z } from "zod";
import { json, sessionRoute } from "@/lib/server/handler";
import { readQuery } from "@/lib/server/request";
import { listInstances } from "@/lib/server/services/instances";

const querySchema = z.object({ health: z.enum(["0", "1"]).default("1") });

export const GET = sessionRoute({}, async ({ req, trove, env, nowMs }) => {
  const withHealth = readQuery(req, querySchema).health === "1";
  return json(await listInstances(trove, { nowMs, rpoWarningSeconds: env.RPO_WARNING_SECONDS, withHealth }));
});
