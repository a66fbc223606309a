/**
 * For the UI's server pages: the session, or a redirect to the login page that brings the user
 * back to where they were (trove-api.md: what they had chosen survives in the URL).
 */
import "server-only";
import { redirect } from "next/navigation";
import { getSession, type SessionData } from "./session";

/** Only same-site paths survive as `next`, so the login page cannot be made an open redirect. */
export function safeNextPath(nextPath: string | null | undefined): string {
  if (!nextPath || !nextPath.startsWith("/") || nextPath.startsWith("//") || nextPath.startsWith("/\\")) return "/";
  return nextPath;
}

export async function requireSession(nextPath: string): Promise<SessionData> {
  const session = await getSession();
  if (!session) redirect(`/login?next=${encodeURIComponent(safeNextPath(nextPath))}`);
  return session;
}
