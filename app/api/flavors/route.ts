// GET /api/flavors — the flavors a new (restored) instance can use.
import { json, sessionRoute } from "@/lib/server/handler";

export const GET = sessionRoute({}, async ({ trove }) => json({ flavors: await trove.listFlavors() }));
