// POST /api/auth/logout — revokes the Keystone token (best effort) and clears the session cookie.
import { json, publicRoute } from "@/lib/server/handler";
import { logout } from "@/lib/server/services/auth";
import { clearSession, getSession } from "@/lib/session/session";

export const POST = publicRoute({}, async ({ env, nowMs }) => {
  await logout(env, await getSession(nowMs));
  await clearSession();
  return json({ ok: true });
});
