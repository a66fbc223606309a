// GET /api/instances/:id/status — the instance's status now (JSON), or ?stream=1 for Server-Sent Events until it settles.
import { json, sessionRoute } from "@/lib/server/handler";
import { toStatus } from "@/lib/server/services/instances";
import { statusStream } from "@/lib/server/sse";
import { serverState } from "@/lib/server/state";

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ req, trove, params, nowMs }) => {
  if (req.nextUrl.searchParams.get("stream") === "1") return statusStream(serverState().statusHub, trove, params.id, req.signal);
  return json(toStatus(await trove.getInstance(params.id), nowMs));
});
