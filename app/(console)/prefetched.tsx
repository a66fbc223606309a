/**
 * Server-side first view: the data a page's client components ask for first is read here, during
 * the HTML request, and handed to React Query, so the browser draws it without the
 * HTML → JS → data round trip. A read that fails is left to the browser, which asks again and
 * shows the error (or the sign-in page) in place.
 *
 * The page starts its reads with `firstView` and waits for them a short while (FIRST_VIEW_WAIT_MS)
 * before anything is sent. Answered by then, the page goes out whole, in one piece. Else the page's
 * frame goes out with its loading state, and the rest follows in the same response. A `streamed`
 * read still unanswered then is not waited for at all: the page is sent without it, and its answer
 * follows when ready (React Query hands the pending promise to the browser).
 */
import "server-only";
import { defaultShouldDehydrateQuery, dehydrate, HydrationBoundary, QueryClient, type QueryKey } from "@tanstack/react-query";
import { Suspense, type ReactNode } from "react";
import { SentWholeProvider } from "@/components/ui/sent-whole";
import { nowMs } from "@/lib/clock";
import { loadEnv, type Env } from "@/lib/env";
import { troveFor } from "@/lib/server/handler";
import { getSession } from "@/lib/session/session";
import type { TroveClient } from "@/lib/trove/client";

type Context = { trove: TroveClient; env: Env; nowMs: number };

export interface ServerRead {
  key: QueryKey;
  read: (ctx: Context) => Promise<unknown>;
  /** Sent after the page, in the same response; the read must never fail (a rejection would reach the browser redacted). */
  streamed?: boolean;
}

/**
 * How long a page waits for its reads before sending its frame with a loading state. Trove 18
 * answers a page's reads in ~40–60 ms: sent whole, the page is drawn once, and complete. Sent as a
 * frame first, the browser hydrated the frame while the rows were still on their way and drew them
 * only after (instances page, measured: complete at ~520 ms instead of ~256 ms, network idle 232 →
 * 166 ms). On a slow cloud, the frame and its loading state still show after this long.
 */
export const FIRST_VIEW_WAIT_MS = 200;

type Outcome = { ok: true; value: unknown } | { ok: false };

interface Started {
  key: QueryKey;
  streamed: boolean;
  answer: Promise<unknown>;
  outcome: Promise<Outcome>;
  /** Set once the read has ended: what could go into the page itself. */
  settled?: Outcome;
}

export interface FirstView {
  reads: Promise<Started[] | null>;
  /** Every read the page waits for had ended in time: the page can go out whole. */
  ready: boolean;
}

/** Starts the page's reads, and waits until they are answered or `waitMs` has passed. Null without a session. */
export async function firstView(
  reads: (ctx: Context) => Promise<ServerRead[]> | ServerRead[],
  waitMs = FIRST_VIEW_WAIT_MS,
): Promise<FirstView | null> {
  const session = await getSession();
  if (!session) return null;
  const env = loadEnv();
  const ctx = { trove: troveFor(session, env), env, nowMs: nowMs() };
  const started = (async (): Promise<Started[] | null> => {
    try {
      return (await reads(ctx)).map(({ key, read, streamed }) => {
        const answer = read(ctx);
        const s: Started = {
          key,
          streamed: streamed === true,
          answer,
          outcome: answer.then(
            (value) => ({ ok: true, value }),
            () => ({ ok: false }),
          ),
        };
        // Registered before anyone waits on the outcome, so it is set by the time they wake.
        void s.outcome.then((o) => (s.settled = o));
        return s;
      });
    } catch {
      // The browser asks itself, and shows the failure where it belongs.
      return null;
    }
  })();
  let timer: ReturnType<typeof setTimeout> | undefined;
  const ready = await Promise.race([
    started.then((list) => Promise.all((list ?? []).map((s) => s.outcome))).then(() => true),
    new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), waitMs))),
  ]);
  clearTimeout(timer);
  return { reads: started, ready };
}

/**
 * The page's data part: inline when its reads are in (a Suspense boundary would still send the
 * loading state first and the content after it, to be swapped in by a script), else behind its
 * loading state, streamed when ready.
 */
export function FirstViewBoundary({ first, fallback, children }: { first: FirstView | null; fallback: ReactNode; children: ReactNode }) {
  const content = <Prefetched first={first}>{children}</Prefetched>;
  return first?.ready ? content : <Suspense fallback={fallback}>{content}</Suspense>;
}

async function Prefetched({ first, children }: { first: FirstView | null; children: ReactNode }) {
  if (!first) return <>{children}</>;
  const list = (await first.reads) ?? [];
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  for (const s of list) if (s.streamed && !s.settled) void client.prefetchQuery({ queryKey: s.key, queryFn: () => s.answer });
  await Promise.all(
    list.map(async (s) => {
      if (s.streamed && !s.settled) return;
      const outcome = await s.outcome;
      // A failed read is left to the browser's own request, which shows the failure where it belongs.
      if (outcome.ok) client.setQueryData(s.key, outcome.value);
    }),
  );
  const state = dehydrate(client, {
    shouldDehydrateQuery: (query) => defaultShouldDehydrateQuery(query) || query.state.status === "pending",
  });
  return (
    <HydrationBoundary state={state}>
      <SentWholeProvider whole={first.ready}>{children}</SentWholeProvider>
    </HydrationBoundary>
  );
}
