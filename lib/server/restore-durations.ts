/**
 * How long the restores this dashboard started took, for the next restore's estimate. A restore
 * is noted when the dashboard asks Trove for it, and its duration recorded when a status read
 * first sees it settle (ACTIVE or ERROR). Kept per Trove endpoint, which names the project: one
 * project's restores say nothing to another.
 *
 * `RestoreHistory` is the store (record/list), meant to be shared between dashboard processes;
 * the restores in flight are kept by the process that started them (a restore that another
 * process sees settle is not counted).
 */
import "server-only";
import type { InstanceStatus, SeenRestore } from "@/lib/api/schemas";

export interface RestoreHistory {
  /** Idempotent per (scope, instanceId, requestedAt): many watchers see one restore settle. */
  record(scope: string, restore: SeenRestore & { instanceId: string; requestedAt: string }): Promise<void>;
  /** Newest first, at most `limit`. */
  list(scope: string, limit: number): Promise<SeenRestore[]>;
}

/** Per scope, the newest kept: enough for any estimate, bounded however long the process runs. */
const KEPT_PER_SCOPE = 50;
const MAX_SCOPES = 1000;

export class MemoryRestoreHistory implements RestoreHistory {
  private readonly byScope = new Map<string, (SeenRestore & { key: string })[]>();

  record(scope: string, restore: SeenRestore & { instanceId: string; requestedAt: string }): Promise<void> {
    const key = `${restore.instanceId}|${restore.requestedAt}`;
    const list = this.byScope.get(scope) ?? [];
    if (!list.some((r) => r.key === key)) {
      const { seconds, outcome, chainSizeGb, incrementals, backupSeconds, finishedAt } = restore;
      list.unshift({ seconds, outcome, chainSizeGb, incrementals, backupSeconds, finishedAt, key });
      list.sort((a, b) => (a.finishedAt < b.finishedAt ? 1 : a.finishedAt > b.finishedAt ? -1 : 0));
      list.length = Math.min(list.length, KEPT_PER_SCOPE);
      this.byScope.delete(scope);
      this.byScope.set(scope, list);
      // The least recently written scope goes first.
      if (this.byScope.size > MAX_SCOPES) this.byScope.delete(this.byScope.keys().next().value!);
    }
    return Promise.resolve();
  }

  list(scope: string, limit: number): Promise<SeenRestore[]> {
    return Promise.resolve((this.byScope.get(scope) ?? []).slice(0, limit).map((r) => ({ seconds: r.seconds, outcome: r.outcome, chainSizeGb: r.chainSizeGb, incrementals: r.incrementals, backupSeconds: r.backupSeconds, finishedAt: r.finishedAt })));
  }
}

interface InFlight {
  requestedAt: string;
  chainSizeGb: number | null;
  incrementals: number;
  backupSeconds: number | null;
}

/** A restore nobody watched to the end for a day is forgotten: its duration would be a guess. */
const IN_FLIGHT_TTL_MS = 86_400_000;
const MAX_IN_FLIGHT = 10_000;

/** The restores this process started and has not yet seen settle. */
export class RestoresInFlight {
  private readonly pending = new Map<string, InFlight>();

  started(scope: string, instanceId: string, restore: InFlight): void {
    if (this.pending.size >= MAX_IN_FLIGHT) this.pending.delete(this.pending.keys().next().value!);
    this.pending.set(`${scope}|${instanceId}`, restore);
  }

  /**
   * Called with every status read: once the instance has settled, its duration (request to the
   * status's `updated`, Trove's time of the change) goes to `history`.
   */
  async observe(scope: string, status: InstanceStatus, history: RestoreHistory, nowMs: number): Promise<void> {
    const key = `${scope}|${status.id}`;
    const entry = this.pending.get(key);
    if (!entry) return;
    const requested = Date.parse(entry.requestedAt);
    if (nowMs - requested > IN_FLIGHT_TTL_MS) {
      this.pending.delete(key);
      return;
    }
    const finished = Date.parse(status.updated);
    // Settled before the request: the instance as it was before an in-place recovery began.
    if (!status.done || !(finished >= requested)) return;
    this.pending.delete(key);
    await history.record(scope, {
      instanceId: status.id,
      requestedAt: entry.requestedAt,
      seconds: Math.round((finished - requested) / 1000),
      outcome: status.tone === "error" ? "ERROR" : "ACTIVE",
      chainSizeGb: entry.chainSizeGb,
      incrementals: entry.incrementals,
      backupSeconds: entry.backupSeconds,
      finishedAt: status.updated,
    });
  }
}
