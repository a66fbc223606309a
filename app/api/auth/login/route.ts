// POST /api/auth/login — Keystone password sign-in; sets the encrypted session cookie. 429 with Retry-After while throttled.
import { loginRequestSchema } from "@/lib/api/schemas";
import { json, publicRoute } from "@/lib/server/handler";
import { clientAddress } from "@/lib/server/login-throttle";
import { login } from "@/lib/server/services/auth";
import { serverState } from "@/lib/server/state";

export const POST = publicRoute({ body: loginRequestSchema }, async ({ req, env, body }) => {
  // The wall clock, not DASHBOARD_NOW: a frozen clock would make a lock last for ever.
  return json({
    session: await login(env, body, { throttle: serverState().logins, address: clientAddress(req.headers), nowMs: Date.now() }),
  });
});
