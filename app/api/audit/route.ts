// GET /api/audit — the audit trail of restores, recoveries and backups asked here (?limit=1–5000, default 200):
// admins see every project's, others their project's.
// Reading it also ends the viewer project's open records that nobody watched to the end, from Trove's answer.
import { z } from "zod";
import { isAdmin } from "@/lib/domain/roles";
import { json, sessionRoute } from "@/lib/server/handler";
import { readQuery } from "@/lib/server/request";
import { settleOpenRecords } from "@/lib/server/services/audited-writes";
import { serverState } from "@/lib/server/state";

const querySchema = z.object({ limit: z.coerce.number().int().min(1).max(5000).default(200) });

export const GET = sessionRoute({}, async ({ req, session, trove }) => {
  const { limit } = readQuery(req, querySchema);
  const all = isAdmin(session.roles);
  const { audit } = serverState();
  const read = () => audit.list({ limit, projectId: all ? undefined : session.project.id });
  let list = await read();
  if ((await settleOpenRecords(trove, audit, list.records, session.project.id)) > 0) list = await read();
  return json({ scope: all ? "all" : "project", ...list });
});
