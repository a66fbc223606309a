/**
 * For the UI's server pages: the session, or a redirect to the login page that brings the user
 * back to where they were (trove-api.md: what they had chosen survives in the URL).
 */
import "server-only";
import { redirect } from "next/navigation";
import { safeNextPath } from "@/lib/ui/url";
import { getSession, type SessionData } from "./session";

export async function requireSession(nextPath: string): Promise<SessionData> {
  const session = await getSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(safeNextPath(nextPath))}`);
  return session;
}
