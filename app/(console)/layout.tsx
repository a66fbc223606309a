import type { ReactNode } from "react";
import { AppShell } from "@/components/shell/app-shell";
import { getSession } from "@/lib/session/session";
import { toPublicSession } from "@/lib/server/services/auth";

// Pages redirect to the login page themselves (they know their own path and query for `next`).
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const session = await getSession();
  if (!session) return <>{children}</>;
  return <AppShell session={toPublicSession(session)}>{children}</AppShell>;
}
