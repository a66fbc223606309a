/**
 * Server-Sent Events for status watching: `event: status` with an InstanceStatus, `event: end`
 * when the instance settles, `event: error` with the usual error body (e.g. unauthenticated) before
 * closing. A comment line every 15 s keeps proxies from timing the stream out.
 */
import "server-only";
import type { AppError } from "@/lib/domain/errors";
import type { TroveClient } from "@/lib/trove/client";
import { errorBody } from "./errors";
import type { StatusHub } from "./status-hub";

const HEARTBEAT_MS = 15_000;

export async function statusStream(hub: StatusHub, trove: TroveClient, instanceId: string, signal: AbortSignal): Promise<Response> {
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
  const close = () => {
    if (closed) return;
    closed = true;
    clearInterval(heartbeat);
    unsubscribe();
    try {
      controller.close();
    } catch {
      // Already closed by the client.
    }
  };
  const heartbeat = setInterval(() => write(": keep-alive\n\n"), HEARTBEAT_MS);
  heartbeat.unref?.();
  const stream = new ReadableStream<Uint8Array>({
    // Called synchronously by the constructor, so `controller` is set before anything is sent.
    start(c) {
      controller = c;
    },
    cancel() {
      close();
    },
  });

  try {
    // The first read authorises this watcher with its own token; its failure is a plain HTTP error.
    unsubscribe = await hub.watch(trove, instanceId, {
      status: (status) => write(`event: status\ndata: ${JSON.stringify(status)}\n\n`),
      end: (error?: AppError) => {
        write(error ? `event: error\ndata: ${JSON.stringify(errorBody(error).body)}\n\n` : "event: end\ndata: {}\n\n");
        queueMicrotask(close);
      },
    });
  } catch (error) {
    close();
    throw error;
  }
  if (closed) unsubscribe();
  signal.addEventListener("abort", close, { once: true });
  return new Response(stream, {
    headers: { "Content-Type": "text/event-stream; charset=utf-8", "Cache-Control": "no-store, no-transform", Connection: "keep-alive", "X-Accel-Buffering": "no" },
  });
}
