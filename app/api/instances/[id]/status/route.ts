// GET /api/instances/:id/status — the instance's status now (JSON), or ?stream=1 for Server-Sent Events until it settles.
import { z } from "zod";
import { json, sessionRoute } from "@/lib/server/handler";
import { readQuery } from "@/lib/server/request";
import { toStatus } from "@/lib/domain/status";
import { timeRestores } from "@/lib/server/services/restore-estimate";
import { statusStream } from "@/lib/server/sse";
import { sessionKey } from "@/lib/server/session-streams";
import { serverState } from "@/lib/server/state";

const querySchema = z.object({ stream: z.enum(["0", "1"]).default("0") });

export const GET = sessionRoute<undefined, { id: string }>({}, async ({ req, trove, session, params, nowMs }) => {
  if (readQuery(req, querySchema).stream === "1") {
    const { statusHub, sessionStreams } = serverState();
    return statusStream(statusHub, trove, params.id, req.signal, {
      streams: sessionStreams,
      key: sessionKey(session.token),
      msLeft: Date.parse(session.expiresAt) - nowMs,
      onStatus: timeRestores(trove),
    });
  }
  const status = toStatus(await trove.getInstance(params.id), nowMs);
  if (status.done)
    await serverState()
      .audit.settled(trove.http.endpoint, status.id, status.status, status.fault?.message ?? null)
      .catch(() => undefined);
  timeRestores(trove)(status);
  return json(status);
});
