/**
 * Server-Sent Events for status watching: `event: status` with an InstanceStatus, `event: end`
 * when the instance settles, `event: error` with the usual error body (e.g. unauthenticated) before
 * closing. A comment line every 15 s keeps proxies from timing the stream out. A stream lives no
 * longer than its session: sign-out or the session's expiry ends it with `unauthenticated`.
 */
import "server-only";
import type { InstanceStatus } from "@/lib/api/schemas";
import { AuthError, type AppError } from "@/lib/domain/errors";
import type { TroveClient } from "@/lib/trove/client";
import { errorBody } from "./errors";
import type { SessionStreams } from "./session-streams";
import type { StatusHub } from "./status-hub";

const HEARTBEAT_MS = 15_000;
// setTimeout's longest delay; a session lasting longer is re-checked then.
const MAX_TIMER_MS = 2 ** 31 - 1;

export interface StreamSession {
  streams: SessionStreams;
  /** sessionKey(token) */
  key: string;
  /** Until the session expires. */
  msLeft: number;
  /** Sees every status sent (the restore timer). */
  onStatus?: (status: InstanceStatus) => void;
}

export async function statusStream(
  hub: StatusHub,
  trove: TroveClient,
  instanceId: string,
  signal: AbortSignal,
  session: StreamSession,
): Promise<Response> {
  const encoder = new TextEncoder();
  let controller!: ReadableStreamDefaultController<Uint8Array>;
  let closed = false;
  let unsubscribe: () => void = () => {};

  const write = (chunk: string) => {
    if (closed) return;
    try {
      controller.enqueue(encoder.encode(chunk));
    } catch {
      close();
    }
  };
  const fail = (error: AppError) => write(`event: error\ndata: ${JSON.stringify(errorBody(error).body)}\n\n`);
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    clearTimeout(expiry);
    signal.removeEventListener("abort", close);
    unregister();
    unsubscribe();
    try {
      controller.close();
    } catch {
      // Already closed by the client.
    }
  };
  const sessionEnded = () => {
    fail(new AuthError());
    close();
  };
  const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
  heartbeat.unref?.();
  const expiry = setTimeout(sessionEnded, Math.max(0, Math.min(session.msLeft, MAX_TIMER_MS)));
  expiry.unref?.();
  const unregister = session.streams.add(session.key, sessionEnded);
  const stream = new ReadableStream<Uint8Array>({
    // Called synchronously by the constructor, so `controller` is set before anything is sent.
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });
  // Listened to before the first Trove read: a browser that leaves during that read must still
  // stop the watcher, or its heartbeat and the shared poll would live on.
  if (signal.aborted) close();
  else signal.addEventListener("abort", close, { once: true });

  try {
    // The first read authorises this watcher with its own token; its failure is a plain HTTP error.
    unsubscribe = await hub.watch(trove, instanceId, {
      status: (status) => {
        session.onStatus?.(status);
        write(`event: status\ndata: ${JSON.stringify(status)}\n\n`);
      },
      end: (error?: AppError) => {
        if (error) fail(error);
        else write("event: end\ndata: {}\n\n");
        queueMicrotask(close);
      },
    });
  } catch (error) {
    close();
    throw error;
  }
  // Closed while the first read was under way (browser gone, signed out): the watch just made ends too.
  if (closed) unsubscribe();
  return new Response(stream, {
    headers: {
      "Content-Type": "text/event-stream; charset=utf-8",
      "Cache-Control": "no-store, no-transform",
      Connection: "keep-alive",
      "X-Accel-Buffering": "no",
    },
  });
}
