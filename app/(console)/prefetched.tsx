/**
 * Server-side first view: the data a page's client components ask for first is read here, during
 * the HTML request, and handed to React Query, so the browser draws it without the
 * HTML → JS → data round trip. A read that fails is left to the browser, which asks again and
 * shows the error (or the sign-in page) in place. A `streamed` read is not waited for: the page is
 * sent without it and its answer follows in the same response when ready (React Query hands the
 * pending promise to the browser), so what is known first shows first.
 */
import "server-only";
import { defaultShouldDehydrateQuery, dehydrate, HydrationBoundary, QueryClient, type QueryKey } from "@tanstack/react-query";
import type { ReactNode } from "react";
import { nowMs } from "@/lib/clock";
import { loadEnv, type Env } from "@/lib/env";
import { troveFor } from "@/lib/server/handler";
import { getSession } from "@/lib/session/session";
import type { TroveClient } from "@/lib/trove/client";

export interface ServerRead {
  key: QueryKey;
  read: (ctx: { trove: TroveClient; env: Env; nowMs: number }) => Promise<unknown>;
  /** Sent after the page, in the same response; the read must never fail (a rejection would reach the browser redacted). */
  streamed?: boolean;
}

export async function Prefetched({
  reads,
  children,
}: {
  reads: (ctx: { trove: TroveClient; env: Env; nowMs: number }) => Promise<ServerRead[]> | ServerRead[];
  children: ReactNode;
}) {
  const session = await getSession();
  if (!session) return <>{children}</>;
  const env = loadEnv();
  const ctx = { trove: troveFor(session, env), env, nowMs: nowMs() };
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  try {
    const list = await reads(ctx);
    for (const { key, read, streamed } of list) if (streamed) void client.prefetchQuery({ queryKey: key, queryFn: () => read(ctx) });
    await Promise.all(
      list.map(async ({ key, read, streamed }) => {
        if (streamed) return;
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
  const state = dehydrate(client, {
    shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
  });
  return <HydrationBoundary state={state}>{children}</HydrationBoundary>;
}
