/**
 * Server-side first view: the data a page's client components ask for first is read here, during
 * the HTML request, and handed to React Query, so the browser draws it without the
 * HTML → JS → data round trip. A read that fails is left to the browser, which asks again and
 * shows the error (or the sign-in page) in place.
 */
import "server-only";
import { dehydrate, HydrationBoundary, QueryClient, type QueryKey } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { nowMs } from "@/lib/clock";
import { loadEnv, type Env } from "@/lib/env";
import { troveFor } from "@/lib/server/handler";
import { getSession } from "@/lib/session/session";
import type { TroveClient } from "@/lib/trove/client";

export interface ServerRead {
  key: QueryKey;
  read: (ctx: { trove: TroveClient; env: Env; nowMs: number }) => Promise<unknown>;
}

export async function Prefetched({ reads, children }: { reads: (ctx: { trove: TroveClient; env: Env; nowMs: number }) => Promise<ServerRead[]> | ServerRead[]; children: ReactNode }) {
  const session = await getSession();
  if (!session) return <>{children}</>;
  const env = loadEnv();
  const ctx = { trove: troveFor(session, env), env, nowMs: nowMs() };
  const client = new QueryClient();
  try {
    const list = await reads(ctx);
    await Promise.all(
      list.map(async ({ key, read }) => {
        try {
          client.setQueryData(key, await read(ctx));
        } catch {
          // Left to the browser's own request, which shows the failure where it belongs.
        }
      }),
    );
  } catch {
    // As above: the browser asks itself.
  }
  return <HydrationBoundary state={dehydrate(client)}>{children}</HydrationBoundary>;
}
