// POST /api/auth/logout — revokes the Keystone token (best effort), ends the session's status streams and clears the session cookie.
import { json, publicRoute } from "@/lib/server/handler";
import { logout } from "@/lib/server/services/auth";
import { sessionKey } from "@/lib/server/session-streams";
import { serverState } from "@/lib/server/state";
import { clearSession, getSession } from "@/lib/session/session";

export const POST = publicRoute({}, async ({ env, nowMs }) => {
  const session = await getSession(nowMs);
  await logout(env, session);
  if (session) serverState().sessionStreams.end(sessionKey(session.token));
  await clearSession();
  return json({ ok: true });
});
