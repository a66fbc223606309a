// GET /api/instances/:id — one instance (with a restored one's provenance) and the backend's capability (pitr | stock).
import { json, sessionRoute } from "@/lib/server/handler";
import { describeInstance } from "@/lib/server/services/instances";

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ trove, params, nowMs }) =>
  json(await describeInstance(trove, params.id, nowMs)),
);
