/**
 * Shared status pollers: however many browsers watch one instance, on however many replicas, the
 * dashboard asks Trove once per interval. Each watcher is first authorised with its own token (its
 * first snapshot comes from that read). Then, per instance, one replica holds a lease in the shared
 * store and polls with the token of one of its own watchers; every status it reads is published to
 * every replica, which passes it to its watchers. A replica whose watchers all leave releases the
 * lease; one that dies stops renewing it, and another replica watching the instance takes it over
 * within a few intervals. A watcher whose token Trove refuses is dropped alone.
 *
 * Without a store (unit tests), or while it cannot be reached, each replica polls for its own
 * watchers: more calls to Trove, never a watcher left without news.
 */
import "server-only";
import { randomUUID } from "node:crypto";
import { z } from "zod";
import { instanceStatusSchema, type InstanceStatus } from "@/lib/api/schemas";
import { AppError, AuthError, NotFoundError } from "@/lib/domain/errors";
import type { TroveClient } from "@/lib/trove/client";
import { toStatus } from "@/lib/domain/status";
import { holdLease, releaseLease, type SharedStore } from "./store/store";
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
  unsubscribe: (() => void) | null;
  leader: boolean;
}

export interface StatusHubOptions {
  store?: SharedStore;
  /** Told once per replica that sees an instance settle (the audit trail's final status). */
  onSettled?: (endpoint: string, status: InstanceStatus) => Promise<void>;
}

const messageSchema = z.union([z.object({ status: instanceStatusSchema }), z.object({ gone: z.literal(true) })]);

/** Leases outlive their holder by this many intervals. */
const LEASE_INTERVALS = 3;

function fingerprint(s: InstanceStatus): string {
  return JSON.stringify([s.status, s.updated, s.fault]);
}

export class StatusHub {
  /** Upstream reads made by this replica's shared pollers (not the per-watcher authorisation reads). */
  polls = 0;
  private readonly pollers = new Map<string, Poller>();
  private readonly owner = randomUUID();

  constructor(
    private readonly intervalMs: number,
    private readonly options: StatusHubOptions = {},
  ) {}

  get watched(): number {
    return this.pollers.size;
  }

  /** Starts watching; resolves to an unsubscribe function once the watcher is authorised. */
  async watch(trove: TroveClient, instanceId: string, events: WatchEvents): Promise<() => void> {
    const first = toStatus(await trove.getInstance(instanceId), nowMs());
    // Settled before it is told: a watcher that sees the end then reads the audit trail finds it there.
    if (first.done) await this.settled(trove.http.endpoint, first);
    events.status(first);
    if (first.done) {
      events.end();
      return () => {};
    }
    const key = `${trove.http.endpoint}|${instanceId}`;
    let poller = this.pollers.get(key);
    if (!poller) {
      const created: Poller = { watchers: new Set(), timer: null, last: fingerprint(first), unsubscribe: null, leader: false };
      poller = created;
      this.pollers.set(key, created);
      if (this.options.store) {
        // A store out of reach leaves this replica polling alone (see tick).
        void this.options.store
          .subscribe(`status:${key}`, (message) => this.received(key, created, message))
          .then(
            (off) => (this.pollers.get(key) === created ? (created.unsubscribe = off) : off()),
            () => undefined,
          );
      }
      this.schedule(key, created, instanceId);
    }
    const watcher: Watcher = { trove, events };
    poller.watchers.add(watcher);
    const p = poller;
    return () => this.remove(key, p, watcher);
  }

  /** Never rejects: a record that cannot be written must not hold back the status. */
  private async settled(endpoint: string, status: InstanceStatus): Promise<void> {
    await this.options.onSettled?.(endpoint, status).catch(() => undefined);
  }

  private remove(key: string, poller: Poller, watcher: Watcher): void {
    poller.watchers.delete(watcher);
    if (poller.watchers.size === 0) this.stop(key, poller);
  }

  private stop(key: string, poller: Poller): void {
    if (poller.timer) clearTimeout(poller.timer);
    poller.timer = null;
    poller.unsubscribe?.();
    poller.unsubscribe = null;
    if (poller.leader && this.options.store) void releaseLease(this.options.store, `poll:${key}`, this.owner).catch(() => undefined);
    poller.leader = false;
    if (this.pollers.get(key) === poller) this.pollers.delete(key);
  }

  private schedule(key: string, poller: Poller, instanceId: string): void {
    poller.timer = setTimeout(() => void this.tick(key, poller, instanceId), this.intervalMs);
    poller.timer.unref?.();
  }

  /** A status another replica (or this one) read and published. */
  private received(key: string, poller: Poller, message: string): void {
    let parsed;
    try {
      parsed = messageSchema.safeParse(JSON.parse(message));
    } catch {
      return;
    }
    if (!parsed.success || this.pollers.get(key) !== poller) return;
    if ("gone" in parsed.data) this.gone(key, poller);
    else this.deliver(key, poller, parsed.data.status);
  }

  private deliver(key: string, poller: Poller, status: InstanceStatus): void {
    const print = fingerprint(status);
    if (print !== poller.last || status.done) {
      poller.last = print;
      for (const w of poller.watchers) w.events.status(status);
    }
    if (status.done) {
      for (const w of poller.watchers) w.events.end();
      poller.watchers.clear();
      this.stop(key, poller);
    }
  }

  private gone(key: string, poller: Poller): void {
    const error = new NotFoundError("The instance no longer exists.");
    for (const w of poller.watchers) w.events.end(error);
    poller.watchers.clear();
    this.stop(key, poller);
  }

  /** Whether this replica polls this interval: it holds the lease, or the store cannot say. */
  private async leads(key: string): Promise<boolean> {
    const store = this.options.store;
    if (!store) return true;
    try {
      return await holdLease(store, `poll:${key}`, this.owner, this.intervalMs * LEASE_INTERVALS);
    } catch {
      return true;
    }
  }

  private publish(key: string, message: z.infer<typeof messageSchema>): void {
    void this.options.store?.publish(`status:${key}`, JSON.stringify(message)).catch(() => undefined);
  }

  private async tick(key: string, poller: Poller, instanceId: string): Promise<void> {
    poller.leader = await this.leads(key);
    while (poller.leader && poller.watchers.size > 0) {
      // The newest watcher's token is the one least likely to have expired.
      const watcher = [...poller.watchers].at(-1) as Watcher;
      try {
        this.polls++;
        const status = toStatus(await watcher.trove.getInstance(instanceId), nowMs());
        if (status.done) await this.settled(watcher.trove.http.endpoint, status);
        this.publish(key, { status });
        this.deliver(key, poller, status);
        break;
      } catch (error) {
        if (error instanceof AuthError) {
          poller.watchers.delete(watcher);
          watcher.events.end(error);
          continue;
        }
        if (error instanceof NotFoundError) {
          this.publish(key, { gone: true });
          this.gone(key, poller);
        }
        // Anything else (Trove slow or down) is retried at the next interval.
        break;
      }
    }
    if (poller.watchers.size === 0) this.stop(key, poller);
    else if (this.pollers.get(key) === poller) this.schedule(key, poller, instanceId);
  }
}
