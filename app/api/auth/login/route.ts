// POST /api/auth/login — Keystone password sign-in; sets the encrypted session cookie.
import { loginRequestSchema } from "@/lib/api/schemas";
import { json, publicRoute } from "@/lib/server/handler";
import { login } from "@/lib/server/services/auth";

export const POST = publicRoute({ body: loginRequestSchema }, async ({ env, body }) => {
  return json({ session: await login(env, body) });
});
