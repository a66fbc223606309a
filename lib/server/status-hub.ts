/**
 * Shared status pollers (issue 4): however many browsers watch one instance, the dashboard asks
 * Trove once per interval. Each watcher is first authorised with its own token (its first
 * snapshot comes from that read); the shared poll then uses the token of a watcher still present,
 * and a watcher whose token Trove refuses is dropped alone.
 */
import "server-only";
import type { InstanceStatus } from "@/lib/api/schemas";
import { AppError, AuthError, NotFoundError } from "@/lib/domain/errors";
import type { TroveClient } from "@/lib/trove/client";
import { toStatus } from "./services/instances";
import { nowMs } from "@/lib/clock";

export interface WatchEvents {
  status(status: InstanceStatus): void;
  /** The watch ended: settled status already sent (error undefined) or a failure. */
  end(error?: AppError): void;
}

interface Watcher {
  trove: TroveClient;
  events: WatchEvents;
}

interface Poller {
  watchers: Set<Watcher>;
  timer: NodeJS.Timeout | null;
  last: string | null;
}

function fingerprint(s: InstanceStatus): string {
  return JSON.stringify([s.status, s.updated, s.fault]);
}

export class StatusHub {
  /** Upstream reads made by the shared pollers (not the per-watcher authorisation reads). */
  polls = 0;
  private readonly pollers = new Map<string, Poller>();

  constructor(private readonly intervalMs: number) {}

  get watched(): number {
    return this.pollers.size;
  }

  /** Starts watching; resolves to an unsubscribe function once the watcher is authorised. */
  async watch(trove: TroveClient, instanceId: string, events: WatchEvents): Promise<() => void> {
    const first = toStatus(await trove.getInstance(instanceId), nowMs());
    events.status(first);
    if (first.done) {
      events.end();
      return () => {};
    }
    const key = `${trove.http.endpoint}|${instanceId}`;
    let poller = this.pollers.get(key);
    if (!poller) {
      poller = { watchers: new Set(), timer: null, last: fingerprint(first) };
      this.pollers.set(key, poller);
      this.schedule(key, poller, instanceId);
    }
    const watcher: Watcher = { trove, events };
    poller.watchers.add(watcher);
    const p = poller;
    return () => this.remove(key, p, watcher);
  }

  private remove(key: string, poller: Poller, watcher: Watcher): void {
    poller.watchers.delete(watcher);
    if (poller.watchers.size === 0) this.stop(key, poller);
  }

  private stop(key: string, poller: Poller): void {
    if (poller.timer) clearTimeout(poller.timer);
    poller.timer = null;
    if (this.pollers.get(key) === poller) this.pollers.delete(key);
  }

  private schedule(key: string, poller: Poller, instanceId: string): void {
    poller.timer = setTimeout(() => void this.tick(key, poller, instanceId), this.intervalMs);
    poller.timer.unref?.();
  }

  private async tick(key: string, poller: Poller, instanceId: string): Promise<void> {
    while (poller.watchers.size > 0) {
      // The newest watcher's token is the one least likely to have expired.
      const watcher = [...poller.watchers].at(-1) as Watcher;
      try {
        this.polls++;
        const status = toStatus(await watcher.trove.getInstance(instanceId), nowMs());
        const print = fingerprint(status);
        if (print !== poller.last || status.done) {
          poller.last = print;
          for (const w of poller.watchers) w.events.status(status);
        }
        if (status.done) {
          for (const w of poller.watchers) w.events.end();
          poller.watchers.clear();
        }
        break;
      } catch (error) {
        if (error instanceof AuthError) {
          poller.watchers.delete(watcher);
          watcher.events.end(error);
          continue;
        }
        if (error instanceof NotFoundError) {
          for (const w of poller.watchers) w.events.end(error);
          poller.watchers.clear();
        }
        // Anything else (Trove slow or down) is retried at the next interval.
        break;
      }
    }
    if (poller.watchers.size === 0) this.stop(key, poller);
    else this.schedule(key, poller, instanceId);
  }
}
