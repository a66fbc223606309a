// GET /api/instances/:id — one instance and the backend's capability (pitr | stock).
import { json, sessionRoute } from "@/lib/server/handler";

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ trove, params, nowMs }) => {
  const [capability, instance] = await Promise.all([trove.capability(nowMs), trove.getInstance(params.id)]);
  return json({ capability, instance });
});
