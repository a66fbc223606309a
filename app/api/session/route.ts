// GET /api/session — who is signed in (user, project, roles, what they may do); 401 when nobody.
import { json, sessionRoute } from "@/lib/server/handler";
import { toPublicSession } from "@/lib/server/services/auth";

export const GET = sessionRoute({}, async ({ session }) => json({ session: toPublicSession(session) }));
