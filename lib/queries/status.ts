"use client";
import { useEffect, useState } from "react";
import { instanceStatusSchema, type InstanceStatus } from "@/lib/api/schemas";
import { getJson, goToLogin } from "./api";

export interface WatchState {
  status: InstanceStatus | null;
  error: string | null;
  live: "stream" | "polling" | "done";
}

/**
 * Watches an instance until it is done: Server-Sent Events first (the server shares one upstream
 * poll among all watchers), plain polling if the stream breaks.
 */
export function useInstanceWatch(instanceId: string): WatchState {
  const [state, setState] = useState<WatchState>({ status: null, error: null, live: "stream" });
  useEffect(() => {
    let closed = false;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const url = `/api/instances/${encodeURIComponent(instanceId)}/status`;
    const accept = (data: string) => {
      const parsed = instanceStatusSchema.safeParse(JSON.parse(data));
      if (parsed.success) setState((s) => ({ ...s, status: parsed.data, error: null, live: parsed.data.done ? "done" : s.live }));
      return parsed.success && parsed.data.done;
    };
    const poll = async () => {
      if (closed) return;
      try {
        const status = await getJson(url, instanceStatusSchema);
        setState({ status, error: null, live: status.done ? "done" : "polling" });
        if (status.done) return;
      } catch (error) {
        setState((s) => ({ ...s, error: (error as Error).message, live: "polling" }));
      }
      timer = setTimeout(() => void poll(), 2000);
    };
    const source = new EventSource(`${url}?stream=1`);
    source.addEventListener("status", (e) => {
      if (accept((e as MessageEvent<string>).data)) source.close();
    });
    source.addEventListener("end", () => source.close());
    source.addEventListener("error", (e) => {
      const data = (e as MessageEvent<string>).data;
      source.close();
      if (data && /unauthenticated/.test(data)) {
        goToLogin();
        return;
      }
      setState((s) => (s.live === "done" ? s : { ...s, live: "polling" }));
      if (!closed) void poll();
    });
    return () => {
      closed = true;
      source.close();
      if (timer) clearTimeout(timer);
    };
  }, [instanceId]);
  return state;
}
